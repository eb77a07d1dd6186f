package io.custodia.retention;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.mailbox.FulltextWriteOrder;

/**
 * The recoverable area (Purview's SubstrateHolds): expired items leave the mailbox for mirror tables and
 * are purged from there after the grace period.
 * <ul>
 *   <li><b>move</b>: the {@code mail_item} row and its {@code attachment} rows go to
 *       {@code recoverable_item} / {@code recoverable_attachment}, keeping their ids (holds, labels and
 *       audit records refer to them). Counts, search and exports of the mailbox no longer see them; the
 *       mirrors keep FULLTEXT indexes so eDiscovery can still find them. Conversation rows and the
 *       native bytes of files ({@code file_blob}) stay until the purge.</li>
 *   <li><b>restore</b>: the way back, when the rules no longer let an item go.</li>
 *   <li><b>purge</b>: the mirror rows, the item's label, the native bytes of files nothing else refers to,
 *       and conversation rows with no item left anywhere are deleted.</li>
 * </ul>
 * Rows are copied column by column with the columns both tables share; {@link #checkMirrors()} refuses to
 * work when a live table has a column its mirror lacks (a later migration that forgot the mirror), so
 * nothing is lost on the way through.
 */
@Component
public class RecoverableArea {

    private static final Map<String, String> MIRRORS = Map.of(
            "mail_item", "recoverable_item",
            "attachment", "recoverable_attachment");

    private final NamedParameterJdbcTemplate jdbc;
    private final FulltextWriteOrder fulltextWriteOrder;
    private volatile Map<String, String> columns;

    public RecoverableArea(NamedParameterJdbcTemplate jdbc, FulltextWriteOrder fulltextWriteOrder) {
        this.jdbc = jdbc;
        this.fulltextWriteOrder = fulltextWriteOrder;
    }

    /** Checks that every mirror has exactly the columns of its live table and remembers them. */
    public void checkMirrors() {
        Map<String, List<String>> byTable = new LinkedHashMap<>();
        jdbc.query("""
                SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS
                WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (:tables) ORDER BY TABLE_NAME, ORDINAL_POSITION""",
                new MapSqlParameterSource("tables", List.of("mail_item", "recoverable_item", "attachment", "recoverable_attachment")),
                rs -> {
                    byTable.computeIfAbsent(rs.getString(1).toLowerCase(), k -> new ArrayList<>()).add(rs.getString(2));
                });
        Map<String, String> lists = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        MIRRORS.forEach((live, mirror) -> {
            List<String> liveColumns = byTable.getOrDefault(live, List.of());
            Set<String> mirrorColumns = new LinkedHashSet<>(byTable.getOrDefault(mirror, List.of()));
            Set<String> missing = new TreeSet<>(liveColumns);
            missing.removeAll(mirrorColumns);
            Set<String> extra = new TreeSet<>(mirrorColumns);
            extra.removeAll(liveColumns);
            if (liveColumns.isEmpty() || mirrorColumns.isEmpty()) {
                problems.add("table " + (liveColumns.isEmpty() ? live : mirror) + " does not exist");
            } else if (!missing.isEmpty() || !extra.isEmpty()) {
                problems.add(mirror + " must have exactly the columns of " + live
                        + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; not in " + live + ": " + extra));
            }
            lists.put(live, liveColumns.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", ")));
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the recoverable area does not mirror the mailbox tables: "
                    + String.join("; ", problems) + ". Add a migration that alters the mirror the same way "
                    + "(ALTER TABLE recoverable_… ADD …) before running retention.");
        }
        columns = Map.copyOf(lists);
    }

    /** Moves items (and their attachments) out of the mailbox. */
    public void move(Collection<Long> itemIds) {
        if (itemIds.isEmpty()) {
            return;
        }
        var ids = new MapSqlParameterSource("ids", itemIds);
        String items = columns("mail_item");
        String attachments = columns("attachment");
        fulltextWriteOrder.lockUntilCommit();
        jdbc.update("INSERT INTO recoverable_item (" + items + ") SELECT " + items + " FROM mail_item WHERE id IN (:ids)", ids);
        jdbc.update("INSERT INTO recoverable_attachment (" + attachments + ") SELECT " + attachments
                + " FROM attachment WHERE item_id IN (:ids)", ids);
        jdbc.update("DELETE FROM attachment WHERE item_id IN (:ids)", ids);
        jdbc.update("DELETE FROM mail_item WHERE id IN (:ids)", ids);
    }

    /**
     * Puts items back into the mailbox. A message collected again meanwhile (same workspace and message
     * id, a new item) keeps the live copy; the recoverable one is dropped.
     */
    public void restore(Collection<Long> itemIds) {
        if (itemIds.isEmpty()) {
            return;
        }
        var ids = new MapSqlParameterSource("ids", itemIds);
        String items = columns("mail_item");
        String attachments = columns("attachment");
        fulltextWriteOrder.lockUntilCommit();
        jdbc.update("INSERT INTO mail_item (" + items + ") SELECT " + items + " FROM recoverable_item WHERE id IN (:ids)"
                + " ON DUPLICATE KEY UPDATE mail_item.message_id = mail_item.message_id", ids);
        jdbc.update("INSERT INTO attachment (" + attachments + ") SELECT " + attachments
                + " FROM recoverable_attachment WHERE item_id IN (:ids)"
                + " ON DUPLICATE KEY UPDATE attachment.file_id = attachment.file_id", ids);
        jdbc.update("DELETE FROM recoverable_attachment WHERE item_id IN (:ids)", ids);
        jdbc.update("DELETE FROM recoverable_item WHERE id IN (:ids)", ids);
    }

    /**
     * Deletes items for good, with their label and the native bytes of files no other item refers to.
     *
     * @param conversations the (workspace, conversation) pairs of the items
     * @return the conversations left without any item (their rows are deleted too)
     */
    public Purge purge(Collection<Long> itemIds, Collection<ConversationKey> conversations) {
        if (itemIds.isEmpty()) {
            return new Purge(List.of(), 0);
        }
        var ids = new MapSqlParameterSource("ids", itemIds);
        List<Map<String, Object>> files = jdbc.queryForList(
                "SELECT DISTINCT workspace_id, file_id FROM recoverable_attachment WHERE item_id IN (:ids)", ids);
        jdbc.update("DELETE FROM recoverable_attachment WHERE item_id IN (:ids)", ids);
        jdbc.update("DELETE FROM recoverable_item WHERE id IN (:ids)", ids);
        jdbc.update("DELETE FROM retention_label_item WHERE item_id IN (:ids)", ids);
        // what classification found in a purged item goes with it (the matches name sensitive values' types)
        jdbc.update("DELETE FROM item_sit_match WHERE item_id IN (:ids)", ids);
        int natives = 0;
        if (!files.isEmpty()) {
            int[] n = jdbc.batchUpdate("""
                    DELETE FROM file_blob WHERE workspace_id = :workspace_id AND file_id = :file_id
                    AND NOT EXISTS (SELECT 1 FROM attachment a WHERE a.workspace_id = :workspace_id AND a.file_id = :file_id)
                    AND NOT EXISTS (SELECT 1 FROM recoverable_attachment a
                                    WHERE a.workspace_id = :workspace_id AND a.file_id = :file_id)""",
                    files.stream().map(MapSqlParameterSource::new).toArray(MapSqlParameterSource[]::new));
            for (int c : n) {
                natives += Math.max(c, 0);
            }
        }
        return new Purge(emptyConversations(conversations), natives);
    }

    /**
     * Deletes the rows of conversations that have no item left, live or recoverable. Locks the
     * conversation rows first (in key order, as ingest does) and looks for items with locking reads, so a
     * message collected into the conversation at the same moment either is seen or waits for us and then
     * creates the conversation row again.
     */
    private List<ConversationKey> emptyConversations(Collection<ConversationKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<ConversationKey> sorted = new ArrayList<>(new TreeSet<>(keys));
        MapSqlParameterSource params = new MapSqlParameterSource();
        String in = ConversationKey.inList(sorted, params);
        jdbc.query("SELECT conversation_id FROM conversation WHERE (workspace_id, conversation_id) IN (" + in + ")"
                + " ORDER BY workspace_id, conversation_id FOR UPDATE", params, rs -> {
        });
        Set<ConversationKey> occupied = new java.util.HashSet<>();
        for (String table : List.of("mail_item", "recoverable_item")) {
            jdbc.query("SELECT DISTINCT workspace_id, conversation_id FROM " + table
                    + " WHERE (workspace_id, conversation_id) IN (" + in + ") LOCK IN SHARE MODE", params, rs -> {
                occupied.add(new ConversationKey(rs.getString(1), rs.getString(2)));
            });
        }
        List<ConversationKey> empty = sorted.stream().filter(k -> !occupied.contains(k)).toList();
        if (!empty.isEmpty()) {
            MapSqlParameterSource p = new MapSqlParameterSource();
            jdbc.update("DELETE FROM conversation WHERE (workspace_id, conversation_id) IN ("
                    + ConversationKey.inList(empty, p) + ")", p);
        }
        return empty;
    }

    private String columns(String live) {
        Map<String, String> c = columns;
        if (c == null) {
            checkMirrors();
            c = columns;
        }
        return c.get(live);
    }

    /** What a purge removed besides the items. */
    public record Purge(List<ConversationKey> emptiedConversations, int nativeFiles) {
    }

    /** A conversation, by workspace and conversation id. */
    public record ConversationKey(String workspaceId, String conversationId) implements Comparable<ConversationKey> {

        @Override
        public int compareTo(ConversationKey o) {
            int c = workspaceId.compareTo(o.workspaceId);
            return c != 0 ? c : conversationId.compareTo(o.conversationId);
        }

        static String inList(List<ConversationKey> keys, MapSqlParameterSource params) {
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < keys.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(:w").append(i).append(", :c").append(i).append(')');
                params.addValue("w" + i, keys.get(i).workspaceId()).addValue("c" + i, keys.get(i).conversationId());
            }
            return sql.toString();
        }
    }
}
