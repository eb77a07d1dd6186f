package io.custodia.source;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Instantiates the collection route templates of {@code routes/} for every enabled workspace: one
 * Logs Platform route per event type and one users route. Adding a workspace is configuration.
 * <p>
 * When routes are reloaded from {@code routes/} ({@code custodia.routes.reload=true}), Camel replaces the
 * templates and the plain routes of the changed file but leaves routes made from a template as they were
 * built; so after every reload the instances are made again from the (possibly changed) templates.
 */
@Component
class CollectionRoutes implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CollectionRoutes.class);

    private final Workspaces workspaces;

    CollectionRoutes(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        // templates are loaded from routes/ when the context starts
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            {
                setIgnoreExchangeEvents(true);
                setIgnoreStepEvents(true);
                setIgnoreServiceEvents(true);
            }

            @Override
            public void notify(CamelEvent event) throws Exception {
                if (event instanceof CamelEvent.RouteReloadedEvent reloaded && reloaded.getIndex() == reloaded.getTotal()) {
                    log.info("Routes reloaded: instantiating the collection templates again");
                    instantiate(context);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.RouteReloadedEvent;
            }
        });
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        try {
            instantiate(context);
        } catch (Exception e) {
            throw new IllegalStateException("collection routes could not be instantiated: " + e.getMessage(), e);
        }
        for (SourceProperties.Workspace ws : workspaces.enabled()) {
            log.info("Collecting from workspace {} ({}): {} on '{}', users on '{}'", ws.name(), ws.id(),
                    ws.eventTypes(), ws.schedule(), ws.usersSchedule());
        }
    }

    /** (Re)creates every templated collection route; an existing instance is replaced. */
    synchronized void instantiate(CamelContext context) throws Exception {
        for (SourceProperties.Workspace ws : workspaces.enabled()) {
            for (String eventType : ws.eventTypes()) {
                String id = "collect-logs-" + ws.id() + "-" + eventType;
                remove(context, id);
                TemplatedRouteBuilder.builder(context, "compliance-logs")
                        .routeId(id)
                        .parameter("workspace", ws.id())
                        .parameter("eventType", eventType)
                        .parameter("schedule", ws.schedule())
                        .add();
            }
            String id = "collect-users-" + ws.id();
            remove(context, id);
            TemplatedRouteBuilder.builder(context, "compliance-users")
                    .routeId(id)
                    .parameter("workspace", ws.id())
                    .parameter("schedule", ws.usersSchedule())
                    .add();
        }
    }

    private static void remove(CamelContext context, String routeId) throws Exception {
        if (context.getRoute(routeId) != null) {
            context.getRouteController().stopRoute(routeId);
            context.removeRoute(routeId);
        }
    }
}
