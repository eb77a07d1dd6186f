package io.custodia.ediscovery.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Values only ever travel as bind parameters; the SQL text is made of constants. */
class ItemQuerySqlTest {

    private static final String HOSTILE = "x') OR 1=1; DROP TABLE mail_item; --";

    @Test
    void noValueOfAnyPropertyReachesTheSqlText() {
        for (String property : List.of("ItemClass", "participants", "from", "to", "subject", "attachmentnames",
                "sensitivitylabel", "custodian", "SensitiveType")) {
            String query = property + ":\"" + HOSTILE.replace("|", "") + "\"";
            ItemQuerySql.Condition c = ItemQuerySql.where(KqlParser.parse(query));
            assertThat(c.sql()).as(query).doesNotContain("DROP").doesNotContain("1=1").doesNotContain("x')");
            assertThat(c.params().values().toString()).as(query).contains("DROP TABLE");
        }
        ItemQuerySql.Condition kw = ItemQuerySql.where(KqlParser.parse("\"" + HOSTILE + "\""));
        assertThat(kw.sql()).doesNotContain("DROP");
        // the full-text search string keeps only words: no boolean-mode operators survive
        assertThat(kw.params().get("kq0")).isEqualTo("\"x OR 1 1 DROP TABLE mail_item\"");
    }

    @Test
    void likeWildcardsInValuesAreLiterals() {
        ItemQuerySql.Condition c = ItemQuerySql.where(KqlParser.parse("subject:\"100%_done!\""));
        assertThat(c.sql()).isEqualTo("i.subject LIKE :kq0 ESCAPE '!'");
        assertThat(c.params().get("kq0")).isEqualTo("%100!%!_done!!%");
        ItemQuerySql.Condition p = ItemQuerySql.where(KqlParser.parse("ItemClass:IPM.Skype_Teams*"));
        assertThat(p.params().get("kq0")).isEqualTo("IPM.Skype!_Teams%");
    }

    @Test
    void keywordsSearchItemsAndAttachments() {
        ItemQuerySql.Condition c = ItemQuerySql.where(KqlParser.parse("rev* NOT \"travel policy\""));
        assertThat(c.sql()).contains("MATCH(i.subject, i.body) AGAINST (:kq0 IN BOOLEAN MODE)",
                "MATCH(a.name, a.extracted_text) AGAINST (:kq1 IN BOOLEAN MODE)", "IS NOT TRUE");
        assertThat(c.params()).containsEntry("kq0", "rev*").containsEntry("kq1", "\"travel policy\"");
    }
}
