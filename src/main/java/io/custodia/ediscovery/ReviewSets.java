package io.custodia.ediscovery;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.custodia.support.Utc;

/**
 * Review sets of a case: search results are added to them, reviewers tag and comment items, and
 * Content Viewers read the prompt and response text — each such view is audited and published.
 */
@Component
public class ReviewSets {

    public record ReviewSet(long id, long caseId, String name, long items, String createdBy, String createdAt) {
    }

    /** An item of a review set without its text. */
    public record ReviewItem(long id, String itemClass, String kind, String custodian, String subject, String sentAt,
                             String conversationId, boolean hasAttachments, List<String> tags, long comments) {
    }

    public record Comment(long id, String author, String text, String createdAt) {
    }

    /** What a Content Viewer sees. */
    public record Content(long id, String itemClass, String kind, String custodian, String sender, String recipients,
                          String subject, String sentAt, String body, String bodySha256,
                          List<Map<String, Object>> attachments, List<String> tags, List<Comment> comments) {
    }

    private final JdbcTemplate jdbc;
    private final Cases cases;
    private final EdiscoveryActivity activity;

    public ReviewSets(JdbcTemplate jdbc, Cases cases, EdiscoveryActivity activity) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.activity = activity;
    }

    @Transactional
    public long create(long caseId, String name, Authentication user) {
        cases.requireVisible(caseId, user);
        if (name == null || name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("a review set needs a name of 1 to 255 characters");
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO review_set (case_id, name, created_by, created_at) VALUES (?, ?, ?, ?)",
                    new String[]{"id"});
            ps.setLong(1, caseId);
            ps.setString(2, name.strip());
            ps.setString(3, user.getName());
            ps.setObject(4, Utc.now());
            return ps;
        }, key);
        long id = key.getKey().longValue();
        activity.audit("ReviewSetCreated", user.getName(), "reviewset:" + id, Map.of("caseId", caseId, "reviewSetId", id));
        return id;
    }

    /** Adds a search's hits (of the same case); returns how many were new to the set. */
    @Transactional
    public int addSearch(long reviewSetId, long searchId, Authentication user) {
        long caseId = caseOf(reviewSetId, user);
        Long searchCase = jdbc.query("SELECT case_id FROM case_search WHERE id = ?", rs -> rs.next() ? rs.getLong(1) : null, searchId);
        if (searchCase == null || searchCase != caseId) {
            throw new NotFoundException("search " + searchId + " in the review set's case");
        }
        int added = jdbc.update("""
                INSERT IGNORE INTO review_set_item (review_set_id, item_id, search_id, added_by, added_at)
                SELECT ?, s.item_id, s.search_id, ?, ? FROM case_search_item s WHERE s.search_id = ?""",
                reviewSetId, user.getName(), Utc.now(), searchId);
        activity.auditAndPublish("AddedToReviewSet", "reviewset.items.added", reviewSetId + ":" + searchId + ":" + added, "info",
                user.getName(), "reviewset:" + reviewSetId, Map.of("caseId", caseId, "reviewSetId", reviewSetId,
                        "searchId", searchId, "added", added));
        return added;
    }

    public List<ReviewSet> list(long caseId, Authentication user) {
        cases.requireVisible(caseId, user);
        return jdbc.query("""
                SELECT r.id, r.case_id, r.name, (SELECT COUNT(*) FROM review_set_item x WHERE x.review_set_id = r.id),
                       r.created_by, r.created_at FROM review_set r WHERE r.case_id = ? ORDER BY r.id""",
                (rs, n) -> new ReviewSet(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        Utc.fromDb(rs.getObject(6, LocalDateTime.class)).toString()), caseId);
    }

    public List<ReviewItem> items(long reviewSetId, String tag, int offset, int limit, Authentication user) {
        caseOf(reviewSetId, user);
        String tagFilter = tag == null ? "" : " AND EXISTS (SELECT 1 FROM review_tag t WHERE t.review_set_id = r.review_set_id"
                + " AND t.item_id = r.item_id AND t.tag = ?)";
        List<Object> args = new java.util.ArrayList<>(List.of(reviewSetId));
        if (tag != null) {
            args.add(tag);
        }
        args.add(Math.max(1, Math.min(limit, 1000)));
        args.add(Math.max(0, offset));
        return jdbc.query("""
                SELECT i.id, i.item_class, i.kind, m.email, i.subject, i.sent_at, i.conversation_id, i.has_attachments,
                       (SELECT GROUP_CONCAT(t.tag ORDER BY t.tag SEPARATOR '\\n') FROM review_tag t
                        WHERE t.review_set_id = r.review_set_id AND t.item_id = i.id),
                       (SELECT COUNT(*) FROM review_comment c WHERE c.review_set_id = r.review_set_id AND c.item_id = i.id)
                FROM review_set_item r JOIN mail_item i ON i.id = r.item_id JOIN mailbox m ON m.id = i.mailbox_id
                WHERE r.review_set_id = ?""" + tagFilter + " ORDER BY i.id LIMIT ? OFFSET ?", (rs, n) -> new ReviewItem(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Utc.fromDb(rs.getObject(6, LocalDateTime.class)).toString(), rs.getString(7), rs.getBoolean(8),
                rs.getString(9) == null ? List.of() : List.of(rs.getString(9).split("\n")), rs.getLong(10)), args.toArray());
    }

    /** The text of an item (prompt or response, attachments' extracted text): for Content Viewers, audited. */
    @Transactional
    public Content content(long reviewSetId, long itemId, Authentication user) {
        long caseId = caseOf(reviewSetId, user);
        requireMember(reviewSetId, itemId);
        List<Map<String, Object>> attachments = jdbc.query("""
                SELECT file_id, name, content_type, size_bytes, sha256, extraction_status, sensitivity_label, extracted_text
                FROM attachment WHERE item_id = ? ORDER BY id""", (rs, n) -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("fileId", rs.getString(1));
            a.put("name", rs.getString(2));
            a.put("contentType", rs.getString(3));
            a.put("sizeBytes", rs.getObject(4));
            a.put("sha256", rs.getString(5));
            a.put("extractionStatus", rs.getString(6));
            a.put("sensitivityLabel", rs.getString(7));
            a.put("extractedText", rs.getString(8));
            return a;
        }, itemId);
        Content content = jdbc.queryForObject("""
                SELECT i.id, i.item_class, i.kind, m.email, i.sender, i.recipients, i.subject, i.sent_at, i.body, i.body_sha256
                FROM mail_item i JOIN mailbox m ON m.id = i.mailbox_id WHERE i.id = ?""", (rs, n) -> new Content(rs.getLong(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                Utc.fromDb(rs.getObject(8, LocalDateTime.class)).toString(), rs.getString(9), rs.getString(10), attachments,
                tags(reviewSetId, itemId), comments(reviewSetId, itemId)), itemId);
        activity.auditAndPublish("ViewedContent", "content.viewed", java.util.UUID.randomUUID().toString(), "low",
                user.getName(), "item:" + itemId, Map.of("caseId", caseId, "reviewSetId", reviewSetId, "itemId", itemId,
                        "custodian", content.custodian()));
        return content;
    }

    @Transactional
    public List<String> tag(long reviewSetId, long itemId, List<String> add, List<String> remove, Authentication user) {
        long caseId = caseOf(reviewSetId, user);
        requireMember(reviewSetId, itemId);
        for (String t : add == null ? List.<String>of() : add) {
            jdbc.update("""
                    INSERT IGNORE INTO review_tag (review_set_id, item_id, tag, tagged_by, tagged_at) VALUES (?, ?, ?, ?, ?)""",
                    reviewSetId, itemId, checkTag(t), user.getName(), Utc.now());
        }
        for (String t : remove == null ? List.<String>of() : remove) {
            jdbc.update("DELETE FROM review_tag WHERE review_set_id = ? AND item_id = ? AND tag = ?", reviewSetId, itemId, checkTag(t));
        }
        activity.audit("ReviewSetItemTagged", user.getName(), "item:" + itemId, Map.of("caseId", caseId,
                "reviewSetId", reviewSetId, "itemId", itemId, "added", add == null ? List.of() : add,
                "removed", remove == null ? List.of() : remove));
        return tags(reviewSetId, itemId);
    }

    @Transactional
    public long comment(long reviewSetId, long itemId, String text, Authentication user) {
        long caseId = caseOf(reviewSetId, user);
        requireMember(reviewSetId, itemId);
        if (text == null || text.isBlank() || text.length() > 10_000) {
            throw new IllegalArgumentException("a comment needs a text of 1 to 10000 characters");
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("""
                    INSERT INTO review_comment (review_set_id, item_id, author, body, created_at) VALUES (?, ?, ?, ?, ?)""",
                    new String[]{"id"});
            ps.setLong(1, reviewSetId);
            ps.setLong(2, itemId);
            ps.setString(3, user.getName());
            ps.setString(4, text);
            ps.setObject(5, Utc.now());
            return ps;
        }, key);
        long id = key.getKey().longValue();
        activity.audit("ReviewSetItemCommented", user.getName(), "item:" + itemId, Map.of("caseId", caseId,
                "reviewSetId", reviewSetId, "itemId", itemId, "commentId", id));
        return id;
    }

    private List<String> tags(long reviewSetId, long itemId) {
        return jdbc.queryForList("SELECT tag FROM review_tag WHERE review_set_id = ? AND item_id = ? ORDER BY tag", String.class,
                reviewSetId, itemId);
    }

    private List<Comment> comments(long reviewSetId, long itemId) {
        return jdbc.query("SELECT id, author, body, created_at FROM review_comment WHERE review_set_id = ? AND item_id = ? ORDER BY id",
                (rs, n) -> new Comment(rs.getLong(1), rs.getString(2), rs.getString(3),
                        Utc.fromDb(rs.getObject(4, LocalDateTime.class)).toString()), reviewSetId, itemId);
    }

    private static String checkTag(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 128) {
            throw new IllegalArgumentException("tags are 1 to 128 characters");
        }
        return tag.strip();
    }

    private void requireMember(long reviewSetId, long itemId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM review_set_item WHERE review_set_id = ? AND item_id = ?", Long.class,
                reviewSetId, itemId);
        if (n == null || n == 0) {
            throw new NotFoundException("item " + itemId + " in review set " + reviewSetId);
        }
    }

    /** The review set's case, after checking the caller may see it. */
    private long caseOf(long reviewSetId, Authentication user) {
        Long caseId = jdbc.query("SELECT case_id FROM review_set WHERE id = ?", rs -> rs.next() ? rs.getLong(1) : null, reviewSetId);
        if (caseId == null) {
            throw new NotFoundException("review set " + reviewSetId);
        }
        try {
            cases.requireVisible(caseId, user);
        } catch (NotFoundException e) {
            throw new NotFoundException("review set " + reviewSetId);
        }
        return caseId;
    }
}
