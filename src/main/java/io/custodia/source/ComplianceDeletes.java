package io.custodia.source;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecords;
import io.custodia.retention.SourceDeletion;
import io.custodia.retention.SourceDeletionRefused;

/**
 * The delete endpoints of the Compliance API (reference §3.1: {@code DELETE …/conversations/{id}},
 * {@code DELETE …/users/{user}/files/{file}}; the key needs the {@code delete} scope), as an explicit
 * capability: this bean exists only with {@code custodia.source.deletes.enabled=true} (off by default), and
 * every call is written to the audit log ({@code ComplianceApiDeleteConversation}, {@code ComplianceApiDeleteUserFile}) with
 * its outcome, whether it succeeded or not. Retention's deletion at the source uses it
 * ({@link SourceDeletion}) when the capability is on.
 *
 * <p>Outcomes: 200 deleted; 404 already gone (counts as deleted); 401/403 refused for good
 * ({@link SourceDeletionRefused}: the key lacks the scope); 429, 5xx and network errors fail so the caller
 * retries later.
 */
@Component
@ConditionalOnBooleanProperty("custodia.source.deletes.enabled")
public class ComplianceDeletes implements SourceDeletion {

    private static final Logger log = LoggerFactory.getLogger(ComplianceDeletes.class);
    static final String ACTOR = "custodia-source-deletes";

    private final Workspaces workspaces;
    private final SourceProperties props;
    private final AuditRecords auditRecords;
    private final AuditLog auditLog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public ComplianceDeletes(Workspaces workspaces, SourceProperties props, AuditRecords auditRecords, AuditLog auditLog) {
        this.workspaces = workspaces;
        this.props = props;
        this.auditRecords = auditRecords;
        this.auditLog = auditLog;
        log.info("Deletes at the source are enabled (custodia.source.deletes.enabled): every call is audited");
    }

    /** Deletes a conversation (title, messages, files, share links); one already gone counts as deleted. */
    @Override
    public void deleteConversation(String workspaceId, String conversationId) {
        delete(workspaceId, "/conversations/" + enc(conversationId), "ComplianceApiDeleteConversation", conversationId,
                Map.of("conversationId", conversationId));
    }

    /** Deletes an uploaded file of a user (text the model already copied into a conversation stays). */
    public void deleteUserFile(String workspaceId, String userId, String fileId) {
        delete(workspaceId, "/users/" + enc(userId) + "/files/" + enc(fileId), "ComplianceApiDeleteUserFile", fileId,
                Map.of("userId", userId, "fileId", fileId));
    }

    private void delete(String ws, String path, String operation, String objectId, Map<String, String> what) {
        SourceProperties.Workspace w = workspaces.get(ws);
        String url = workspaces.baseUrl(ws) + "/compliance/workspaces/" + ws + path;
        Map<String, Object> details = new LinkedHashMap<>(what);
        details.put("workspaceId", ws);
        int status = 0;
        String outcome;
        RuntimeException failure = null;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).DELETE()
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + w.apiKey())
                    .header("Accept", "application/json")
                    .header("User-Agent", props.source().userAgent()).build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            if (status >= 200 && status < 300) {
                outcome = "deleted";
            } else if (status == 404) {
                outcome = "already gone";
            } else if (status == 401 || status == 403) {
                outcome = "refused";
                failure = new SourceDeletionRefused("the Compliance API refused the delete (HTTP " + status
                        + "): the key of workspace " + ws + " needs the 'delete' scope");
            } else {
                outcome = "failed";
                failure = new ComplianceApiException(status, "delete answered HTTP " + status + ": " + abbreviate(response.body()));
            }
        } catch (IOException e) {
            outcome = "failed";
            failure = new ComplianceApiException("delete of " + objectId + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "failed";
            failure = new ComplianceApiException("delete of " + objectId + " interrupted", e);
        }
        details.put("httpStatus", status);
        details.put("outcome", outcome);
        auditLog.append(auditRecords.adminAction("source-delete:" + java.util.UUID.randomUUID(), AuditRecords.CUSTODIA_ADMIN,
                operation, ACTOR, AuditRecords.USER_TYPE_SYSTEM, objectId, failure == null ? "Succeeded" : "Failed", null, details));
        if (failure != null) {
            log.warn("{} of {} in workspace {}: {}", operation, objectId, ws, failure.getMessage());
            throw failure;
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
