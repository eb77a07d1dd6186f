package io.custodia.classify;

/**
 * A Microsoft Information Protection label applied to a file, as Office and PDF files record it in
 * their custom properties ({@code MSIP_Label_<id>_Name}, {@code _Enabled}, {@code _SiteId}, …).
 *
 * @param id     the label's GUID
 * @param name   its display name (absent in some files: then the id stands in)
 * @param siteId the tenant that applied it
 * @param method {@code Standard} (by a user or default) or {@code Privileged} / {@code Auto}
 */
public record SensitivityLabel(String id, String name, String siteId, String method, String setDate) {

    /** The name to show and to rank. */
    public String displayName() {
        return name != null && !name.isBlank() ? name : id;
    }
}
