package io.custodia.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.support.Utc;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backfill of a workspace from the stateful conversations endpoint (reference §3.1, §3.2, §5.8;
 * {@code routes/backfill-conversations.yaml}): pages {@code GET /conversations} ({@code since_timestamp=0}
 * first, then {@code after}), pages {@code /conversations/{id}/messages} for conversations whose embedded
 * messages say {@code has_more}, turns every message into a {@code CONVERSATION_MESSAGE} record (the Logs
 * Platform's shape, {@code author.role} and float-second times kept) and stages each page as one file for the
 * ingest job. Items are keyed by workspace + message id, so messages that also arrive (or arrived) through the
 * Logs Platform are stored once; a staged page is keyed by the SHA-256 of its content, so a repeated
 * backfill stages nothing new.
 */
@Component("conversationBackfill")
public class ConversationBackfill {

    public static final String STREAM = "BACKFILL";
    static final String PAGE = "CustodiaBackfillPage";
    static final String MESSAGES_MORE = "CustodiaBackfillMessagesMore";
    static final int PAGE_SIZE = 100;

    /** The records of the conversation page being read, and the conversations still to page. */
    static final class Page {
        final List<String> lines = new ArrayList<>();
        final Deque<ObjectNode> pending = new ArrayDeque<>();
        String messagesAfter;
    }

    private final ComplianceApi api;
    private final NamedParameterJdbcTemplate jdbc;
    private final JsonMapper json;

    public ConversationBackfill(ComplianceApi api, NamedParameterJdbcTemplate jdbc, JsonMapper json) {
        this.api = api;
        this.jdbc = jdbc;
        this.json = json;
    }

    public void start(Exchange exchange) {
        Message in = exchange.getIn();
        in.setHeader(ComplianceApi.STREAM, STREAM);
        in.removeHeader(ComplianceApi.PAGE_AFTER);
        in.setHeader(ComplianceApi.HAS_MORE, true);
    }

    /** First page {@code since_timestamp=0}, later pages {@code after} (the two must not be combined). */
    public void listConversations(Exchange exchange) {
        String after = exchange.getIn().getHeader(ComplianceApi.PAGE_AFTER, String.class);
        api.workspaceGet(exchange, "/conversations?limit=" + PAGE_SIZE + "&file_format=id"
                + (after == null ? "&since_timestamp=0" : "&after=" + enc(after)));
    }

    public void readConversations(Exchange exchange) {
        Message in = exchange.getIn();
        JsonNode page = parse(exchange, "conversation page");
        String ws = in.getHeader(ComplianceApi.WORKSPACE, String.class);
        Page state = new Page();
        for (JsonNode c : page.path("data")) {
            ObjectNode conversation = conversation(c);
            JsonNode messages = c.path("messages");
            String last = null;
            for (JsonNode m : messages.path("data")) {
                state.lines.add(record(ws, conversation, m));
                last = ComplianceApi.text(m, "id");
            }
            if (messages.path("has_more").asBoolean(false)) {
                String after = ComplianceApi.text(messages, "last_id");
                conversation.put("_after", after != null ? after : last);
                state.pending.add(conversation);
            }
        }
        exchange.setProperty(PAGE, state);
        String last = ComplianceApi.text(page, "last_id");
        in.setHeader(ComplianceApi.PAGE_AFTER, last);
        in.setHeader(ComplianceApi.HAS_MORE, page.path("has_more").asBoolean(false) && last != null);
        in.setHeader(MESSAGES_MORE, !state.pending.isEmpty());
    }

    /** The next page of messages of the first conversation still to page. */
    public void listMessages(Exchange exchange) {
        Page state = exchange.getProperty(PAGE, Page.class);
        ObjectNode conversation = state.pending.peek();
        String after = state.messagesAfter != null ? state.messagesAfter : conversation.path("_after").asString();
        api.workspaceGet(exchange, "/conversations/" + enc(conversation.path("id").asString()) + "/messages?limit="
                + PAGE_SIZE + "&file_format=id" + (after == null || after.isEmpty() ? "" : "&after=" + enc(after)));
    }

    public void readMessages(Exchange exchange) {
        Page state = exchange.getProperty(PAGE, Page.class);
        JsonNode page = parse(exchange, "messages page");
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        ObjectNode conversation = state.pending.peek();
        for (JsonNode m : page.path("data")) {
            state.lines.add(record(ws, conversation, m));
        }
        String last = ComplianceApi.text(page, "last_id");
        if (page.path("has_more").asBoolean(false) && last != null) {
            state.messagesAfter = last;
        } else {
            state.pending.poll();
            state.messagesAfter = null;
        }
        exchange.getIn().setHeader(MESSAGES_MORE, !state.pending.isEmpty());
    }

    /** The page as JSONL, for the upload fetcher ({@code direct:fetch-message-files}) and for landing. */
    public byte[] body(Exchange exchange) {
        Page state = exchange.getProperty(PAGE, Page.class);
        return state == null || state.lines.isEmpty() ? new byte[0]
                : (String.join("\n", state.lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Stages the page for the ingest job; the same content is staged once. */
    public void land(Exchange exchange) {
        byte[] body = body(exchange);
        if (body.length == 0) {
            return;
        }
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        String sha = LogFileVerifier.sha256(body);
        String fileId = "bf_" + sha.substring(0, 48);
        StagedBodies.Encoded stored = StagedBodies.encode(body);
        var now = Utc.now();
        jdbc.update("""
                INSERT INTO staged_log_file (workspace_id, event_type, file_id, file_name, end_time, file_size, sha256,
                                             body, body_encoding, status, landed_at)
                VALUES (:ws, 'CONVERSATION_MESSAGE', :id, :name, :end, :size, :sha, :body, :encoding, 'READY', :now)
                ON DUPLICATE KEY UPDATE file_id = file_id
                """, new MapSqlParameterSource("ws", ws).addValue("id", fileId)
                .addValue("name", "backfill-conversations-" + fileId + ".jsonl").addValue("end", now)
                .addValue("size", body.length).addValue("sha", sha).addValue("now", now)
                .addValue("body", stored.bytes()).addValue("encoding", stored.encoding()));
    }

    // ------------------------------------------------------------------ shapes

    private ObjectNode conversation(JsonNode c) {
        ObjectNode conversation = json.createObjectNode();
        conversation.put("id", ComplianceApi.text(c, "id"));
        conversation.put("title", ComplianceApi.text(c, "title"));
        conversation.set("created_at", c.get("created_at"));
        conversation.put("is_temporary_chat", false);
        conversation.put("_user_id", ComplianceApi.text(c, "user_id"));
        conversation.put("_user_email", ComplianceApi.text(c, "user_email"));
        if (conversation.path("id").isNull() || conversation.path("_user_id").isNull()) {
            throw new ComplianceApiException(200, "conversation without id or user_id in conversation page");
        }
        return conversation;
    }

    /** A stateful message as a Logs Platform {@code CONVERSATION_MESSAGE} record. */
    private String record(String ws, ObjectNode conversation, JsonNode m) {
        String id = ComplianceApi.text(m, "id");
        ObjectNode r = json.createObjectNode();
        r.put("event_id", "bf-" + id);
        r.put("type", "CONVERSATION_MESSAGE");
        r.set("timestamp", m.get("created_at"));
        r.putObject("principal").put("id", ws).put("type", "CHATGPT_WORKSPACE");
        r.putObject("actor").put("type", "ACCOUNT_USER").put("user_id", conversation.path("_user_id").asString())
                .put("user_email", conversation.path("_user_email").asString());
        r.set("previous_message_id", m.get("parent_id"));
        ObjectNode message = m.isObject() ? ((ObjectNode) m).deepCopy() : json.createObjectNode();
        message.remove("object");
        message.remove("gpt_id");
        message.remove("project_id");
        ArrayNode files = json.createArrayNode();
        JsonNode list = m.path("files");
        for (JsonNode f : list.isObject() ? list.path("data") : list) {
            files.addObject().put("id", ComplianceApi.text(f, "id")).put("name", ComplianceApi.text(f, "name"));
        }
        message.set("files", files);
        r.set("message", message);
        ObjectNode conv = r.putObject("conversation");
        conv.put("id", conversation.path("id").asString());
        conv.set("title", conversation.get("title"));
        conv.set("created_at", conversation.get("created_at"));
        conv.put("is_temporary_chat", false);
        if (ComplianceApi.text(m, "gpt_id") != null) {
            conv.put("gpt_id", ComplianceApi.text(m, "gpt_id"));
        }
        if (ComplianceApi.text(m, "project_id") != null) {
            conv.put("project_id", ComplianceApi.text(m, "project_id"));
        }
        r.put("source", "conversations-backfill");
        return json.writeValueAsString(r);
    }

    private JsonNode parse(Exchange exchange, String what) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        try {
            return json.readTree(body == null ? new byte[0] : body);
        } catch (JacksonException e) {
            throw new ComplianceApiException("malformed " + what + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String enc(String v) {
        return java.net.URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
