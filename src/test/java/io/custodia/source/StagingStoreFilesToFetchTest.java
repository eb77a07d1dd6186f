package io.custodia.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

import tools.jackson.databind.json.JsonMapper;

/** The uploads a downloaded log file references, found without parsing the lines that carry none. */
class StagingStoreFilesToFetchTest {

    private static final String WS = "ws-1";

    @Test
    void findsEveryReferencedUploadThatIsNotStoredYet() {
        NamedParameterJdbcTemplate jdbc = mock(NamedParameterJdbcTemplate.class);
        when(jdbc.queryForList(anyString(), any(SqlParameterSource.class), eq(String.class))).thenReturn(List.of("file-stored"));
        StagingStore store = new StagingStore(jdbc, JsonMapper.builder().build());
        String body = String.join("\n",
                line("u1", "no uploads, but the word \\\"files\\\" quoted in the text: ünïcödé", ""),
                line("u2", "two uploads", file("file-a", "a.pdf") + "," + file("file-stored", "b.docx")),
                // two records run together on one line, the second with an upload
                line("u3", "first", "") + line("u4", "second", file("file-c", "c.xlsx")),
                "{not json \"files\": [",
                // the last line has no line feed
                line("u5", "last – ✓", file("file-d", "d.txt")));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(ComplianceApi.WORKSPACE, WS);
        exchange.getIn().setBody(body.getBytes(StandardCharsets.UTF_8));

        List<FileRef> refs = store.filesToFetch(exchange);

        assertThat(refs).extracting(FileRef::fileId).containsExactly("file-a", "file-c", "file-d");
        assertThat(refs).extracting(FileRef::userId).containsExactly("u2", "u4", "u5");
        assertThat(refs.get(0).name()).isEqualTo("a.pdf");
    }

    @Test
    void aFileWithoutUploadsAsksTheDatabaseNothing() {
        NamedParameterJdbcTemplate jdbc = mock(NamedParameterJdbcTemplate.class);
        StagingStore store = new StagingStore(jdbc, JsonMapper.builder().build());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(ComplianceApi.WORKSPACE, WS);
        exchange.getIn().setBody((line("u1", "a", "") + "\n" + line("u2", "b", "")).getBytes(StandardCharsets.UTF_8));

        assertThat(store.filesToFetch(exchange)).isEmpty();
        org.mockito.Mockito.verifyNoInteractions(jdbc);
    }

    private static String line(String user, String text, String files) {
        return "{\"event_id\":\"e-" + user + "\",\"actor\":{\"user_id\":\"" + user + "\"},\"message\":{\"content\":\""
                + text + "\"" + (files.isEmpty() ? "" : ",\"files\":[" + files + "]") + "}}";
    }

    private static String file(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"mime_type\":\"application/octet-stream\"}";
    }
}
