package io.custodia.source;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

import io.custodia.ingest.QuarantineStore;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the Compliance API requests the collection routes send with camel-http and reads the answers.
 * Route state travels in {@code Custodia*} headers, which {@link ComplianceApiHeaders} keeps inside.
 */
@Component("complianceApi")
public class ComplianceApi {

    public static final String WORKSPACE = "CustodiaWorkspace";
    public static final String STREAM = "CustodiaStream";
    public static final String CURSOR = "CustodiaCursor";
    public static final String HAS_MORE = "CustodiaHasMore";
    public static final String LOG_FILE = "CustodiaLogFile";
    public static final String FILE = "CustodiaFile";
    public static final String PAGE_AFTER = "CustodiaPageAfter";

    private final Workspaces workspaces;
    private final SourceProperties props;
    private final JsonMapper json;
    private final QuarantineStore quarantine;

    public ComplianceApi(Workspaces workspaces, SourceProperties props, JsonMapper json, QuarantineStore quarantine) {
        this.workspaces = workspaces;
        this.props = props;
        this.json = json;
        this.quarantine = quarantine;
    }

    // ------------------------------------------------------------------ Logs Platform

    /** First request of a poll: the checkpoint minus the overlap, never before {@code start-from}. */
    public void startLogPoll(Exchange exchange) {
        Message in = exchange.getIn();
        SourceProperties.Workspace ws = workspaces.get(in.getHeader(WORKSPACE, String.class));
        String cursor = in.getHeader(CURSOR, String.class);
        Instant after = cursor == null ? ws.startFrom() : Cursors.parse(cursor).minus(props.source().overlap());
        if (after.isBefore(ws.startFrom())) {
            after = ws.startFrom();
        }
        in.setHeader(PAGE_AFTER, Cursors.format(after));
        in.setHeader(HAS_MORE, true);
    }

    public void listLogFiles(Exchange exchange) {
        Message in = exchange.getIn();
        String ws = in.getHeader(WORKSPACE, String.class);
        String url = logsBase(ws, in.getHeader(STREAM, String.class)) + "/logs?event_type="
                + enc(in.getHeader(STREAM, String.class)) + "&after=" + enc(in.getHeader(PAGE_AFTER, String.class))
                + "&limit=" + props.source().pageSize();
        apiGet(exchange, ws, url);
    }

    /** Reads a listing page: returns its files, remembers where the next page starts. */
    public List<LogFileRef> readLogFilePage(Exchange exchange) {
        JsonNode page;
        try {
            page = parse(exchange, "log file listing");
        } catch (ComplianceApiException e) {
            // kept with its reason and bytes; the poll fails and is tried again from the checkpoint
            Message in = exchange.getIn();
            String ws = in.getHeader(WORKSPACE, String.class);
            String stream = in.getHeader(STREAM, String.class);
            quarantine.put(ws, stream, SignedDownloads.SOURCE, ws + "/" + stream + "/" + in.getHeader(PAGE_AFTER, String.class),
                    e.getMessage(), in.getBody(byte[].class));
            throw new MalformedPageException(e.getMessage(), e);
        }
        JsonNode data = page.path("data");
        if (!data.isArray()) {
            throw new ComplianceApiException(200, "log file listing has no 'data' array");
        }
        List<LogFileRef> files = new ArrayList<>(data.size());
        for (JsonNode f : data) {
            String id = text(f, "id");
            String endTime = text(f, "end_time");
            String sha = text(f, "file_sha256");
            if (id == null || endTime == null || sha == null) {
                throw new ComplianceApiException(200, "log file entry without id, end_time or file_sha256: " + f);
            }
            files.add(new LogFileRef(id, text(f, "event_type"), instant(endTime), text(f, "file_name"),
                    f.path("file_size").asLong(-1), sha.toLowerCase()));
        }
        Message in = exchange.getIn();
        String last = text(page, "last_end_time");
        boolean hasMore = page.path("has_more").asBoolean(false);
        if (last != null) {
            in.setHeader(PAGE_AFTER, Cursors.format(instant(last)));
        } else if (hasMore) {
            // an empty page that claims more would loop forever on the same cursor
            throw new ComplianceApiException(200, "listing page has has_more=true but last_end_time=null");
        }
        in.setHeader(HAS_MORE, hasMore && !files.isEmpty());
        return files;
    }

    public void downloadLogFile(Exchange exchange) {
        Message in = exchange.getIn();
        LogFileRef file = in.getHeader(LOG_FILE, LogFileRef.class);
        String ws = in.getHeader(WORKSPACE, String.class);
        apiGet(exchange, ws, logsBase(ws, in.getHeader(STREAM, String.class)) + "/logs/" + enc(file.id()));
    }

    /**
     * The Logs Platform path of a stream: {@code /compliance/organizations/{org}} for the workspace's
     * organization-scoped event types, {@code /compliance/workspaces/{ws}} otherwise.
     */
    String logsBase(String ws, String eventType) {
        SourceProperties.Workspace w = workspaces.get(ws);
        return workspaces.baseUrl(ws) + (eventType != null && w.onOrganizationPath(eventType)
                ? "/compliance/organizations/" + w.organizationId() : "/compliance/workspaces/" + ws);
    }

    /** Freshness of the stream: {@code GET …/max_event_time?event_type=…} (reference §8). */
    public void requestFreshness(Exchange exchange) {
        Message in = exchange.getIn();
        String ws = in.getHeader(WORKSPACE, String.class);
        String stream = in.getHeader(STREAM, String.class);
        apiGet(exchange, ws, logsBase(ws, stream) + "/max_event_time?event_type=" + enc(stream));
    }

    /** A GET on the workspace's stateful API: {@code path} is relative to {@code /compliance/workspaces/{ws}}. */
    public void workspaceGet(Exchange exchange, String path) {
        String ws = exchange.getIn().getHeader(WORKSPACE, String.class);
        apiGet(exchange, ws, workspaces.baseUrl(ws) + "/compliance/workspaces/" + ws + path);
    }

    // ------------------------------------------------------------------ users and files

    public void listUsers(Exchange exchange) {
        Message in = exchange.getIn();
        String ws = in.getHeader(WORKSPACE, String.class);
        String after = in.getHeader(PAGE_AFTER, String.class);
        apiGet(exchange, ws, workspaces.baseUrl(ws) + "/compliance/workspaces/" + ws + "/users?limit=200"
                + (after == null ? "" : "&after=" + enc(after)));
    }

    /** Reads a users page; the next page starts after {@code last_id}. */
    public List<Custodian> readUsersPage(Exchange exchange) {
        JsonNode page = parse(exchange, "users page");
        List<Custodian> users = new ArrayList<>();
        String ws = exchange.getIn().getHeader(WORKSPACE, String.class);
        for (JsonNode u : page.path("data")) {
            String id = text(u, "id");
            String email = text(u, "email");
            if (id == null || email == null) {
                throw new ComplianceApiException(200, "user without id or email in users page");
            }
            users.add(new Custodian(ws, id, email, text(u, "name"), text(u, "role"), text(u, "status"),
                    Timestamps.parse(u.get("created_at"))));
        }
        boolean hasMore = page.path("has_more").asBoolean(false);
        String last = text(page, "last_id");
        if (last == null && !users.isEmpty()) {
            last = users.get(users.size() - 1).userId();
        }
        exchange.getIn().setHeader(PAGE_AFTER, last);
        exchange.getIn().setHeader(HAS_MORE, hasMore && !users.isEmpty());
        return users;
    }

    public void downloadUserFile(Exchange exchange) {
        Message in = exchange.getIn();
        FileRef file = in.getHeader(FILE, FileRef.class);
        String ws = in.getHeader(WORKSPACE, String.class);
        apiGet(exchange, ws, workspaces.baseUrl(ws) + "/compliance/workspaces/" + ws + "/users/"
                + enc(file.userId()) + "/files/" + enc(file.fileId()));
    }

    // ------------------------------------------------------------------ redirects

    /**
     * The API answered 307 with a short-lived signed URL: the next request goes there, without the
     * bearer key (the signed-download endpoint's header filter also guarantees that).
     */
    public void followSignedRedirect(Exchange exchange) {
        Message in = exchange.getIn();
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String location = in.getHeader("Location", String.class);
        if (status != 307 && status != 302 && status != 303 || location == null || location.isBlank()) {
            throw new ComplianceApiException(status, "expected a redirect to a signed download URL, got HTTP "
                    + status + (location == null ? " without Location" : ""));
        }
        in.removeHeader("Authorization");
        in.removeHeader("Location");
        in.setHeader(Exchange.HTTP_URI, location);
        in.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET);
        in.removeHeader(Exchange.HTTP_QUERY);
        in.removeHeader(Exchange.HTTP_PATH);
        in.setBody(null);
    }

    // ------------------------------------------------------------------ helpers

    private void apiGet(Exchange exchange, String ws, String url) {
        Message in = exchange.getIn();
        // HTTP_METHOD as the enum camel-http reads: a String went through the type converter registry's slow
        // lookup on every request (seen in the ingest bench's profile)
        in.setHeader(Exchange.HTTP_URI, url);
        in.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET);
        in.removeHeader(Exchange.HTTP_QUERY);
        in.removeHeader(Exchange.HTTP_PATH);
        in.setHeader("Authorization", "Bearer " + workspaces.get(ws).apiKey());
        in.setHeader("Accept", "application/json");
        in.setHeader("User-Agent", props.source().userAgent());
        in.setBody(null);
    }

    private JsonNode parse(Exchange exchange, String what) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new ComplianceApiException(200, what + " has an empty body");
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new ComplianceApiException("malformed " + what + ": " + e.getOriginalMessage(), e);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static Instant instant(String iso) {
        try {
            return Timestamps.parse(iso);
        } catch (IllegalArgumentException e) {
            throw new ComplianceApiException(200, "listing carries an unreadable timestamp: " + e.getMessage());
        }
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
