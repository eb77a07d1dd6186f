package io.custodia.ediscovery;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.custodia.support.Utc;
import io.custodia.web.Roles;

/**
 * eDiscovery cases and who may see them: an eDiscovery Administrator sees every case, an eDiscovery
 * Manager the cases they are a member of (creating a case makes its creator a member). A case the
 * caller may not see answers as if it did not exist.
 */
@Component
public class Cases {

    public record Case(long id, String name, String description, String status, String createdBy, String createdAt,
                       List<String> members) {
    }

    private final JdbcTemplate jdbc;
    private final EdiscoveryActivity activity;

    public Cases(JdbcTemplate jdbc, EdiscoveryActivity activity) {
        this.jdbc = jdbc;
        this.activity = activity;
    }

    @Transactional
    public long create(String name, String description, Authentication user) {
        if (name == null || name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("a case needs a name of 1 to 255 characters");
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO ediscovery_case (name, description, created_by, created_at) VALUES (?, ?, ?, ?)",
                    new String[]{"id"});
            ps.setString(1, name.strip());
            ps.setString(2, description);
            ps.setString(3, user.getName());
            ps.setObject(4, Utc.now());
            return ps;
        }, key);
        long id = key.getKey().longValue();
        jdbc.update("INSERT INTO ediscovery_case_member (case_id, username, added_by, added_at) VALUES (?, ?, ?, ?)",
                id, user.getName(), user.getName(), Utc.now());
        activity.auditAndPublish("CaseAdded", "case.created", String.valueOf(id), "info", user.getName(), "case:" + id,
                Map.of("caseId", id, "name", name.strip()));
        return id;
    }

    @Transactional
    public void addMember(long caseId, String username, Authentication user) {
        requireVisible(caseId, user);
        if (username == null || username.isBlank() || username.length() > 255) {
            throw new IllegalArgumentException("a member needs a username of 1 to 255 characters");
        }
        jdbc.update("""
                INSERT INTO ediscovery_case_member (case_id, username, added_by, added_at) VALUES (?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE username = username""", caseId, username.strip(), user.getName(), Utc.now());
        activity.audit("CaseMemberAdded", user.getName(), "case:" + caseId, Map.of("caseId", caseId, "member", username.strip()));
    }

    public List<Case> visible(Authentication user) {
        List<Long> ids = isAdmin(user)
                ? jdbc.queryForList("SELECT id FROM ediscovery_case ORDER BY id", Long.class)
                : jdbc.queryForList("SELECT case_id FROM ediscovery_case_member WHERE username = ? ORDER BY case_id", Long.class,
                user.getName());
        return ids.stream().map(this::load).toList();
    }

    public Case get(long caseId, Authentication user) {
        requireVisible(caseId, user);
        return load(caseId);
    }

    /** Throws {@link NotFoundException} unless the case exists and the caller may see it. */
    public void requireVisible(long caseId, Authentication user) {
        Long n = isAdmin(user)
                ? jdbc.queryForObject("SELECT COUNT(*) FROM ediscovery_case WHERE id = ?", Long.class, caseId)
                : jdbc.queryForObject("SELECT COUNT(*) FROM ediscovery_case_member WHERE case_id = ? AND username = ?",
                Long.class, caseId, user.getName());
        if (n == null || n == 0) {
            throw new NotFoundException("case " + caseId);
        }
    }

    static boolean isAdmin(Authentication user) {
        return user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + Roles.EDISCOVERY_ADMIN));
    }

    private Case load(long id) {
        List<String> members = jdbc.queryForList(
                "SELECT username FROM ediscovery_case_member WHERE case_id = ? ORDER BY username", String.class, id);
        return jdbc.queryForObject("SELECT id, name, description, status, created_by, created_at FROM ediscovery_case WHERE id = ?",
                (rs, n) -> new Case(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        Utc.fromDb(rs.getObject(6, java.time.LocalDateTime.class)).toString(), members), id);
    }
}
