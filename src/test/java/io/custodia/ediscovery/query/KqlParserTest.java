package io.custodia.ediscovery.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.custodia.ediscovery.query.QueryNode.And;
import io.custodia.ediscovery.query.QueryNode.Keyword;
import io.custodia.ediscovery.query.QueryNode.Not;
import io.custodia.ediscovery.query.QueryNode.Or;
import io.custodia.ediscovery.query.QueryNode.Property;
import io.custodia.ediscovery.query.QueryNode.Range;
import io.custodia.ediscovery.query.QueryNode.SentBetween;
import io.custodia.ediscovery.query.QueryNode.Text;

class KqlParserTest {

    @Test
    void keywordsPhrasesPrefixesAndBooleanOperators() {
        assertThat(KqlParser.parse("revenue")).isEqualTo(new Keyword(List.of("revenue"), false, false));
        assertThat(KqlParser.parse("rev*")).isEqualTo(new Keyword(List.of("rev"), false, true));
        assertThat(KqlParser.parse("\"quarterly revenue\"")).isEqualTo(new Keyword(List.of("quarterly", "revenue"), true, false));
        // words the full-text index would split become a phrase
        assertThat(KqlParser.parse("e-mail")).isEqualTo(new Keyword(List.of("e", "mail"), true, false));
        // adjacent terms are AND, AND binds tighter than OR, NOT and '-' negate
        assertThat(KqlParser.parse("a1 b2 OR c3 AND NOT d4")).isEqualTo(new Or(List.of(
                new And(List.of(kw("a1"), kw("b2"))),
                new And(List.of(kw("c3"), new Not(kw("d4")))))));
        assertThat(KqlParser.parse("(a1 OR b2) -c3 +d4")).isEqualTo(new And(List.of(
                new Or(List.of(kw("a1"), kw("b2"))), new Not(kw("c3")), kw("d4"))));
        // lower-case and/or are keywords, as in KQL
        assertThat(KqlParser.parse("cats and dogs")).isEqualTo(new And(List.of(kw("cats"), kw("and"), kw("dogs"))));
    }

    @Test
    void propertyRestrictions() {
        assertThat(KqlParser.parse("ItemClass:IPM.SkypeTeams.Message.ConnectedAIApp*"))
                .isEqualTo(new Text(Property.ITEMCLASS, "IPM.SkypeTeams.Message.ConnectedAIApp", true));
        assertThat(KqlParser.parse("itemclass=IPM.Note")).isEqualTo(new Text(Property.ITEMCLASS, "IPM.Note", false));
        assertThat(KqlParser.parse("from:alex@acme.com")).isEqualTo(new Text(Property.FROM, "alex@acme.com", false));
        assertThat(KqlParser.parse("subject:\"revenue summary\"")).isEqualTo(new Text(Property.SUBJECT, "revenue summary", false));
        assertThat(KqlParser.parse("custodian:\"alex@acme.com\"")).isEqualTo(new Text(Property.CUSTODIAN, "alex@acme.com", false));
        assertThat(KqlParser.parse("attachmentnames:q3*")).isEqualTo(new Text(Property.ATTACHMENTNAMES, "q3", true));
        assertThat(KqlParser.parse("hasattachment:yes")).isEqualTo(new QueryNode.HasAttachment(true));
        assertThat(KqlParser.parse("HasAttachment:false")).isEqualTo(new QueryNode.HasAttachment(false));
        assertThat(KqlParser.parse("kind:prompt")).isEqualTo(new QueryNode.Kind(Set.of("prompt")));
        assertThat(KqlParser.parse("kind:email")).isEqualTo(new QueryNode.Kind(Set.of()));
        assertThat(KqlParser.parse("size>=1000")).isEqualTo(new QueryNode.SizeBetween(1000L, null));
        assertThat(KqlParser.parse("size:10..20")).isEqualTo(new QueryNode.SizeBetween(10L, 20L));
    }

    @Test
    void datesAreUtcDaysOrMomentsWithInclusiveEnds() {
        Instant d5 = Instant.parse("2026-01-05T00:00:00Z");
        Instant d6 = Instant.parse("2026-01-06T00:00:00Z");
        Instant d7 = Instant.parse("2026-01-07T00:00:00Z");
        assertThat(KqlParser.parse("sent>=2026-01-05")).isEqualTo(new SentBetween(d5, null));
        assertThat(KqlParser.parse("sent<=2026-01-05")).isEqualTo(new SentBetween(null, d6));
        assertThat(KqlParser.parse("sent>2026-01-05")).isEqualTo(new SentBetween(d6, null));
        assertThat(KqlParser.parse("sent<2026-01-05")).isEqualTo(new SentBetween(null, d5));
        assertThat(KqlParser.parse("sent:2026-01-05")).isEqualTo(new SentBetween(d5, d6));
        assertThat(KqlParser.parse("received:2026-01-05..2026-01-06")).isEqualTo(new SentBetween(d5, d7));
        assertThat(KqlParser.parse("sent:1/5/2026..")).isEqualTo(new SentBetween(d5, null));
        assertThat(KqlParser.parse("sent>=2026-01-05T00:30:00Z")).isEqualTo(new SentBetween(Instant.parse("2026-01-05T00:30:00Z"), null));
        assertThat(KqlParser.parse("sent<2026-01-05T01:30:00+01:00")).isEqualTo(new SentBetween(null, Instant.parse("2026-01-05T00:30:00Z")));
        assertThat(KqlParser.parse("sent>=2026-01-05 AND sent<=2026-01-05")).isEqualTo(new And(List.of(
                new SentBetween(d5, null), new SentBetween(null, d6))));
    }

    @Test
    void sensitiveTypesWithCountAndConfidenceRanges() {
        assertThat(KqlParser.parse("SensitiveType:\"credit-card-number|1..|85..\"")).isEqualTo(
                new QueryNode.SensitiveType("credit-card-number", new Range(1L, null), new Range(85L, null)));
        assertThat(KqlParser.parse("SensitiveType:\"us-ssn|..5\"")).isEqualTo(
                new QueryNode.SensitiveType("us-ssn", new Range(null, 5L), Range.ANY));
        assertThat(KqlParser.parse("sensitivetype:iban|2..4|65..85")).isEqualTo(
                new QueryNode.SensitiveType("iban", new Range(2L, 4L), new Range(65L, 85L)));
        assertThat(KqlParser.parse("SensitiveType:\"iban||75\"")).isEqualTo(
                new QueryNode.SensitiveType("iban", Range.ANY, new Range(75L, 75L)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // query | position | expected (start of)
            "`` | 1 | a keyword or a property restriction",
            "`(a1 OR b2` | 10 | ')' to close the '(' at position 1",
            "`a1 OR` | 6 | a keyword, a property restriction or '('",
            "`a1 AND OR b2` | 8 | a keyword, a property restriction or '('",
            "`a1 )` | 4 | a term or end of query",
            "`NOT` | 4 | a keyword, a property restriction or '('",
            "`\"unclosed phrase` | 17 | '\"' to close the quote at position 1",
            "`foo:bar` | 1 | a property (ItemClass",
            "`from:` | 6 | a value right after 'from:'",
            "`from>=x` | 5 | ':' after 'from'",
            "`sent>=yesterday` | 7 | a date (2026-01-31",
            "`sent:2026-02-30` | 6 | a date (2026-01-31",
            "`sent:2026-02-01..2026-01-01` | 6 | a date range with its earlier end first",
            "`sent<>2026-01-01` | 5 | ':', '=', '>=', '<=', '>' or '<'",
            "`hasattachment:maybe` | 15 | true or false",
            "`kind:fax` | 6 | a kind (prompt",
            "`SensitiveType:\"credit-card-number|x..\"` | 35 | a count range",
            "`SensitiveType:\"credit-card-number|1..|101\"` | 39 | a confidence range between 0 and 100",
            "`SensitiveType:\"|1..\"` | 15 | a sensitive information type",
            "`SensitiveType:\"a|1|2|3\"` | 15 | \"type|count range|confidence range\"",
            "`SensitiveType:\"cc|5..1\"` | 19 | a count range (5, 5.., ..5 or 1..5) with its lower end first",
            "`ItemClass:IPM*Skype` | 14 | '*' only at the end of a value",
            "`size>=big` | 7 | a size in bytes",
            "`***` | 1 | a keyword with letters or digits",
    })
    void malformedQueriesSayWhereAndWhatWasExpected(String query, int position, String expected) {
        assertThatThrownBy(() -> KqlParser.parse(query))
                .isInstanceOfSatisfying(QuerySyntaxException.class, e -> {
                    assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
                    assertThat(e.expected()).startsWith(expected);
                    assertThat(e.found()).isNotBlank();
                });
    }

    @Test
    void deepNestingAndHugeQueriesAreRefused() {
        assertThatThrownBy(() -> KqlParser.parse("(".repeat(100) + "a1" + ")".repeat(100)))
                .isInstanceOf(QuerySyntaxException.class).hasMessageContaining("nested parentheses");
        assertThatThrownBy(() -> KqlParser.parse("a".repeat(KqlParser.MAX_LENGTH + 1)))
                .isInstanceOf(QuerySyntaxException.class).hasMessageContaining("at most");
    }

    private static Keyword kw(String w) {
        return new Keyword(List.of(w), false, false);
    }
}
