package io.custodia.ops.schedules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/schedules}: every Quartz trigger of the clustered job store — the cron expressions
 * of the routes — with its next and previous fire time, misfire instruction and state, and the route it
 * fires. Fire times are the cluster's (the job store is shared), whichever node fired.
 */
@RestController
@RequestMapping("/api/v1/schedules")
@PreAuthorize("hasAnyRole('OPERATOR', 'COMPLIANCE_ADMIN')")
class SchedulesController {

    private final Scheduler scheduler;
    private final CamelContext camel;

    SchedulesController(Scheduler scheduler, CamelContext camel) {
        this.scheduler = scheduler;
        this.camel = camel;
    }

    @GetMapping
    List<Map<String, Object>> schedules() throws SchedulerException {
        Map<TriggerKey, Route> routes = new HashMap<>();
        for (Route r : camel.getRoutes()) {
            if (r.getEndpoint() instanceof QuartzEndpoint q && q.getTriggerKey() != null) {
                routes.put(q.getTriggerKey(), r);
            }
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (String group : scheduler.getTriggerGroupNames()) {
            for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(group))) {
                Trigger t = scheduler.getTrigger(key);
                if (t == null) {
                    continue; // removed meanwhile
                }
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("trigger", key.getGroup() + "." + key.getName());
                Route route = routes.get(key);
                v.put("route", route == null ? null : route.getRouteId());
                v.put("description", route == null ? null : route.getDescription());
                if (t instanceof CronTrigger cron) {
                    v.put("cron", cron.getCronExpression());
                    v.put("timeZone", cron.getTimeZone().getID());
                } else if (t instanceof SimpleTrigger simple) {
                    v.put("repeatIntervalMillis", simple.getRepeatInterval());
                }
                v.put("nextFireTime", instant(t.getNextFireTime()));
                v.put("previousFireTime", instant(t.getPreviousFireTime()));
                v.put("misfireInstruction", t.getMisfireInstruction());
                v.put("misfirePolicy", misfirePolicy(t));
                v.put("state", scheduler.getTriggerState(key).name());
                list.add(v);
            }
        }
        list.sort(Comparator.comparing(m -> (String) m.get("trigger")));
        return list;
    }

    /** Quartz's name for a trigger's misfire instruction (the numbers mean different things per trigger type). */
    static String misfirePolicy(Trigger t) {
        int i = t.getMisfireInstruction();
        if (i == Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY) {
            return "IGNORE_MISFIRE_POLICY (fire every missed time at once)";
        }
        if (i == Trigger.MISFIRE_INSTRUCTION_SMART_POLICY) {
            return t instanceof CronTrigger ? "SMART_POLICY (= FIRE_ONCE_NOW)" : "SMART_POLICY";
        }
        if (t instanceof CronTrigger) {
            return switch (i) {
                case CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW -> "FIRE_ONCE_NOW";
                case CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING -> "DO_NOTHING";
                default -> String.valueOf(i);
            };
        }
        if (t instanceof SimpleTrigger) {
            return switch (i) {
                case SimpleTrigger.MISFIRE_INSTRUCTION_FIRE_NOW -> "FIRE_NOW";
                case SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT -> "RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT";
                case SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT -> "RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT";
                case SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT -> "RESCHEDULE_NEXT_WITH_REMAINING_COUNT";
                case SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_EXISTING_COUNT -> "RESCHEDULE_NEXT_WITH_EXISTING_COUNT";
                default -> String.valueOf(i);
            };
        }
        return String.valueOf(i);
    }

    private static java.time.Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
