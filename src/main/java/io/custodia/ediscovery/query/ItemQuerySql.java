package io.custodia.ediscovery.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.custodia.ediscovery.query.QueryNode.Property;
import io.custodia.support.Utc;

import static io.custodia.ediscovery.query.SensitiveTypeMatches.CONFIDENCE;
import static io.custodia.ediscovery.query.SensitiveTypeMatches.COUNT;
import static io.custodia.ediscovery.query.SensitiveTypeMatches.ITEM_ID;
import static io.custodia.ediscovery.query.SensitiveTypeMatches.SIT_ID;
import static io.custodia.ediscovery.query.SensitiveTypeMatches.TABLE;

/**
 * Turns a parsed query into a SQL condition over {@code mail_item i}. The SQL text is built only from
 * constants of this class; every value of the query travels as a named bind parameter ({@code :kq0},
 * {@code :kq1} …), so no query text can change the statement. Keywords use the FULLTEXT indexes in
 * boolean mode, with a search string this class writes from the keyword's words alone (letters,
 * digits, underscore), so no full-text operator typed by the user reaches MariaDB either.
 */
public final class ItemQuerySql {

    /** A condition and its parameters, for a {@code NamedParameterJdbcTemplate}. */
    public record Condition(String sql, Map<String, Object> params) {
    }

    private final Map<String, Object> params = new LinkedHashMap<>();

    private ItemQuerySql() {
    }

    public static Condition where(QueryNode node) {
        ItemQuerySql b = new ItemQuerySql();
        String sql = b.sql(node);
        return new Condition(sql, Map.copyOf(b.params));
    }

    private String sql(QueryNode node) {
        if (node instanceof QueryNode.And a) {
            return join(a.terms(), " AND ");
        }
        if (node instanceof QueryNode.Or o) {
            return join(o.terms(), " OR ");
        }
        if (node instanceof QueryNode.Not n) {
            // IS NOT TRUE: items where the inner condition is unknown (NULL subject …) count as not matching it
            return "((" + sql(n.term()) + ") IS NOT TRUE)";
        }
        if (node instanceof QueryNode.Keyword k) {
            String p = param(fullTextTerm(k));
            return "(MATCH(i.subject, i.body) AGAINST (" + p + " IN BOOLEAN MODE) OR i.id IN (SELECT a.item_id FROM attachment a"
                    + " WHERE MATCH(a.name, a.extracted_text) AGAINST (" + p + " IN BOOLEAN MODE)))";
        }
        if (node instanceof QueryNode.Text t) {
            return text(t);
        }
        if (node instanceof QueryNode.HasAttachment h) {
            return "i.has_attachments = " + param(h.value());
        }
        if (node instanceof QueryNode.Kind k) {
            return k.itemKinds().isEmpty() ? "1 = 0" : "i.kind IN (" + param(new ArrayList<>(k.itemKinds().stream().sorted().toList())) + ")";
        }
        if (node instanceof QueryNode.SentBetween s) {
            List<String> parts = new ArrayList<>();
            if (s.from() != null) {
                parts.add("i.sent_at >= " + param(ts(s.from())));
            }
            if (s.until() != null) {
                parts.add("i.sent_at < " + param(ts(s.until())));
            }
            return parts.isEmpty() ? "1 = 1" : "(" + String.join(" AND ", parts) + ")";
        }
        if (node instanceof QueryNode.SizeBetween s) {
            List<String> parts = new ArrayList<>();
            if (s.min() != null) {
                parts.add("i.size_bytes >= " + param(s.min()));
            }
            if (s.max() != null) {
                parts.add("i.size_bytes <= " + param(s.max()));
            }
            return parts.isEmpty() ? "1 = 1" : "(" + String.join(" AND ", parts) + ")";
        }
        if (node instanceof QueryNode.SensitiveType s) {
            StringBuilder sb = new StringBuilder("EXISTS (SELECT 1 FROM " + TABLE + " s WHERE s." + ITEM_ID + " = i.id AND s."
                    + SIT_ID + " = " + param(s.sit()));
            range(sb, "s." + COUNT, s.count());
            range(sb, "s." + CONFIDENCE, s.confidence());
            return sb.append(')').toString();
        }
        throw new IllegalArgumentException("unknown query node " + node);
    }

    private String join(List<QueryNode> terms, String op) {
        List<String> parts = new ArrayList<>();
        for (QueryNode t : terms) {
            parts.add(sql(t));
        }
        return "(" + String.join(op, parts) + ")";
    }

    private void range(StringBuilder sb, String column, QueryNode.Range r) {
        if (r.min() != null) {
            sb.append(" AND ").append(column).append(" >= ").append(param(r.min()));
        }
        if (r.max() != null) {
            sb.append(" AND ").append(column).append(" <= ").append(param(r.max()));
        }
    }

    private String text(QueryNode.Text t) {
        if (t.property() == Property.SUBJECT) {
            return "i.subject LIKE " + param("%" + escapeLike(t.value()) + "%") + " ESCAPE '!'";
        }
        String p = t.prefix() ? param(escapeLike(t.value()) + "%") : param(t.value());
        String cmp = t.prefix() ? " LIKE " + p + " ESCAPE '!'" : " = " + p;
        return switch (t.property()) {
            case ITEMCLASS -> "i.item_class" + cmp;
            case FROM -> "i.sender" + cmp;
            case TO -> "i.recipients" + cmp;
            case PARTICIPANTS -> "(i.sender" + cmp + " OR i.recipients" + cmp + ")";
            case ATTACHMENTNAMES -> "EXISTS (SELECT 1 FROM attachment a WHERE a.item_id = i.id AND a.name" + cmp + ")";
            case SENSITIVITYLABEL -> "(i.sensitivity_label" + cmp
                    + " OR EXISTS (SELECT 1 FROM attachment a WHERE a.item_id = i.id AND a.sensitivity_label" + cmp + "))";
            case CUSTODIAN -> "i.mailbox_id IN (SELECT m.id FROM mailbox m WHERE m.email" + cmp + " OR m.user_id" + cmp + ")";
            default -> throw new IllegalArgumentException("not a text property: " + t.property());
        };
    }

    private String param(Object value) {
        String name = "kq" + params.size();
        params.put(name, value);
        return ":" + name;
    }

    /** The boolean-mode search string of a keyword: only its words, quoted as a phrase or with a prefix star. */
    static String fullTextTerm(QueryNode.Keyword k) {
        if (k.phrase()) {
            return "\"" + String.join(" ", k.tokens()) + "\"";
        }
        return k.tokens().get(0) + (k.prefix() ? "*" : "");
    }

    /** Escapes LIKE wildcards with '!' (not backslash, which depends on the server's sql_mode). */
    static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static java.time.LocalDateTime ts(Instant t) {
        return Utc.toDb(t);
    }
}
