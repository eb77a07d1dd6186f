package io.custodia.source;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Instantiates the collection route templates of {@code routes/} for every enabled workspace: one
 * Logs Platform route per event type and one users route. Adding a workspace is configuration.
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
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        for (SourceProperties.Workspace ws : workspaces.enabled()) {
            for (String eventType : ws.eventTypes()) {
                TemplatedRouteBuilder.builder(context, "compliance-logs")
                        .routeId("collect-logs-" + ws.id() + "-" + eventType)
                        .parameter("workspace", ws.id())
                        .parameter("eventType", eventType)
                        .parameter("schedule", ws.schedule())
                        .add();
            }
            TemplatedRouteBuilder.builder(context, "compliance-users")
                    .routeId("collect-users-" + ws.id())
                    .parameter("workspace", ws.id())
                    .parameter("schedule", ws.usersSchedule())
                    .add();
            log.info("Collecting from workspace {} ({}): {} on '{}', users on '{}'", ws.name(), ws.id(),
                    ws.eventTypes(), ws.schedule(), ws.usersSchedule());
        }
    }
}
