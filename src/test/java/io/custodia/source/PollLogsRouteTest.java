package io.custodia.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The {@code poll-logs} route of {@code routes/collect-logs.yaml} in the running hub, with the landing
 * step observed through a mock endpoint: every listed file is fetched and landed once, the checkpoint
 * follows the last file, and a second poll re-lists the overlap but lands nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.workspaces[0].id=" + PollLogsRouteTest.WS,
        "custodia.workspaces[0].api-key=sim-demo-key",
        "custodia.workspaces[0].enabled=false",    // no schedule: the test drives the route
        "custodia.ingest.launch-on-startup=false",
        "custodia.source.page-size=25"})
@ActiveProfiles("test")
class PollLogsRouteTest {

    static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyListedFileIsLandedOnceAndTheCheckpointFollows() throws Exception {
        AdviceWith.adviceWith(camel, "poll-logs", a -> a.interceptSendToEndpoint("direct:fetch-log-file").to("mock:fetch"));
        AdviceWith.adviceWith(camel, "land-log-file", a -> a.weaveAddLast().to("mock:landed"));
        MockEndpoint fetch = camel.getEndpoint("mock:fetch", MockEndpoint.class);
        MockEndpoint landed = camel.getEndpoint("mock:landed", MockEndpoint.class);

        Exchange first = poll("AUTH_LOG");
        assertThat(first.getException()).isNull();
        long files = jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE event_type = 'AUTH_LOG'", Long.class);
        assertThat(files).isGreaterThan(25); // more than one page
        fetch.expectedMessageCount((int) files);
        landed.expectedMessageCount((int) files);
        MockEndpoint.assertIsSatisfied(camel);
        List<String> ids = fetch.getExchanges().stream().map(e -> e.getIn().getHeader(ComplianceApi.LOG_FILE, LogFileRef.class).id()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        String lastEnd = jdbc.queryForObject("SELECT MAX(end_time) FROM staged_log_file WHERE event_type = 'AUTH_LOG'", String.class);
        String checkpoint = jdbc.queryForObject(
                "SELECT cursor_value FROM source_checkpoint WHERE workspace_id = ? AND stream = 'AUTH_LOG'", String.class, WS);
        assertThat(Cursors.parse(checkpoint)).isEqualTo(java.time.LocalDateTime.parse(lastEnd.replace(' ', 'T'))
                .toInstant(java.time.ZoneOffset.UTC));

        // again: the overlap is listed, nothing is fetched or landed
        fetch.reset();
        landed.reset();
        fetch.expectedMessageCount(0);
        landed.expectedMessageCount(0);
        assertThat(poll("AUTH_LOG").getException()).isNull();
        MockEndpoint.assertIsSatisfied(camel);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE event_type = 'AUTH_LOG'", Long.class)).isEqualTo(files);
    }

    private Exchange poll(String stream) {
        return producer.send("direct:poll-logs", e -> {
            e.getIn().setHeader(ComplianceApi.WORKSPACE, WS);
            e.getIn().setHeader(ComplianceApi.STREAM, stream);
        });
    }
}
