package io.custodia.ops.routes;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.api.management.mbean.RouteError;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.util.URISupport;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecords;
import io.custodia.ops.cluster.ClusterNodes;

/**
 * The Camel routes for integration teams: {@code GET /api/v1/routes} (status, uptime, exchanges, last
 * error, source file, schedule) and start/stop of a route, audited. Statistics come from Camel's
 * management ({@code camel-management}); they are this node's.
 * <p>
 * Stopping a scheduled route also pauses its Quartz trigger in the clustered job store, so it stops on
 * every node (and stays paused across restarts) until it is started again; other routes stop on the node
 * that serves the request only.
 */
@RestController
@RequestMapping("/api/v1/routes")
@PreAuthorize("hasAnyRole('OPERATOR', 'COMPLIANCE_ADMIN')")
class RoutesController {

    private static final Logger log = LoggerFactory.getLogger(RoutesController.class);

    private final CamelContext camel;
    private final RouteErrors errors;
    private final Scheduler scheduler;
    private final ClusterNodes nodes;
    private final AuditRecords auditRecords;
    private final AuditLog auditLog;

    RoutesController(CamelContext camel, RouteErrors errors, Scheduler scheduler, ClusterNodes nodes,
                     AuditRecords auditRecords, AuditLog auditLog) {
        this.camel = camel;
        this.errors = errors;
        this.scheduler = scheduler;
        this.nodes = nodes;
        this.auditRecords = auditRecords;
        this.auditLog = auditLog;
    }

    @GetMapping
    Map<String, Object> routes() {
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Route r : camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).toList()) {
            routes.add(view(r));
        }
        return Map.of("node", nodes.self(), "routes", routes);
    }

    @GetMapping("/{id}")
    Map<String, Object> route(@PathVariable String id) {
        return view(find(id));
    }

    @PostMapping("/{id}/stop")
    Map<String, Object> stop(@PathVariable String id, Principal user) throws Exception {
        Route route = find(id);
        camel.getRouteController().stopRoute(id);
        TriggerKey trigger = trigger(route);
        if (trigger != null) {
            scheduler.pauseTrigger(trigger);
        }
        audit("CamelRouteStopped", user.getName(), id, trigger);
        log.info("{} stopped route {}{}", user.getName(), id, trigger == null ? "" : " and paused trigger " + trigger);
        return view(find(id));
    }

    @PostMapping("/{id}/start")
    Map<String, Object> start(@PathVariable String id, Principal user) throws Exception {
        Route route = find(id);
        TriggerKey trigger = trigger(route);
        camel.getRouteController().startRoute(id);
        if (trigger != null) {
            scheduler.resumeTrigger(trigger);
        }
        audit("CamelRouteStarted", user.getName(), id, trigger);
        log.info("{} started route {}{}", user.getName(), id, trigger == null ? "" : " and resumed trigger " + trigger);
        return view(find(id));
    }

    private Map<String, Object> view(Route r) {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        ManagedRouteMBean m = managed == null ? null : managed.getManagedRoute(r.getRouteId());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.getRouteId());
        v.put("description", r.getDescription());
        v.put("group", r.getGroup());
        ServiceStatus status = camel.getRouteController().getRouteStatus(r.getRouteId());
        v.put("status", status == null ? null : status.name());
        v.put("from", URISupport.sanitizeUri(r.getEndpoint().getEndpointBaseUri()));
        v.put("fromTemplate", "true".equals(String.valueOf(r.getProperties().get(Route.TEMPLATE_PROPERTY))));
        v.put("source", r.getSourceLocationShort());
        TriggerKey trigger = trigger(r);
        if (trigger != null) {
            v.put("trigger", trigger.getGroup() + "." + trigger.getName());
            try {
                v.put("triggerState", scheduler.getTriggerState(trigger).name());
            } catch (SchedulerException e) {
                v.put("triggerState", "UNKNOWN");
            }
        }
        if (m != null) {
            v.put("uptimeMillis", m.getUptimeMillis());
            v.put("uptime", m.getUptime());
            v.put("exchangesTotal", m.getExchangesTotal());
            v.put("exchangesFailed", m.getExchangesFailed());
            v.put("failuresHandled", m.getFailuresHandled());
            v.put("exchangesInflight", m.getExchangesInflight());
            v.put("lastExchangeCompleted", m.getLastExchangeCompletedTimestamp());
            RouteError lifecycle = m.getLastError();
            if (lifecycle != null) {
                v.put("lifecycleError", Map.of("phase", String.valueOf(lifecycle.getPhase()),
                        "message", RouteErrors.describe(lifecycle.getException())));
            }
        }
        v.put("lastError", errors.last(r.getRouteId()).orElse(null));
        return v;
    }

    private Route find(String id) {
        Route route = camel.getRoute(id);
        if (route == null) {
            throw new UnknownRoute(id);
        }
        return route;
    }

    private static TriggerKey trigger(Route r) {
        return r.getEndpoint() instanceof QuartzEndpoint q ? q.getTriggerKey() : null;
    }

    private void audit(String operation, String user, String routeId, TriggerKey trigger) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("route", routeId);
        details.put("node", nodes.self());
        details.put("trigger", trigger == null ? null : trigger.toString());
        auditLog.append(auditRecords.adminAction(AuditRecords.CUSTODIA_ADMIN, operation, user, "camel-route:" + routeId, details));
    }

    static final class UnknownRoute extends RuntimeException {
        UnknownRoute(String id) {
            super("no route '" + id + "'");
        }
    }

    @ExceptionHandler(UnknownRoute.class)
    ResponseEntity<Map<String, String>> unknown(UnknownRoute e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "NOT_FOUND", "message", e.getMessage()));
    }
}
