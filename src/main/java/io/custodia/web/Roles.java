package io.custodia.web;

import java.util.List;

/** The role groups of reference/purview.md §8, as Spring Security roles. */
public final class Roles {

    public static final String COMPLIANCE_ADMIN = "COMPLIANCE_ADMIN";
    public static final String CONTENT_VIEWER = "CONTENT_VIEWER";
    public static final String EDISCOVERY_MANAGER = "EDISCOVERY_MANAGER";
    public static final String EDISCOVERY_ADMIN = "EDISCOVERY_ADMIN";
    public static final String INSIDER_RISK_ANALYST = "INSIDER_RISK_ANALYST";
    public static final String COMMUNICATION_COMPLIANCE_REVIEWER = "COMMUNICATION_COMPLIANCE_REVIEWER";
    public static final String AUDIT_READER = "AUDIT_READER";
    public static final String OPERATOR = "OPERATOR";

    public static final List<String> ALL = List.of(COMPLIANCE_ADMIN, CONTENT_VIEWER, EDISCOVERY_MANAGER,
            EDISCOVERY_ADMIN, INSIDER_RISK_ANALYST, COMMUNICATION_COMPLIANCE_REVIEWER, AUDIT_READER, OPERATOR);

    private Roles() {
    }
}
