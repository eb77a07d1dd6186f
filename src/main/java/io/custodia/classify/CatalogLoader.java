package io.custodia.classify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a SIT catalogue (YAML, see {@code docs/classification.md}) and checks it completely before
 * anything runs: every error names the file, the SIT id and the field, e.g.
 * {@code sit-catalog.yaml: sit 'employee-id' primary[0].validators: unknown validator 'lunh'}.
 */
public final class CatalogLoader {

    /** The catalogue in the working directory, as deployed. */
    public static final Path DEFAULT_PATH = Path.of("config", "sit-catalog.yaml");
    /** The copy of {@code config/sit-catalog.yaml} bundled in the jar. */
    public static final String BUNDLED = "/catalog/sit-catalog.yaml";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> TOP_FIELDS = Set.of("version", "proximity", "labels", "dictionaries", "sits");
    private static final Set<String> SIT_FIELDS = Set.of("id", "name", "description", "proximity", "primary",
            "evidence", "confidence", "exclude", "yields-to");
    private static final Set<String> PRIMARY_FIELDS = Set.of("id", "pattern", "terms", "dictionary", "validators",
            "anchor", "anchor-window");
    private static final Set<String> EVIDENCE_FIELDS = Set.of("terms", "case-sensitive-terms", "dictionary",
            "pattern", "proximity", "position");
    private static final Set<String> RULE_FIELDS = Set.of("level", "primary", "requires", "any", "not");

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private CatalogLoader() {
    }

    /**
     * The catalogue at {@code path} if given, else {@code config/sit-catalog.yaml} in the working
     * directory if it exists, else the bundled copy.
     */
    public static SitCatalog load(Path path) {
        if (path != null) {
            return loadFile(path);
        }
        if (Files.isRegularFile(DEFAULT_PATH)) {
            return loadFile(DEFAULT_PATH);
        }
        return loadBundled();
    }

    public static SitCatalog loadFile(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(in, path.toString());
        } catch (IOException e) {
            throw new CatalogException(path + ": cannot read the SIT catalogue: " + e.getMessage(), e);
        }
    }

    public static SitCatalog loadBundled() {
        try (InputStream in = CatalogLoader.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new CatalogException("classpath:" + BUNDLED + ": no SIT catalogue bundled in this build");
            }
            return parse(in, "classpath:" + BUNDLED);
        } catch (IOException e) {
            throw new CatalogException("classpath:" + BUNDLED + ": " + e.getMessage(), e);
        }
    }

    public static SitCatalog parse(String yaml, String source) {
        return parse(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), source);
    }

    public static SitCatalog parse(InputStream in, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (JacksonException e) {
            throw new CatalogException(source + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (root == null || !root.isObject()) {
            throw new CatalogException(source + ": expected a mapping with 'sits'");
        }
        return new Reader(source).catalog(root);
    }

    /** Walks the tree with the position in hand for messages. */
    private static final class Reader {

        private final String source;
        private final Map<String, List<String>> dictionaries = new LinkedHashMap<>();

        Reader(String source) {
            this.source = source;
        }

        SitCatalog catalog(JsonNode root) {
            fields(root, TOP_FIELDS, "");
            int proximity = integer(root.get("proximity"), 300, "proximity", "");
            LabelPriority labels = labels(root.get("labels"));
            JsonNode dicts = root.get("dictionaries");
            if (dicts != null) {
                if (!dicts.isObject()) {
                    throw fail("", "dictionaries", "expected a mapping of name to a list of terms");
                }
                for (Map.Entry<String, JsonNode> e : dicts.properties()) {
                    dictionaries.put(e.getKey(), strings(e.getValue(), "dictionaries." + e.getKey(), ""));
                }
            }
            JsonNode sitsNode = root.get("sits");
            if (sitsNode == null || !sitsNode.isArray() || sitsNode.isEmpty()) {
                throw fail("", "sits", "expected a non-empty list of sensitive information types");
            }
            List<SitDefinition> sits = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            int index = 0;
            for (JsonNode s : sitsNode) {
                SitDefinition sit = sit(s, index++, proximity);
                if (!ids.add(sit.id())) {
                    throw fail("sit '" + sit.id() + "' ", "id", "defined twice");
                }
                sits.add(sit);
            }
            for (SitDefinition sit : sits) {
                for (String other : sit.yieldsTo()) {
                    if (!ids.contains(other)) {
                        throw fail("sit '" + sit.id() + "' ", "yields-to", "unknown SIT '" + other + "'");
                    }
                }
            }
            return new SitCatalog(source, proximity, labels, List.copyOf(sits));
        }

        LabelPriority labels(JsonNode node) {
            if (node == null) {
                return LabelPriority.DEFAULT;
            }
            fields(node, Set.of("priority", "unknown-after"), "labels.");
            List<String> priority = node.has("priority") ? strings(node.get("priority"), "labels.priority", "")
                    : LabelPriority.DEFAULT.priority();
            String unknownAfter = node.has("unknown-after") ? node.get("unknown-after").asString()
                    : LabelPriority.DEFAULT.unknownAfter();
            return new LabelPriority(List.copyOf(priority), unknownAfter);
        }

        SitDefinition sit(JsonNode node, int index, int defaultProximity) {
            String where = "sits[" + index + "] ";
            if (!node.isObject()) {
                throw fail(where, "", "expected a mapping");
            }
            JsonNode idNode = node.get("id");
            if (idNode == null || !idNode.isString() || !ID.matcher(idNode.asString()).matches()) {
                throw fail(where, "id", "required, lower-case letters, digits and hyphens");
            }
            String id = idNode.asString();
            where = "sit '" + id + "' ";
            fields(node, SIT_FIELDS, where);
            int proximity = proximity(node.get("proximity"), defaultProximity, "proximity", where);

            JsonNode primaryNode = node.get("primary");
            if (primaryNode == null || !primaryNode.isArray() || primaryNode.isEmpty()) {
                throw fail(where, "primary", "expected a non-empty list of primary elements");
            }
            List<PrimaryElement> primaries = new ArrayList<>();
            Set<String> primaryIds = new HashSet<>();
            int p = 0;
            for (JsonNode e : primaryNode) {
                PrimaryElement element = primary(e, "primary[" + p + "]", where, p);
                if (!primaryIds.add(element.id())) {
                    throw fail(where, "primary[" + p + "].id", "'" + element.id() + "' used twice");
                }
                primaries.add(element);
                p++;
            }

            Map<String, EvidenceGroup> evidence = new LinkedHashMap<>();
            JsonNode evidenceNode = node.get("evidence");
            if (evidenceNode != null) {
                if (!evidenceNode.isObject()) {
                    throw fail(where, "evidence", "expected a mapping of group name to terms or pattern");
                }
                for (Map.Entry<String, JsonNode> e : evidenceNode.properties()) {
                    evidence.put(e.getKey(), evidence(e.getKey(), e.getValue(), where));
                }
            }

            JsonNode rulesNode = node.get("confidence");
            if (rulesNode == null || !rulesNode.isArray() || rulesNode.isEmpty()) {
                throw fail(where, "confidence", "expected a non-empty list of confidence levels");
            }
            List<ConfidenceRule> rules = new ArrayList<>();
            int r = 0;
            for (JsonNode e : rulesNode) {
                rules.add(rule(e, "confidence[" + r++ + "]", where, primaryIds, evidence.keySet()));
            }
            rules.sort((a, b) -> Integer.compare(b.level(), a.level()));

            Set<String> excludedValues = new LinkedHashSet<>();
            List<Pattern> excludedPatterns = new ArrayList<>();
            JsonNode exclude = node.get("exclude");
            if (exclude != null) {
                fields(exclude, Set.of("values", "patterns"), where + "exclude.");
                if (exclude.has("values")) {
                    for (String v : strings(exclude.get("values"), "exclude.values", where)) {
                        excludedValues.add(normalizeValue(v));
                    }
                }
                if (exclude.has("patterns")) {
                    int k = 0;
                    for (String v : strings(exclude.get("patterns"), "exclude.patterns", where)) {
                        excludedPatterns.add(regex(v, where, "exclude.patterns[" + k++ + "]"));
                    }
                }
            }
            List<String> yieldsTo = node.has("yields-to") ? strings(node.get("yields-to"), "yields-to", where) : List.of();
            return new SitDefinition(id, text(node.get("name"), id), text(node.get("description"), null), proximity,
                    List.copyOf(primaries), Map.copyOf(evidence), List.copyOf(rules), Set.copyOf(excludedValues),
                    List.copyOf(excludedPatterns), List.copyOf(yieldsTo));
        }

        PrimaryElement primary(JsonNode node, String field, String where, int index) {
            if (!node.isObject()) {
                throw fail(where, field, "expected a mapping with 'pattern' or 'terms'");
            }
            fields(node, PRIMARY_FIELDS, where + field + ".");
            String id = text(node.get("id"), "p" + index);
            int kinds = (node.has("pattern") ? 1 : 0) + (node.has("terms") ? 1 : 0) + (node.has("dictionary") ? 1 : 0);
            if (kinds != 1) {
                throw fail(where, field, "give exactly one of 'pattern', 'terms' or 'dictionary'");
            }
            Pattern pattern = node.has("pattern") ? regex(text(node.get("pattern"), ""), where, field + ".pattern") : null;
            List<String> terms = node.has("terms") ? strings(node.get("terms"), field + ".terms", where)
                    : node.has("dictionary") ? dictionary(node.get("dictionary"), where, field + ".dictionary") : List.of();
            List<String> validatorNames = node.has("validators")
                    ? strings(node.get("validators"), field + ".validators", where) : List.of();
            List<Validator> validators = new ArrayList<>();
            for (int i = 0; i < validatorNames.size(); i++) {
                Validator v = Validators.named(validatorNames.get(i));
                if (v == null) {
                    throw fail(where, field + ".validators[" + i + "]", "unknown validator '" + validatorNames.get(i)
                            + "' (known: " + String.join(", ", Validators.names()) + ")");
                }
                validators.add(v);
            }
            Character anchor = null;
            if (node.has("anchor")) {
                String a = text(node.get("anchor"), "");
                if (a.length() != 1 || pattern == null) {
                    throw fail(where, field + ".anchor", "a single character, and only with 'pattern'");
                }
                anchor = a.charAt(0);
            }
            int window = integer(node.get("anchor-window"), 256, field + ".anchor-window", where);
            return new PrimaryElement(id, pattern, List.copyOf(terms), List.copyOf(validatorNames),
                    List.copyOf(validators), anchor, window);
        }

        EvidenceGroup evidence(String name, JsonNode node, String where) {
            String field = "evidence." + name;
            if (node.isArray()) {
                return new EvidenceGroup(name, strings(node, field, where), List.of(), null, null, false);
            }
            if (!node.isObject()) {
                throw fail(where, field, "expected a list of terms or a mapping");
            }
            fields(node, EVIDENCE_FIELDS, where + field + ".");
            List<String> terms = new ArrayList<>();
            if (node.has("terms")) {
                terms.addAll(strings(node.get("terms"), field + ".terms", where));
            }
            if (node.has("dictionary")) {
                terms.addAll(dictionary(node.get("dictionary"), where, field + ".dictionary"));
            }
            List<String> caseSensitive = node.has("case-sensitive-terms")
                    ? strings(node.get("case-sensitive-terms"), field + ".case-sensitive-terms", where) : List.of();
            Pattern pattern = node.has("pattern") ? regex(text(node.get("pattern"), ""), where, field + ".pattern") : null;
            if (terms.isEmpty() && caseSensitive.isEmpty() && pattern == null) {
                throw fail(where, field, "give 'terms', 'case-sensitive-terms', 'dictionary' or 'pattern'");
            }
            if (pattern != null && !(terms.isEmpty() && caseSensitive.isEmpty())) {
                throw fail(where, field, "give either terms or a pattern, not both (use two groups)");
            }
            Integer proximity = node.has("proximity") ? proximity(node.get("proximity"), 0, field + ".proximity", where) : null;
            String position = text(node.get("position"), "around");
            if (!position.equals("around") && !position.equals("before")) {
                throw fail(where, field + ".position", "'around' (default) or 'before', not '" + position + "'");
            }
            return new EvidenceGroup(name, List.copyOf(terms), List.copyOf(caseSensitive), pattern, proximity,
                    position.equals("before"));
        }

        ConfidenceRule rule(JsonNode node, String field, String where, Set<String> primaries, Set<String> groups) {
            if (!node.isObject()) {
                throw fail(where, field, "expected a mapping with 'level'");
            }
            fields(node, RULE_FIELDS, where + field + ".");
            JsonNode levelNode = node.get("level");
            if (levelNode == null || !levelNode.isInt() || levelNode.intValue() < 1 || levelNode.intValue() > 100) {
                throw fail(where, field + ".level", "required, an integer from 1 to 100 (Purview uses 65, 75, 85)");
            }
            String primary = text(node.get("primary"), null);
            if (primary != null && !primaries.contains(primary)) {
                throw fail(where, field + ".primary", "unknown primary element '" + primary + "' (known: "
                        + String.join(", ", primaries) + ")");
            }
            List<String> requires = groups(node, "requires", field, where, groups);
            List<String> any = groups(node, "any", field, where, groups);
            List<String> not = groups(node, "not", field, where, groups);
            return new ConfidenceRule(levelNode.intValue(), primary, requires, any, not);
        }

        List<String> groups(JsonNode node, String key, String field, String where, Set<String> groups) {
            if (!node.has(key)) {
                return List.of();
            }
            List<String> names = strings(node.get(key), field + "." + key, where);
            for (String n : names) {
                if (!groups.contains(n)) {
                    throw fail(where, field + "." + key, "unknown evidence group '" + n + "' (defined: "
                            + (groups.isEmpty() ? "none" : String.join(", ", groups)) + ")");
                }
            }
            return List.copyOf(names);
        }

        List<String> dictionary(JsonNode node, String where, String field) {
            String name = text(node, "");
            List<String> terms = dictionaries.get(name);
            if (terms == null) {
                throw fail(where, field, "unknown dictionary '" + name + "' (defined: "
                        + (dictionaries.isEmpty() ? "none" : String.join(", ", dictionaries.keySet())) + ")");
            }
            return terms;
        }

        Pattern regex(String regex, String where, String field) {
            if (regex.isEmpty()) {
                throw fail(where, field, "empty pattern");
            }
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw fail(where, field, "invalid regular expression: " + e.getDescription() + " near index "
                        + e.getIndex() + " of " + regex);
            }
        }

        void fields(JsonNode node, Set<String> allowed, String where) {
            if (!node.isObject()) {
                throw fail(where, "", "expected a mapping");
            }
            for (String name : node.propertyNames()) {
                if (!allowed.contains(name)) {
                    throw fail(where, name, "unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        List<String> strings(JsonNode node, String field, String where) {
            if (node == null || !node.isArray()) {
                throw fail(where, field, "expected a list of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isValueNode() || n.isNull() || n.asString().isEmpty()) {
                    throw fail(where, field, "expected a list of non-empty strings");
                }
                out.add(n.asString());
            }
            return out;
        }

        int integer(JsonNode node, int fallback, String field, String where) {
            if (node == null) {
                return fallback;
            }
            if (!node.isInt() || node.intValue() < 0) {
                throw fail(where, field, "expected a non-negative integer");
            }
            return node.intValue();
        }

        /** A number of characters, or {@code anywhere} (Purview's relaxProximity). */
        int proximity(JsonNode node, int fallback, String field, String where) {
            if (node != null && node.isString() && node.asString().equals("anywhere")) {
                return -1;
            }
            return integer(node, fallback, field, where);
        }

        static String text(JsonNode node, String fallback) {
            return node == null || node.isNull() ? fallback : node.asString();
        }

        CatalogException fail(String where, String field, String message) {
            return new CatalogException(source + ": " + where + (field.isEmpty() ? "" : field + ": ") + message);
        }
    }

    /** Excluded values compare on letters and digits only, upper case ("078-05-1120" = "078051120"). */
    static String normalizeValue(CharSequence v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }
}
