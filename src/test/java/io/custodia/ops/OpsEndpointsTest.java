package io.custodia.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What integration teams and monitoring see: the schedules (Quartz triggers of the routes with cron,
 * fire times and misfire policy), the routes (status, exchanges, uptime, start/stop with the trigger
 * paused cluster-wide, audited), the health groups and the Prometheus metrics.
 */
@OpsHubTest
class OpsEndpointsTest {

    private static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api operator;

    @BeforeEach
    void setUp() {
        operator = Api.as(port, "operator", "operator-secret");
    }

    @Test
    void schedulesListEveryTriggerWithCronFireTimesAndMisfirePolicy() {
        assertThat(Api.as(port, "auditor", "auditor-secret").get("/api/v1/schedules").status()).isEqualTo(403);
        await().atMost(Duration.ofSeconds(60)).until(() -> operator.get("/api/v1/schedules").list().stream()
                .anyMatch(t -> t.get("previousFireTime") != null));
        List<Map<String, Object>> schedules = operator.get("/api/v1/schedules").list();
        Map<String, Object> logs = trigger(schedules, "collect-logs-" + WS + "-CONVERSATION_MESSAGE");
        assertThat(logs).containsEntry("cron", "0/5 * * * * ?").containsEntry("misfirePolicy", "FIRE_ONCE_NOW");
        assertThat(logs.get("state")).isIn("NORMAL", "BLOCKED"); // BLOCKED: its stateful job is running now
        assertThat(Instant.parse((String) logs.get("nextFireTime"))).isAfter(Instant.now().minusSeconds(10));
        Map<String, Object> nightly = trigger(schedules, "schedule-ingest-catch-up");
        assertThat(nightly).containsEntry("cron", "0 30 2 * * ?").containsEntry("misfirePolicy", "DO_NOTHING")
                .containsEntry("misfireInstruction", 2);
        assertThat(trigger(schedules, "collect-users-" + WS)).containsEntry("misfirePolicy", "FIRE_ONCE_NOW");
    }

    @Test
    void routesShowStatusAndCountsAndStopPausesTheTriggerForTheWholeCluster() {
        await().atMost(Duration.ofSeconds(60)).until(() -> num(route("poll-logs"), "exchangesTotal") > 0);
        Map<String, Object> poll = route("poll-logs");
        assertThat(poll).containsEntry("status", "Started").containsKey("uptimeMillis").containsKey("lastError")
                .containsEntry("exchangesFailed", 0);
        assertThat((String) poll.get("source")).contains("collect-logs.yaml");
        Map<String, Object> users = route("collect-users-" + WS);
        assertThat(users).containsEntry("fromTemplate", true).containsEntry("from", "quartz://collect/users-" + WS);
        assertThat(users.get("triggerState")).isIn("NORMAL", "BLOCKED"); // BLOCKED: a poll is running now

        String id = "collect-users-" + WS;
        Api.Response stopped = operator.post("/api/v1/routes/" + id + "/stop", null);
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.map()).containsEntry("status", "Stopped").containsEntry("triggerState", "PAUSED");
        assertThat(operator.get("/api/v1/schedules").body()).contains("PAUSED");
        Api.Response started = operator.post("/api/v1/routes/" + id + "/start", null);
        assertThat(started.map()).containsEntry("status", "Started");
        assertThat(started.map().get("triggerState")).isIn("NORMAL", "BLOCKED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE operation IN ('CamelRouteStopped', 'CamelRouteStarted')"
                + " AND object_id = ?", Long.class, "camel-route:" + id)).isEqualTo(2);

        assertThat(operator.post("/api/v1/routes/no-such-route/stop", null).status()).isEqualTo(404);
        assertThat(Api.as(port, "auditor", "auditor-secret").post("/api/v1/routes/" + id + "/stop", null).status()).isEqualTo(403);
    }

    @Test
    void healthGroupsReportDatabaseJobsAndEachWorkspace() {
        Api.Response overall = Api.anonymous(port).get("/actuator/health");
        assertThat(overall.status()).isEqualTo(200);
        assertThat(overall.map()).containsEntry("status", "UP");
        for (String group : List.of("database", "jobs", "sources", "readiness", "liveness")) {
            Api.Response g = Api.anonymous(port).get("/actuator/health/" + group);
            assertThat(g.status()).as(group + ": " + g.body()).isEqualTo(200);
            assertThat(g.map()).containsEntry("status", "UP");
        }
        await().atMost(Duration.ofSeconds(180)).until(() -> operator.get("/actuator/health/sources").body().contains("CONVERSATION_MESSAGE"));
        String sources = operator.get("/actuator/health/sources").body();
        assertThat(sources).contains(WS, "CONVERSATION_MESSAGE", "AUTH_LOG", "\"failing\":false");
        assertThat(operator.get("/actuator/health/jobs").body()).contains("\"stale\"", "\"running\"", "ingest");
        // no feed configured here: the feeds group exists and does not pull the hub down
        assertThat(Api.anonymous(port).get("/actuator/health/feeds").status()).isEqualTo(200);
    }

    @Test
    void prometheusExposesIngestSourceLagJobsAndQuarantine() {
        assertThat(Api.as(port, "auditor", "auditor-secret").get("/actuator/prometheus").status()).isEqualTo(403);
        await().atMost(Duration.ofSeconds(120)).until(() -> operator.get("/actuator/prometheus").body()
                .contains("spring_batch_job_seconds_count{"));
        String metrics = operator.get("/actuator/prometheus").body();
        assertThat(metrics).contains("custodia_staging_ready_files", "custodia_quarantine_records",
                "custodia_source_lag_seconds{", "workspace=\"" + WS + "\"", "stream=\"CONVERSATION_MESSAGE\"",
                "spring_batch_job_seconds_count{", "spring_batch_job_name=\"ingest\"",
                "spring_batch_item_read_seconds_count{");
        // lines are timed as they are read, not a second time as they are processed (IngestJobConfiguration)
        assertThat(metrics).doesNotContain("spring_batch_item_process_seconds");
    }

    private Map<String, Object> route(String id) {
        return operator.get("/api/v1/routes/" + id).map();
    }

    private static Map<String, Object> trigger(List<Map<String, Object>> schedules, String route) {
        return schedules.stream().filter(t -> route.equals(t.get("route"))).findFirst()
                .orElseThrow(() -> new AssertionError("no trigger of route " + route + " in " + schedules));
    }

    private static long num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }
}
