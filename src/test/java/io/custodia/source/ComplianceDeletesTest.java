package io.custodia.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import com.sun.net.httpserver.HttpServer;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecord;
import io.custodia.audit.AuditRecords;
import io.custodia.retention.SourceDeletion;
import io.custodia.retention.SourceDeletionRefused;
import tools.jackson.databind.json.JsonMapper;

/** Deletes at the source: a capability that is off by default, and every call audited with its outcome. */
class ComplianceDeletesTest {

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> request = new AtomicReference<>();
    private final List<AuditRecord> audited = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            request.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"deleted\":true}".getBytes();
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ApplicationContextRunner runner() {
        SourceProperties props = new SourceProperties(List.of(new SourceProperties.Workspace("ws-1", null,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "sk-test", null, null, null, null, null,
                null, null)), null);
        return new ApplicationContextRunner()
                .withBean(SourceProperties.class, () -> props)
                .withBean(Workspaces.class, () -> new Workspaces(props, new MockEnvironment()))
                .withBean(AuditRecords.class, () -> new AuditRecords(JsonMapper.builder().build()))
                .withBean(AuditLog.class, () -> new AuditLog(null) {
                    @Override
                    public void append(AuditRecord record) {
                        audited.add(record);
                    }
                })
                .withUserConfiguration(ComplianceDeletes.class);
    }

    @Test
    void offByDefault() {
        runner().run(ctx -> assertThat(ctx).doesNotHaveBean(SourceDeletion.class));
        runner().withPropertyValues("custodia.source.deletes.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(SourceDeletion.class));
    }

    @Test
    void everyCallIsAuditedWithItsOutcome() {
        runner().withPropertyValues("custodia.source.deletes.enabled=true").run(ctx -> {
            ComplianceDeletes deletes = (ComplianceDeletes) ctx.getBean(SourceDeletion.class);

            deletes.deleteConversation("ws-1", "conv-1");
            assertThat(request.get()).isEqualTo("DELETE /v1/compliance/workspaces/ws-1/conversations/conv-1 Bearer sk-test");
            status.set(404); // already gone: counts as deleted
            deletes.deleteUserFile("ws-1", "user-1", "file-1");
            assertThat(request.get()).startsWith("DELETE /v1/compliance/workspaces/ws-1/users/user-1/files/file-1 ");
            status.set(403); // the key lacks the delete scope: refused for good
            assertThatThrownBy(() -> deletes.deleteConversation("ws-1", "conv-2"))
                    .isInstanceOf(SourceDeletionRefused.class).hasMessageContaining("'delete' scope");
            status.set(503); // worth retrying later
            assertThatThrownBy(() -> deletes.deleteConversation("ws-1", "conv-3"))
                    .isInstanceOf(ComplianceApiException.class).isNotInstanceOf(SourceDeletionRefused.class);

            assertThat(audited).extracting(r -> r.operation() + " " + r.objectId() + " " + r.resultStatus()).containsExactly(
                    "ComplianceApiDeleteConversation conv-1 Succeeded", "ComplianceApiDeleteUserFile file-1 Succeeded",
                    "ComplianceApiDeleteConversation conv-2 Failed", "ComplianceApiDeleteConversation conv-3 Failed");
            assertThat(audited.get(1).auditData()).contains("\"outcome\":\"already gone\"", "\"httpStatus\":404");
            assertThat(audited.get(2).auditData()).contains("\"outcome\":\"refused\"");
            assertThat(audited).noneSatisfy(r -> assertThat(r.auditData()).contains("sk-test"));
        });
    }
}
