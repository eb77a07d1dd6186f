package io.custodia.source;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.support.Utc;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GPTs and projects of each workspace ({@code routes/collect-catalog.yaml}): pages through
 * {@code /gpts} and {@code /projects}, then looks up by id the ones items refer to that the lists do not
 * return (deleted, third-party); a 404 there is normal (reference §5.9) and is kept as {@code NOT_FOUND}.
 * The view {@code mail_item_agent} shows items with the names and owners.
 */
@Component("sourceCatalog")
public class SourceCatalog {

    private static final Logger log = LoggerFactory.getLogger(SourceCatalog.class);
    public static final String KIND = "CustodiaCatalogKind";
    public static final String REF = "CustodiaCatalogRef";

    private final NamedParameterJdbcTemplate jdbc;
    private final ComplianceApi api;
    private final JsonMapper json;
    private final Workspaces workspaces;

    public SourceCatalog(NamedParameterJdbcTemplate jdbc, ComplianceApi api, JsonMapper json, Workspaces workspaces) {
        this.jdbc = jdbc;
        this.workspaces = workspaces;
        this.api = api;
        this.json = json;
    }

    /** The workspaces to sync (the enabled ones). */
    public List<String> workspaceIds() {
        return workspaces.enabled().stream().map(SourceProperties.Workspace::id).toList();
    }

    /** Starts paging one list: {@code gpts} or {@code projects}. */
    public void startList(Exchange exchange, String kind) {
        exchange.getIn().setHeader(KIND, kind);
        exchange.getIn().removeHeader(ComplianceApi.PAGE_AFTER);
        exchange.getIn().setHeader(ComplianceApi.HAS_MORE, true);
    }

    public void listPage(Exchange exchange) {
        Message in = exchange.getIn();
        String after = in.getHeader(ComplianceApi.PAGE_AFTER, String.class);
        api.workspaceGet(exchange, "/" + in.getHeader(KIND, String.class) + "?limit=20"
                + (after == null ? "" : "&after=" + java.net.URLEncoder.encode(after, java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Stores a page of the list; the next page starts after {@code last_id}. */
    public void readPage(Exchange exchange) {
        Message in = exchange.getIn();
        JsonNode page = parse(exchange);
        String ws = in.getHeader(ComplianceApi.WORKSPACE, String.class);
        String kind = in.getHeader(KIND, String.class).equals("gpts") ? "gpt" : "project";
        int n = 0;
        for (JsonNode o : page.path("data")) {
            store(ws, kind, o, "LISTED");
            n++;
        }
        String last = ComplianceApi.text(page, "last_id");
        in.setHeader(ComplianceApi.PAGE_AFTER, last);
        in.setHeader(ComplianceApi.HAS_MORE, page.path("has_more").asBoolean(false) && n > 0 && last != null);
    }

    /** GPTs and projects that items used but the lists did not return and no lookup has settled yet. */
    public List<String> unresolved(Exchange exchange) {
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        MapSqlParameterSource p = new MapSqlParameterSource("ws", ws);
        List<String> refs = new ArrayList<>();
        refs.addAll(jdbc.queryForList("""
                SELECT DISTINCT CONCAT('gpt:', i.gpt_id) FROM mail_item i
                WHERE i.workspace_id = :ws AND i.gpt_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM source_catalog s WHERE s.workspace_id = i.workspace_id AND s.object_id = i.gpt_id)""",
                p, String.class));
        refs.addAll(jdbc.queryForList("""
                SELECT DISTINCT CONCAT('project:', i.project_id) FROM mail_item i
                WHERE i.workspace_id = :ws AND i.project_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM source_catalog s WHERE s.workspace_id = i.workspace_id AND s.object_id = i.project_id)""",
                p, String.class));
        return refs;
    }

    public void lookUp(Exchange exchange) {
        String ref = exchange.getIn().getHeader(REF, String.class);
        String kind = ref.substring(0, ref.indexOf(':'));
        String id = ref.substring(ref.indexOf(':') + 1);
        api.workspaceGet(exchange, "/" + kind + "s/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The lookup's answer: 200 stored, 404/410 kept as NOT_FOUND, anything else fails the sync (retried). */
    public void readOne(Exchange exchange) {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        if (status == 404 || status == 410) {
            notFound(exchange);
            return;
        }
        if (status >= 300) {
            throw new ComplianceApiException(status, "GPT/project lookup answered HTTP " + status);
        }
        String ref = exchange.getIn().getHeader(REF, String.class);
        store(exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class), ref.substring(0, ref.indexOf(':')),
                parse(exchange), "LOOKED_UP");
    }

    /** 404 for a deleted, draft or private GPT/project: normal, remembered so it is not asked again. */
    public void notFound(Exchange exchange) {
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        String ref = exchange.getIn().getHeader(REF, String.class);
        String kind = ref.substring(0, ref.indexOf(':'));
        String id = ref.substring(ref.indexOf(':') + 1);
        log.debug("{} {} of workspace {} is not available at the source (deleted, draft or private)", kind, id, ws);
        var now = Utc.now();
        // the name the Logs Platform's messages gave it, if any, is all that is known
        String column = kind.equals("gpt") ? "gpt" : "project";
        List<String> names = jdbc.queryForList("SELECT " + column + "_name FROM conversation WHERE workspace_id = :ws AND "
                + column + "_id = :id AND " + column + "_name IS NOT NULL LIMIT 1",
                new MapSqlParameterSource("ws", ws).addValue("id", id), String.class);
        jdbc.update("""
                INSERT INTO source_catalog (workspace_id, object_id, kind, name, status, first_seen_at, synced_at)
                VALUES (:ws, :id, :kind, :name, 'NOT_FOUND', :now, :now)
                ON DUPLICATE KEY UPDATE status = 'NOT_FOUND', name = COALESCE(VALUES(name), name), synced_at = VALUES(synced_at)""",
                new MapSqlParameterSource("ws", ws).addValue("id", id).addValue("kind", kind)
                        .addValue("name", names.isEmpty() ? null : names.get(0)).addValue("now", now));
    }

    /** Conversations that arrived without names (backfill) take them from the catalog. */
    public void fillNames(Exchange exchange) {
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        MapSqlParameterSource p = new MapSqlParameterSource("ws", ws);
        jdbc.update("""
                UPDATE conversation c JOIN source_catalog s ON s.workspace_id = c.workspace_id AND s.object_id = c.gpt_id
                SET c.gpt_name = s.name WHERE c.workspace_id = :ws AND c.gpt_name IS NULL AND s.name IS NOT NULL""", p);
        jdbc.update("""
                UPDATE conversation c JOIN source_catalog s ON s.workspace_id = c.workspace_id AND s.object_id = c.project_id
                SET c.project_name = s.name WHERE c.workspace_id = :ws AND c.project_name IS NULL AND s.name IS NOT NULL""", p);
    }

    private void store(String ws, String kind, JsonNode o, String status) {
        String id = ComplianceApi.text(o, "id");
        if (id == null) {
            throw new ComplianceApiException(200, kind + " without id");
        }
        JsonNode latest = o.path("latest_config").path("data");
        JsonNode config = latest.isArray() && !latest.isEmpty() ? latest.get(0) : null;
        var now = Utc.now();
        jdbc.update("""
                INSERT INTO source_catalog (workspace_id, object_id, kind, name, owner_id, owner_email, visibility, status,
                                            latest_config, original, first_seen_at, synced_at)
                VALUES (:ws, :id, :kind, :name, :owner, :email, :visibility, :status, :config, :original, :now, :now)
                ON DUPLICATE KEY UPDATE name = VALUES(name), owner_id = VALUES(owner_id), owner_email = VALUES(owner_email),
                    visibility = VALUES(visibility), status = VALUES(status), latest_config = VALUES(latest_config),
                    original = VALUES(original), synced_at = VALUES(synced_at)""",
                new MapSqlParameterSource("ws", ws).addValue("id", id).addValue("kind", kind)
                        .addValue("name", config == null ? null : ComplianceApi.text(config, "name"))
                        .addValue("owner", ComplianceApi.text(o, "owner_id"))
                        .addValue("email", ComplianceApi.text(o, "owner_email"))
                        .addValue("visibility", ComplianceApi.text(o.path("sharing"), "visibility"))
                        .addValue("status", status)
                        .addValue("config", config == null ? null : json.writeValueAsString(config))
                        .addValue("original", json.writeValueAsString(o))
                        .addValue("now", now));
    }

    private JsonNode parse(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        try {
            return json.readTree(body == null ? new byte[0] : body);
        } catch (JacksonException e) {
            throw new ComplianceApiException("malformed GPT/project answer: " + e.getOriginalMessage(), e);
        }
    }
}
