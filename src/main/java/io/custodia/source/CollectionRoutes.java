package io.custodia.source;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
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
 * plain routes of the changed file but keeps its old templates and leaves routes made from a template as
 * they were built; so after every reload the file's templates are read again and the instances are made
 * again from them.
 */
@Component
class CollectionRoutes implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CollectionRoutes.class);

    private static final String LOGS_TEMPLATE = "compliance-logs";
    private static final String USERS_TEMPLATE = "compliance-users";

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
                    try {
                        java.util.Set<String> templates = reloadTemplates(context, reloaded.getRoute().getSourceResource());
                        if (!templates.isEmpty()) {
                            log.info("Templates {} reloaded: making their collection routes again", templates);
                            instantiate(context, templates);
                        }
                    } catch (Exception e) {
                        log.error("Collection routes could not be made again from the reloaded templates: {}", e.toString(), e);
                    }
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
            instantiate(context, java.util.Set.of(LOGS_TEMPLATE, USERS_TEMPLATE));
        } catch (Exception e) {
            throw new IllegalStateException("collection routes could not be instantiated: " + e.getMessage(), e);
        }
        for (SourceProperties.Workspace ws : workspaces.enabled()) {
            log.info("Collecting from workspace {} ({}): {} on '{}', users on '{}'", ws.name(), ws.id(),
                    ws.eventTypes(), ws.schedule(), ws.usersSchedule());
        }
    }

    /**
     * Camel's reload (without removing every route) replaces a file's routes but keeps the route templates
     * it already has: read the changed file's templates again and replace them.
     */
    static java.util.Set<String> reloadTemplates(CamelContext context, Resource resource) throws Exception {
        java.util.Set<String> reloaded = new java.util.TreeSet<>();
        if (resource == null) {
            return reloaded;
        }
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(List.of(resource))) {
            if (builder instanceof RouteBuilder routes) {
                routes.setCamelContext(context);
                routes.configure();
                for (RouteTemplateDefinition template : routes.getRouteTemplateCollection().getRouteTemplates()) {
                    model.removeRouteTemplateDefinitions(template.getId());
                    model.addRouteTemplateDefinition(template);
                    reloaded.add(template.getId());
                }
            }
        }
        return reloaded;
    }

    /** (Re)creates the collection routes of these templates; an existing instance is replaced. */
    synchronized void instantiate(CamelContext context, java.util.Set<String> templates) throws Exception {
        for (SourceProperties.Workspace ws : workspaces.enabled()) {
            for (String eventType : templates.contains(LOGS_TEMPLATE) ? ws.eventTypes() : List.<String>of()) {
                String id = "collect-logs-" + ws.id() + "-" + eventType;
                remove(context, id);
                TemplatedRouteBuilder.builder(context, LOGS_TEMPLATE)
                        .routeId(id)
                        .parameter("workspace", ws.id())
                        .parameter("eventType", eventType)
                        .parameter("schedule", ws.schedule())
                        .add();
            }
            if (!templates.contains(USERS_TEMPLATE)) {
                continue;
            }
            String id = "collect-users-" + ws.id();
            remove(context, id);
            TemplatedRouteBuilder.builder(context, USERS_TEMPLATE)
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
