package io.custodia.ediscovery.query;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.custodia.ediscovery.query.QueryNode.Property;
import io.custodia.ediscovery.query.QueryNode.Range;

/**
 * Parses the KQL-like search language of eDiscovery (see docs/ediscovery.md): keywords and
 * {@code "phrases"} with a trailing {@code *} for prefixes, {@code AND}/{@code OR}/{@code NOT} (upper
 * case, as in KQL; adjacent terms mean AND; {@code -term} means NOT), parentheses, and property
 * restrictions such as {@code ItemClass:IPM.SkypeTeams.Message*}, {@code sent>=2026-01-01} or
 * {@code SensitiveType:"credit-card-number|1..|85.."}.
 *
 * <p>Hand-written recursive descent: the grammar is a dozen lines, and a parser generator would not
 * give better messages than "at position N: expected X, found Y", which is what users need.
 */
public final class KqlParser {

    /** Longest query accepted (a query is a few lines, not a document). */
    public static final int MAX_LENGTH = 10_000;
    private static final int MAX_VALUE_LENGTH = 512;
    private static final int MAX_DEPTH = 64;
    private static final Pattern RESTRICTION = Pattern.compile("([A-Za-z]+)(>=|<=|<>|:|=|>|<)(.*)", Pattern.DOTALL);
    private static final Pattern RANGE_BOUND = Pattern.compile("\\d{1,18}");
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/uuuu");

    private enum Type { LPAREN, RPAREN, AND, OR, NOT, WORD, QUOTED, RESTRICTION, END }

    /** A token; for restrictions {@code text} is the property name and value/valueAt describe the value. */
    private record Token(Type type, String text, int at, String op, String value, int valueAt, boolean valueQuoted) {
        String describe() {
            return switch (type) {
                case END -> "end of query";
                case QUOTED -> "\"" + text + "\"";
                case RESTRICTION -> "'" + text + op + "'";
                default -> "'" + text + "'";
            };
        }
    }

    private final String query;
    private final List<Token> tokens;
    private int next;
    private int depth;

    private KqlParser(String query) {
        this.query = query;
        this.tokens = lex(query);
    }

    /** Parses {@code query}; throws {@link QuerySyntaxException} with position and expectation when it is malformed. */
    public static QueryNode parse(String query) {
        if (query == null || query.isBlank()) {
            throw new QuerySyntaxException(1, "a keyword or a property restriction", "an empty query");
        }
        if (query.length() > MAX_LENGTH) {
            throw new QuerySyntaxException(MAX_LENGTH + 1, "at most " + MAX_LENGTH + " characters", query.length() + " characters");
        }
        KqlParser p = new KqlParser(query);
        QueryNode node = p.or();
        Token t = p.peek();
        if (t.type() != Type.END) {
            throw new QuerySyntaxException(t.at(), t.type() == Type.RPAREN ? "a term or end of query (no '(' is open)"
                    : "AND, OR or end of query", t.describe());
        }
        return node;
    }

    // ------------------------------------------------------------------ grammar

    private QueryNode or() {
        List<QueryNode> terms = new ArrayList<>();
        terms.add(and());
        while (peek().type() == Type.OR) {
            next++;
            terms.add(and());
        }
        return terms.size() == 1 ? terms.get(0) : new QueryNode.Or(List.copyOf(terms));
    }

    private QueryNode and() {
        List<QueryNode> terms = new ArrayList<>();
        terms.add(unary());
        while (true) {
            Type t = peek().type();
            if (t == Type.AND) {
                next++;
                terms.add(unary());
            } else if (t == Type.NOT || t == Type.LPAREN || t == Type.WORD || t == Type.QUOTED || t == Type.RESTRICTION) {
                terms.add(unary()); // adjacent terms: AND, as in KQL
            } else {
                break;
            }
        }
        return terms.size() == 1 ? terms.get(0) : new QueryNode.And(List.copyOf(terms));
    }

    private QueryNode unary() {
        if (peek().type() == Type.NOT) {
            next++;
            return new QueryNode.Not(unary());
        }
        return primary();
    }

    private QueryNode primary() {
        Token t = peek();
        switch (t.type()) {
            case LPAREN -> {
                if (++depth > MAX_DEPTH) {
                    throw new QuerySyntaxException(t.at(), "at most " + MAX_DEPTH + " nested parentheses", "more");
                }
                next++;
                QueryNode inner = or();
                Token close = peek();
                if (close.type() != Type.RPAREN) {
                    throw new QuerySyntaxException(close.at(), "')' to close the '(' at position " + t.at(), close.describe());
                }
                next++;
                depth--;
                return inner;
            }
            case WORD, QUOTED -> {
                next++;
                return keyword(t);
            }
            case RESTRICTION -> {
                next++;
                return restriction(t);
            }
            default -> throw new QuerySyntaxException(t.at(), "a keyword, a property restriction or '('", t.describe());
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    // ------------------------------------------------------------------ keywords

    private static QueryNode keyword(Token t) {
        String text = t.text();
        boolean prefix = text.endsWith("*");
        List<String> words = words(text);
        if (words.isEmpty()) {
            throw new QuerySyntaxException(t.at(), "a keyword with letters or digits", t.describe());
        }
        boolean phrase = words.size() > 1;
        return new QueryNode.Keyword(List.copyOf(words), phrase, prefix && !phrase);
    }

    /** The words of a text as MariaDB's full-text parser splits them. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.split("[^\\p{L}\\p{N}_]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    // ------------------------------------------------------------------ restrictions

    private QueryNode restriction(Token t) {
        Property property = Property.named(t.text());
        if (property == null) {
            throw new QuerySyntaxException(t.at(), "a property (" + Property.known()
                    + "); put text with ':' in quotes to search it as a keyword", "'" + t.text() + "'");
        }
        String op = t.op();
        String value = t.value();
        if (value.isEmpty()) {
            throw new QuerySyntaxException(t.valueAt(), "a value right after '" + t.text() + op + "'", "nothing");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new QuerySyntaxException(t.valueAt(), "a value of at most " + MAX_VALUE_LENGTH + " characters",
                    value.length() + " characters");
        }
        return switch (property) {
            case SENT -> sent(t, op, value);
            case SIZE -> size(t, op, value);
            default -> {
                if (!op.equals(":") && !op.equals("=")) {
                    throw new QuerySyntaxException(t.at() + t.text().length(), "':' after '" + t.text() + "'", "'" + op + "'");
                }
                yield switch (property) {
                    case HASATTACHMENT -> new QueryNode.HasAttachment(bool(t, value));
                    case KIND -> kind(t, value);
                    case SENSITIVETYPE -> sensitiveType(t, value);
                    default -> text(t, property, value);
                };
            }
        };
    }

    private static QueryNode text(Token t, Property property, String value) {
        boolean prefix = value.endsWith("*");
        String v = prefix ? value.substring(0, value.length() - 1) : value;
        int star = v.indexOf('*');
        if (star >= 0) {
            throw new QuerySyntaxException(t.valueAt() + (t.valueQuoted() ? 1 : 0) + star, "'*' only at the end of a value", "'*'");
        }
        if (v.isBlank()) {
            throw new QuerySyntaxException(t.valueAt(), "a value before '*'", "'" + value + "'");
        }
        return new QueryNode.Text(property, v, prefix);
    }

    private static boolean bool(Token t, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new QuerySyntaxException(t.valueAt(), "true or false", "'" + value + "'");
        };
    }

    /** Purview's Kind values. Only the messaging kinds hold AI interactions; the others are valid and match nothing. */
    private static final Map<String, Set<String>> KINDS = Map.ofEntries(
            Map.entry("prompt", Set.of("prompt")), Map.entry("response", Set.of("response")), Map.entry("tool", Set.of("tool")),
            Map.entry("im", Set.of("prompt", "response", "tool")),
            Map.entry("microsoftteams", Set.of("prompt", "response", "tool")),
            Map.entry("instantmessages", Set.of("prompt", "response", "tool")),
            Map.entry("email", Set.of()), Map.entry("externaldata", Set.of()), Map.entry("meetings", Set.of()),
            Map.entry("docs", Set.of()), Map.entry("faxes", Set.of()), Map.entry("journals", Set.of()),
            Map.entry("notes", Set.of()), Map.entry("posts", Set.of()), Map.entry("rssfeeds", Set.of()),
            Map.entry("tasks", Set.of()), Map.entry("voicemail", Set.of()));

    private static QueryNode kind(Token t, String value) {
        Set<String> kinds = KINDS.get(value.toLowerCase(Locale.ROOT));
        if (kinds == null) {
            throw new QuerySyntaxException(t.valueAt(), "a kind (prompt, response, tool, im, microsoftteams, "
                    + "instantmessages, email, externaldata, meetings, docs, faxes, journals, notes, posts, rssfeeds, "
                    + "tasks, voicemail)", "'" + value + "'");
        }
        return new QueryNode.Kind(kinds);
    }

    private static QueryNode sensitiveType(Token t, String value) {
        String[] parts = value.split("\\|", -1);
        if (parts.length > 3) {
            throw new QuerySyntaxException(t.valueAt(), "\"type|count range|confidence range\" (at most two '|')", "'" + value + "'");
        }
        String sit = parts[0].trim();
        if (sit.isEmpty()) {
            throw new QuerySyntaxException(t.valueAt(), "a sensitive information type before '|'", "'" + value + "'");
        }
        int offset = t.valueAt() + (t.valueQuoted() ? 1 : 0);
        Range count = Range.ANY;
        Range confidence = Range.ANY;
        if (parts.length > 1) {
            count = range(parts[1], offset + parts[0].length() + 1, "a count range (5, 5.., ..5 or 1..5)", Long.MAX_VALUE);
        }
        if (parts.length > 2) {
            confidence = range(parts[2], offset + parts[0].length() + parts[1].length() + 2,
                    "a confidence range between 0 and 100 (85, 85.., ..85 or 65..85)", 100);
        }
        return new QueryNode.SensitiveType(sit, count, confidence);
    }

    /** {@code N}, {@code N..}, {@code ..N}, {@code N..M}, or nothing (any). */
    private static Range range(String text, int at, String expected, long max) {
        String s = text.trim();
        if (s.isEmpty()) {
            return Range.ANY;
        }
        int dots = s.indexOf("..");
        String lo = dots < 0 ? s : s.substring(0, dots);
        String hi = dots < 0 ? s : s.substring(dots + 2);
        Long min = lo.isEmpty() ? null : bound(lo, at, expected, max);
        Long maxValue = hi.isEmpty() ? null : bound(hi, at, expected, max);
        if (dots >= 0 && min == null && maxValue == null) {
            throw new QuerySyntaxException(at, expected, "'..'");
        }
        if (min != null && maxValue != null && min > maxValue) {
            throw new QuerySyntaxException(at, expected + " with its lower end first", "'" + text + "'");
        }
        return new Range(min, maxValue);
    }

    private static long bound(String s, int at, String expected, long max) {
        if (!RANGE_BOUND.matcher(s).matches() || Long.parseLong(s) > max) {
            throw new QuerySyntaxException(at, expected, "'" + s + "'");
        }
        return Long.parseLong(s);
    }

    private static QueryNode size(Token t, String op, String value) {
        String expected = "a size in bytes (sizes are whole numbers, ranges are written 1000..5000)";
        if (op.equals(":") || op.equals("=")) {
            Range r = range(value, t.valueAt(), expected, Long.MAX_VALUE);
            return new QueryNode.SizeBetween(r.min(), r.max());
        }
        long n = bound(value, t.valueAt(), expected, Long.MAX_VALUE - 1);
        return switch (op) {
            case ">=" -> new QueryNode.SizeBetween(n, null);
            case ">" -> new QueryNode.SizeBetween(n + 1, null);
            case "<=" -> new QueryNode.SizeBetween(null, n);
            case "<" -> new QueryNode.SizeBetween(null, n - 1);
            default -> throw new QuerySyntaxException(t.at() + t.text().length(), "':', '=', '>=', '<=', '>' or '<'", "'" + op + "'");
        };
    }

    // ------------------------------------------------------------------ dates

    /** A moment or a whole day (UTC): {@code start} inclusive, {@code end} exclusive. */
    private record Span(Instant start, Instant end) {
    }

    private static QueryNode sent(Token t, String op, String value) {
        int at = t.valueAt();
        return switch (op) {
            case ":", "=" -> {
                int dots = value.indexOf("..");
                if (dots < 0) {
                    Span s = span(value, at);
                    yield new QueryNode.SentBetween(s.start(), s.end());
                }
                String lo = value.substring(0, dots);
                String hi = value.substring(dots + 2);
                if (lo.isEmpty() && hi.isEmpty()) {
                    throw new QuerySyntaxException(at, "a date range such as 2026-01-01..2026-01-31", "'..'");
                }
                Instant from = lo.isEmpty() ? null : span(lo, at).start();
                Instant until = hi.isEmpty() ? null : span(hi, at + dots + 2).end();
                if (from != null && until != null && !from.isBefore(until)) {
                    throw new QuerySyntaxException(at, "a date range with its earlier end first", "'" + value + "'");
                }
                yield new QueryNode.SentBetween(from, until);
            }
            case ">=" -> new QueryNode.SentBetween(span(value, at).start(), null);
            case ">" -> new QueryNode.SentBetween(span(value, at).end(), null);
            case "<=" -> new QueryNode.SentBetween(null, span(value, at).end());
            case "<" -> new QueryNode.SentBetween(null, span(value, at).start());
            default -> throw new QuerySyntaxException(t.at() + t.text().length(), "':', '=', '>=', '<=', '>' or '<'", "'" + op + "'");
        };
    }

    private static Span span(String value, int at) {
        String expected = "a date (2026-01-31 or 1/31/2026) or a UTC time (2026-01-31T14:00:00Z)";
        try {
            if (value.indexOf('T') > 0) {
                Instant instant;
                if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                    instant = OffsetDateTime.parse(value).toInstant();
                } else {
                    instant = LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
                }
                return new Span(instant, instant.plus(1, ChronoUnit.MICROS));
            }
            LocalDate day = value.indexOf('/') > 0 ? LocalDate.parse(value, US_DATE) : LocalDate.parse(value);
            return new Span(day.atStartOfDay(ZoneOffset.UTC).toInstant(), day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeException e) {
            throw new QuerySyntaxException(at, expected, "'" + value + "'");
        }
    }

    // ------------------------------------------------------------------ lexer

    private static List<Token> lex(String q) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = q.length();
        while (i < n) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(simple(Type.LPAREN, "(", i));
                i++;
            } else if (c == ')') {
                out.add(simple(Type.RPAREN, ")", i));
                i++;
            } else if (c == '"') {
                int start = i;
                int end = closingQuote(q, i);
                String text = q.substring(i + 1, end);
                i = end + 1;
                if (i < n && q.charAt(i) == '*') {
                    text += "*";
                    i++;
                }
                out.add(new Token(Type.QUOTED, text, start + 1, null, null, 0, false));
            } else if ((c == '-' || c == '+') && i + 1 < n && startsTerm(q.charAt(i + 1))) {
                if (c == '-') {
                    out.add(simple(Type.NOT, "-", i));
                }
                i++;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(q.charAt(i)) && "()\"".indexOf(q.charAt(i)) < 0) {
                    i++;
                }
                String word = q.substring(start, i);
                Matcher m = RESTRICTION.matcher(word);
                if (word.equals("AND") || word.equals("OR") || word.equals("NOT")) {
                    out.add(simple(Type.valueOf(word), word, start));
                } else if (m.matches()) {
                    String op = m.group(2);
                    String value = m.group(3);
                    int valueAt = start + m.start(3);
                    boolean quoted = false;
                    if (value.isEmpty() && i < n && q.charAt(i) == '"') {
                        int end = closingQuote(q, i);
                        value = q.substring(i + 1, end);
                        quoted = true;
                        i = end + 1;
                        if (i < n && q.charAt(i) == '*') {
                            value += "*";
                            i++;
                        }
                    }
                    out.add(new Token(Type.RESTRICTION, m.group(1), start + 1, op, value, valueAt + 1, quoted));
                } else {
                    out.add(simple(Type.WORD, word, start));
                }
            }
        }
        out.add(simple(Type.END, "", n));
        return out;
    }

    private static boolean startsTerm(char c) {
        return !Character.isWhitespace(c) && c != ')' && c != '-' && c != '+';
    }

    private static int closingQuote(String q, int open) {
        int end = q.indexOf('"', open + 1);
        if (end < 0) {
            throw new QuerySyntaxException(q.length() + 1, "'\"' to close the quote at position " + (open + 1), "end of query");
        }
        return end;
    }

    /** Positions are 1-based for people; tokens are created with 0-based offsets. */
    private static Token simple(Type type, String text, int offset) {
        return new Token(type, text, offset + 1, null, null, 0, false);
    }
}
