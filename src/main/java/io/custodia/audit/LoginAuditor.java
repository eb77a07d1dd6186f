package io.custodia.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Records sign-ins to the hub (Spring Security's authentication events) in the audit log:
 * {@code UserLoggedIn} and {@code UserLoginFailed}, RecordType 15 as Purview's sign-in records. HTTP
 * Basic authenticates every request, so a success is recorded once per user and address per
 * {@code custodia.audit.login-record-interval}; every failure is recorded.
 */
@Component
class LoginAuditor {

    private static final Logger log = LoggerFactory.getLogger(LoginAuditor.class);
    /** Bounds the memory of recent sign-ins; beyond it the map is simply cleared. */
    private static final int MAX_REMEMBERED = 10_000;

    private final AuditLog auditLog;
    private final AuditRecords records;
    private final AuditProperties props;
    private final Map<String, Instant> lastRecorded = new ConcurrentHashMap<>();

    LoginAuditor(AuditLog auditLog, AuditRecords records, AuditProperties props) {
        this.auditLog = auditLog;
        this.records = records;
        this.props = props;
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        Authentication auth = event.getAuthentication();
        String ip = address(auth);
        String key = auth.getName() + "|" + ip;
        Instant now = Instant.now();
        Instant last = lastRecorded.get(key);
        if (last != null && last.plus(props.loginRecordInterval()).isAfter(now)) {
            return;
        }
        if (lastRecorded.size() > MAX_REMEMBERED) {
            lastRecorded.clear();
        }
        lastRecorded.put(key, now);
        record("UserLoggedIn", auth.getName(), "Succeeded", ip, auth, null);
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        Authentication auth = event.getAuthentication();
        record("UserLoginFailed", auth.getName(), "Failed", address(auth), auth, event.getException().getMessage());
    }

    private void record(String operation, String user, String result, String ip, Authentication auth, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", auth.getClass().getSimpleName());
        if (reason != null) {
            details.put("reason", reason);
        }
        try {
            auditLog.append(records.adminAction("login:" + java.util.UUID.randomUUID(), AuditRecords.STS_LOGON, operation,
                    user, AuditRecords.USER_TYPE_REGULAR, null, result, ip, details));
        } catch (RuntimeException e) {
            // a sign-in must not fail because the audit log is unavailable, but it must be visible
            log.error("Could not record {} of {} in the audit log: {}", operation, user, e.toString());
        }
    }

    private static String address(Authentication auth) {
        return auth.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
    }
}
