package io.custodia.mailbox;

import io.custodia.support.BatchStatements;
import io.custodia.support.Utc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes mailbox items in batches: one batch per table per chunk, idempotent by natural keys
 * (workspace + user, workspace + conversation, workspace + message, + file), so re-ingesting a file
 * changes nothing. Items go as plain inserts over the bulk protocol with the upsert as fallback
 * ({@link BatchStatements#insertOrKeep}); mailboxes, conversations, attachments and sensitive information as
 * multi-row upserts ({@code rewriteBatchedStatements} of Connector/J: its bulk protocol does not take
 * {@code ON DUPLICATE KEY UPDATE} on MariaDB before 11.5). Rows are positional ({@code Object[]}).
 */
@Component
public class MailboxStore {

    /** Plain INSERT (bulk protocol); with ON DUPLICATE KEY UPDATE appended, the idempotent retry (BatchStatements.insertOrKeep). */
    private static final String INSERT_ITEM = """
            INSERT INTO mail_item (workspace_id, message_id, mailbox_id, conversation_id, parent_id, kind, item_class,
                                   folder, sender, recipients, subject, body, body_sha256, size_bytes, sent_at,
                                   client_type, model, gpt_id, project_id, has_attachments, sensitivity_label,
                                   sit_count, source_event_id, ingested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final FulltextWriteOrder fulltextWriteOrder;
    /** (workspace, user) → mailbox id; entries are added only after the inserting transaction committed. */
    private final Map<Key, Long> mailboxIds = new ConcurrentHashMap<>();

    public MailboxStore(NamedParameterJdbcTemplate jdbc, FulltextWriteOrder fulltextWriteOrder) {
        this.jdbc = jdbc;
        this.fulltextWriteOrder = fulltextWriteOrder;
    }

    /** Mailbox ids of the users of a written chunk. */
    public record MailboxIds(Map<Key, Long> ids) {
        public Long of(String workspaceId, String userId) {
            return ids.get(new Key(workspaceId, userId));
        }
    }

    /** Writes the items of one chunk; must run inside the chunk's transaction. */
    public MailboxIds write(List<MailboxItem> items) {
        MailboxIds ids = prepare(items);
        writeItems(items, ids);
        return ids;
    }

    /**
     * First half of {@link #write}: the chunk's mailboxes and conversations (upserts by natural key, which
     * parallel chunks of other custodians do not wait for). What else the transaction writes outside FULLTEXT
     * tables (audit records, outbox events) belongs between this and {@link #writeItems}.
     */
    public MailboxIds prepare(List<MailboxItem> items) {
        if (items.isEmpty()) {
            return new MailboxIds(Map.of());
        }
        Map<Key, Long> mailboxes = mailboxIds(items);
        upsertConversations(items, mailboxes);
        return new MailboxIds(mailboxes);
    }

    /**
     * Second half of {@link #write}: items, attachments and their sensitive information. From its first
     * insert to the commit, one chunk at a time (FULLTEXT document ids must commit in order), so the
     * transaction should do nothing else after it.
     */
    public void writeItems(List<MailboxItem> items, MailboxIds mailboxes) {
        if (items.isEmpty()) {
            return;
        }
        fulltextWriteOrder.lockUntilCommit();
        insertItems(items, mailboxes.ids());
        Map<Key, Long> itemIds = itemIds(items);
        insertAttachments(items, itemIds);
        insertSensitiveInfo(items, itemIds);
    }

    // ------------------------------------------------------------------ mailboxes

    private Map<Key, Long> mailboxIds(List<MailboxItem> items) {
        Map<Key, Long> ids = new HashMap<>();
        Map<Key, MailboxItem> missing = new LinkedHashMap<>();
        for (MailboxItem item : items) {
            Key key = new Key(item.workspaceId(), item.userId());
            Long id = mailboxIds.get(key);
            if (id != null) {
                ids.put(key, id);
            } else {
                missing.putIfAbsent(key, item);
            }
        }
        if (missing.isEmpty()) {
            return ids;
        }
        java.time.LocalDateTime now = Utc.now();
        List<MailboxItem> sorted = new ArrayList<>(missing.values());
        sorted.sort(Comparator.comparing(MailboxItem::workspaceId).thenComparing(MailboxItem::userId));
        BatchStatements.update(jdbc.getJdbcOperations(), """
                INSERT INTO mailbox (workspace_id, user_id, email, created_at) VALUES (?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE email = IF(VALUES(email) = '', email, VALUES(email))
                """, sorted.stream().map(i -> new Object[]{i.workspaceId(), i.userId(),
                        i.userEmail() == null ? "" : i.userEmail(), now}).toList());
        StringBuilder sql = new StringBuilder("SELECT id, workspace_id, user_id FROM mailbox WHERE (workspace_id, user_id) IN (");
        MapSqlParameterSource params = new MapSqlParameterSource();
        int n = 0;
        for (MailboxItem i : sorted) {
            sql.append(n == 0 ? "" : ",").append("(:w").append(n).append(", :u").append(n).append(')');
            params.addValue("w" + n, i.workspaceId()).addValue("u" + n, i.userId());
            n++;
        }
        // a locking read: it sees the latest committed rows, where a consistent read would miss a mailbox that
        // another transaction committed after this one's snapshot began (the upsert above met it, unchanged)
        sql.append(") LOCK IN SHARE MODE");
        Map<Key, Long> created = new HashMap<>();
        jdbc.query(sql.toString(), params, rs -> {
            created.put(new Key(rs.getString("workspace_id"), rs.getString("user_id")), rs.getLong("id"));
        });
        ids.putAll(created);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    mailboxIds.putAll(created);
                }
            });
        } else {
            mailboxIds.putAll(created);
        }
        return ids;
    }

    /** Forgets cached mailbox ids (after mailboxes were removed). */
    public void forgetMailboxes() {
        mailboxIds.clear();
    }

    // ------------------------------------------------------------------ conversations

    private void upsertConversations(List<MailboxItem> items, Map<Key, Long> mailboxes) {
        Map<Key, MailboxItem> latest = new HashMap<>();
        for (MailboxItem i : items) {
            latest.merge(new Key(i.workspaceId(), i.conversationId()), i,
                    (a, b) -> b.sentAt().isAfter(a.sentAt()) ? b : a);
        }
        List<MailboxItem> sorted = new ArrayList<>(latest.values());
        sorted.sort(Comparator.comparing(MailboxItem::workspaceId).thenComparing(MailboxItem::conversationId));
        BatchStatements.update(jdbc.getJdbcOperations(), """
                INSERT INTO conversation (workspace_id, conversation_id, mailbox_id, title, created_at, last_activity_at,
                                          gpt_id, gpt_name, project_id, project_name, is_temporary)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE
                    title = IF(VALUES(last_activity_at) >= last_activity_at, COALESCE(VALUES(title), title), title),
                    created_at = COALESCE(created_at, VALUES(created_at)),
                    last_activity_at = GREATEST(last_activity_at, VALUES(last_activity_at)),
                    gpt_id = COALESCE(gpt_id, VALUES(gpt_id)), gpt_name = COALESCE(gpt_name, VALUES(gpt_name)),
                    project_id = COALESCE(project_id, VALUES(project_id)),
                    project_name = COALESCE(project_name, VALUES(project_name)),
                    is_temporary = is_temporary OR VALUES(is_temporary)
                """, sorted.stream().map(i -> new Object[]{i.workspaceId(), i.conversationId(),
                        mailboxes.get(new Key(i.workspaceId(), i.userId())), i.conversationTitle(),
                        ts(i.conversationCreatedAt()), ts(i.sentAt()), i.gptId(), i.gptName(), i.projectId(),
                        i.projectName(), i.temporaryChat()}).toList());
    }

    // ------------------------------------------------------------------ items and attachments

    private void insertItems(List<MailboxItem> items, Map<Key, Long> mailboxes) {
        java.time.LocalDateTime now = Utc.now();
        List<Object[]> rows = new ArrayList<>(items.size());
        for (MailboxItem i : items) {
            rows.add(new Object[]{i.workspaceId(), i.messageId(), mailboxes.get(new Key(i.workspaceId(), i.userId())),
                    i.conversationId(), i.parentId(), i.kind().db(), i.itemClass(), ItemClasses.FOLDER, i.sender(),
                    i.recipients(), i.subject(), i.body(), i.bodySha256(), i.sizeBytes(), ts(i.sentAt()),
                    i.clientType(), i.model(), i.gptId(), i.projectId(), !i.attachments().isEmpty(),
                    i.sensitivityLabel(), i.sitCount(), i.sourceEventId(), now});
        }
        BatchStatements.insertOrKeep(jdbc.getJdbcOperations(), INSERT_ITEM,
                INSERT_ITEM + "ON DUPLICATE KEY UPDATE message_id = message_id", rows);
    }

    /**
     * Ids of the items that carry attachments or sensitive information, in one query per workspace. A locking
     * read, as it must see items another transaction committed after this one's snapshot began (a duplicate
     * file ingested at the same time: the upsert met them unchanged, a consistent read would not see them); it
     * locks only rows this transaction has just inserted or upserted, and under the FULLTEXT write-order lock.
     */
    private Map<Key, Long> itemIds(List<MailboxItem> items) {
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        for (MailboxItem i : items) {
            if (!i.attachments().isEmpty() || !i.sensitiveInfo().isEmpty()) {
                wanted.computeIfAbsent(i.workspaceId(), w -> new ArrayList<>()).add(i.messageId());
            }
        }
        Map<Key, Long> ids = new HashMap<>();
        wanted.forEach((ws, messages) -> jdbc.query(
                "SELECT message_id, id FROM mail_item WHERE workspace_id = :ws AND message_id IN (:ids) LOCK IN SHARE MODE",
                new MapSqlParameterSource("ws", ws).addValue("ids", messages),
                rs -> {
                    ids.put(new Key(ws, rs.getString(1)), rs.getLong(2));
                }));
        return ids;
    }

    private void insertAttachments(List<MailboxItem> items, Map<Key, Long> itemIds) {
        List<Object[]> rows = new ArrayList<>();
        for (MailboxItem i : items) {
            for (Attachment a : i.attachments()) {
                rows.add(new Object[]{itemIds.get(new Key(i.workspaceId(), i.messageId())), i.workspaceId(),
                        i.messageId(), a.fileId(), a.name(), a.contentType(), a.sizeBytes(), a.sha256(),
                        a.extractedText(), a.extractionStatus(), a.extractionDetail(), a.metadataJson(),
                        a.sensitivityLabel()});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        BatchStatements.update(jdbc.getJdbcOperations(), """
                INSERT INTO attachment (item_id, workspace_id, message_id, file_id, name, content_type, size_bytes, sha256,
                                        extracted_text, extraction_status, extraction_detail, metadata, sensitivity_label)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE file_id = attachment.file_id
                """, rows);
    }

    /** Sensitive information per body ({@code file_id} '') and per attachment, one batched statement. */
    private void insertSensitiveInfo(List<MailboxItem> items, Map<Key, Long> itemIds) {
        List<Object[]> rows = new ArrayList<>();
        for (MailboxItem i : items) {
            Long id = itemIds.get(new Key(i.workspaceId(), i.messageId()));
            for (SensitiveInfo s : i.sensitiveInfo()) {
                rows.add(sensitiveRow(id, i, "", s));
            }
            for (Attachment a : i.attachments()) {
                for (SensitiveInfo s : a.sensitiveInfo()) {
                    rows.add(sensitiveRow(id, i, a.fileId(), s));
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        BatchStatements.update(jdbc.getJdbcOperations(), """
                INSERT INTO item_sit_match (item_id, workspace_id, message_id, file_id, sit_id, match_count, confidence)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE sit_id = item_sit_match.sit_id
                """, rows);
    }

    private static Object[] sensitiveRow(Long itemId, MailboxItem i, String fileId, SensitiveInfo s) {
        return new Object[]{itemId, i.workspaceId(), i.messageId(), fileId, s.sitId(), s.count(), s.confidence()};
    }

    private static java.time.LocalDateTime ts(Instant t) {
        return Utc.toDb(t);
    }

    /** A pair of natural-key parts as a map key (hashes the strings' cached hashes; no concatenation). */
    public record Key(String a, String b) {
    }
}
