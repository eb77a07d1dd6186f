package io.custodia.ediscovery.export;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.support.Utc;

/** Loads the items of a chunk of export units in three statements (items, attachments with natives). */
@Component
class ExportItems {

    private final NamedParameterJdbcTemplate jdbc;

    ExportItems(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Items of the given units, grouped by unit (in unit order), each unit's items by sent time. */
    Map<Long, List<ExportItem>> load(long exportId, List<Long> units) {
        MapSqlParameterSource params = new MapSqlParameterSource("exportId", exportId).addValue("units", units);
        List<Object[]> rows = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        jdbc.query("""
                SELECT e.unit_no, i.id, i.workspace_id, i.message_id, m.email, m.user_id, i.conversation_id, c.title,
                       i.parent_id, i.kind, i.item_class, i.sender, i.recipients, i.subject, i.body, i.body_sha256,
                       i.size_bytes, i.sent_at, i.client_type, i.model, i.gpt_id, c.gpt_name, i.project_id, c.project_name,
                       i.sensitivity_label
                FROM export_item e JOIN mail_item i ON i.id = e.item_id JOIN mailbox m ON m.id = i.mailbox_id
                LEFT JOIN conversation c ON c.workspace_id = i.workspace_id AND c.conversation_id = i.conversation_id
                WHERE e.export_id = :exportId AND e.unit_no IN (:units)
                ORDER BY e.unit_no, i.sent_at, i.id""", params, rs -> {
            Object[] r = new Object[25];
            for (int k = 0; k < 25; k++) {
                r[k] = k == 17 ? rs.getObject(k + 1, LocalDateTime.class) : rs.getObject(k + 1);
            }
            rows.add(r);
            ids.add(rs.getLong(2));
        });
        Map<Long, List<ExportItem.Attachment>> attachments = attachments(ids);
        Map<Long, List<ExportItem>> units2 = new LinkedHashMap<>();
        for (Object[] r : rows) {
            long id = ((Number) r[1]).longValue();
            ExportItem item = new ExportItem(((Number) r[0]).longValue(), id, s(r[2]), s(r[3]), s(r[4]), s(r[5]), s(r[6]),
                    s(r[7]), s(r[8]), s(r[9]), s(r[10]), s(r[11]), s(r[12]), s(r[13]), s(r[14]), s(r[15]),
                    ((Number) r[16]).longValue(), Utc.fromDb((LocalDateTime) r[17]), s(r[18]), s(r[19]), s(r[20]), s(r[21]),
                    s(r[22]), s(r[23]), s(r[24]), attachments.getOrDefault(id, List.of()));
            units2.computeIfAbsent(item.unitNo(), u -> new ArrayList<>()).add(item);
        }
        return units2;
    }

    private Map<Long, List<ExportItem.Attachment>> attachments(List<Long> itemIds) {
        Map<Long, List<ExportItem.Attachment>> out = new HashMap<>();
        if (itemIds.isEmpty()) {
            return out;
        }
        jdbc.query("""
                SELECT a.item_id, a.file_id, a.name, a.content_type, a.size_bytes, a.sha256, a.extracted_text,
                       a.extraction_status, a.sensitivity_label, IF(b.status = 'FETCHED', b.body, NULL)
                FROM attachment a LEFT JOIN file_blob b ON b.workspace_id = a.workspace_id AND b.file_id = a.file_id
                WHERE a.item_id IN (:ids) ORDER BY a.item_id, a.id""", new MapSqlParameterSource("ids", itemIds), rs -> {
            long size = rs.getLong(5);
            out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ExportItem.Attachment(rs.getString(2),
                    rs.getString(3), rs.getString(4), rs.wasNull() ? null : size, rs.getString(6), rs.getString(7),
                    rs.getString(8), rs.getString(9), rs.getBytes(10)));
        });
        return out;
    }

    private static String s(Object o) {
        return o == null ? null : o.toString();
    }
}
