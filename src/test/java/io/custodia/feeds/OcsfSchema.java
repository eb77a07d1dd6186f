package io.custodia.feeds;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates events against the OCSF 1.8.0 definition files of the shared reference
 * ({@code ../shared/reference/ocsf-1.8.0}): the class is found from {@code class_uid}, its attributes
 * merged along {@code extends} and its profiles; every required attribute must be present, every
 * attribute must be one the class defines, values must have the dictionary's type and the enums'
 * values, {@code category_uid} and {@code type_uid} must agree, and objects whose definitions are in the
 * reference are checked the same way (required attributes, {@code at_least_one} constraints, enums).
 */
final class OcsfSchema {

    private final Path dir;
    private final JsonMapper json = JsonMapper.builder().build();
    private final JsonNode dictionary;
    private final Map<Integer, String> classesByUid = new HashMap<>();
    private final Map<String, JsonNode> events = new HashMap<>();

    private OcsfSchema(Path dir) throws Exception {
        this.dir = dir;
        this.dictionary = json.readTree(dir.resolve("dictionary.json").toFile()).path("attributes");
        JsonNode categories = json.readTree(dir.resolve("categories.json").toFile()).path("attributes");
        try (var files = Files.walk(dir.resolve("events"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode def = json.readTree(p.toFile());
                events.put(def.path("name").asString(), def);
            }
        }
        for (JsonNode def : events.values()) {
            if (def.has("uid")) {
                String category = category(def);
                int uid = categories.path(category).path("uid").asInt() * 1000 + def.path("uid").asInt();
                classesByUid.put(uid, def.path("name").asString());
            }
        }
    }

    static OcsfSchema load() {
        for (String candidate : new String[]{"../shared/reference/ocsf-1.8.0", "/work/shared/reference/ocsf-1.8.0"}) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p.resolve("dictionary.json"))) {
                try {
                    return new OcsfSchema(p);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot read the OCSF reference in " + p, e);
                }
            }
        }
        throw new IllegalStateException("OCSF 1.8.0 reference not found (../shared/reference/ocsf-1.8.0)");
    }

    /** The problems of an event; empty when it is valid. */
    List<String> validate(JsonNode event) {
        List<String> errors = new ArrayList<>();
        int classUid = event.path("class_uid").asInt(-1);
        String name = classesByUid.get(classUid);
        if (name == null) {
            errors.add("class_uid " + classUid + " is not a class of the reference " + classesByUid.keySet());
            return errors;
        }
        JsonNode def = events.get(name);
        Map<String, JsonNode> attrs = classAttributes(def);
        checkAttributes("", event, attrs, errors, true);
        int category = classUid / 1000;
        if (event.path("category_uid").asInt(-1) != category) {
            errors.add("category_uid must be " + category);
        }
        long typeUid = classUid * 100L + event.path("activity_id").asInt();
        if (event.path("type_uid").asLong(-1) != typeUid) {
            errors.add("type_uid must be class_uid * 100 + activity_id = " + typeUid);
        }
        return errors;
    }

    private String category(JsonNode def) {
        JsonNode d = def;
        while (d != null && !d.has("category")) {
            d = d.has("extends") ? events.get(d.path("extends").asString()) : null;
        }
        return d == null ? "other" : d.path("category").asString();
    }

    /** Attributes of a class: base first, each subclass overriding, profiles' attributes merged in. */
    private Map<String, JsonNode> classAttributes(JsonNode def) {
        List<JsonNode> chain = new ArrayList<>();
        for (JsonNode d = def; d != null; d = d.has("extends") ? events.get(d.path("extends").asString()) : null) {
            chain.add(0, d);
        }
        Map<String, JsonNode> attrs = new LinkedHashMap<>();
        for (JsonNode d : chain) {
            merge(attrs, d.path("attributes"));
        }
        return attrs;
    }

    private void merge(Map<String, JsonNode> attrs, JsonNode attributes) {
        for (var it = attributes.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("$include")) {
                for (JsonNode inc : e.getValue()) {
                    File f = dir.resolve(inc.asString()).toFile();
                    if (f.isFile()) { // profiles not in the reference subset are not used by Custodia
                        merge(attrs, json.readTree(f).path("attributes"));
                    }
                }
                continue;
            }
            JsonNode previous = attrs.get(e.getKey());
            if (previous == null) {
                attrs.put(e.getKey(), e.getValue());
            } else { // a subclass refines: keep what it does not restate
                var merged = ((tools.jackson.databind.node.ObjectNode) previous.deepCopy());
                e.getValue().properties().forEach(p -> merged.set(p.getKey(), p.getValue()));
                attrs.put(e.getKey(), merged);
            }
        }
    }

    private void checkAttributes(String path, JsonNode value, Map<String, JsonNode> attrs, List<String> errors,
                                 boolean strict) {
        attrs.forEach((name, a) -> {
            if ("required".equals(a.path("requirement").asString()) && (!value.has(name) || value.get(name).isNull())) {
                errors.add(path + name + " is required");
            }
        });
        for (var it = value.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            JsonNode a = attrs.get(e.getKey());
            if (a == null && strict) {
                errors.add(path + e.getKey() + " is not an attribute of this class");
                continue;
            }
            checkValue(path + e.getKey(), e.getKey(), e.getValue(), a, errors);
        }
    }

    private void checkValue(String path, String name, JsonNode v, JsonNode attr, List<String> errors) {
        JsonNode dict = dictionary.path(name);
        if (dict.isMissingNode()) {
            if (attr == null) {
                errors.add(path + " is not in the OCSF dictionary");
            }
            return;
        }
        if (dict.path("is_array").asBoolean()) {
            if (!v.isArray()) {
                errors.add(path + " must be an array");
                return;
            }
            for (JsonNode item : v) {
                checkType(path + "[]", dict.path("type").asString(), item, errors);
            }
        } else {
            checkType(path, dict.path("type").asString(), v, errors);
        }
        JsonNode en = attr != null && attr.has("enum") ? attr.path("enum") : dict.path("enum");
        // the base event's category/class enums are placeholders the schema compiler fills in; checked in validate()
        boolean compiled = name.equals("category_uid") || name.equals("class_uid") || name.equals("type_uid");
        if (!compiled && en.isObject() && !en.isEmpty() && v.isNumber() && !en.has(v.asString()) && !v.asString().equals("0")
                && !v.asString().equals("99")) {
            errors.add(path + " = " + v + " is not one of " + en.propertyNames());
        }
    }

    private void checkType(String path, String type, JsonNode v, List<String> errors) {
        switch (type) {
            case "integer_t", "long_t", "timestamp_t", "port_t" -> {
                if (!v.isIntegralNumber()) {
                    errors.add(path + " must be an integer (" + type + ")");
                }
            }
            case "float_t" -> {
                if (!v.isNumber()) {
                    errors.add(path + " must be a number");
                }
            }
            case "boolean_t" -> {
                if (!v.isBoolean()) {
                    errors.add(path + " must be a boolean");
                }
            }
            case "object", "json_t" -> {
            }
            default -> {
                if (type.endsWith("_t")) {
                    if (!v.isString()) {
                        errors.add(path + " must be a string (" + type + ")");
                    }
                } else {
                    checkObject(path, type, v, errors);
                }
            }
        }
    }

    private void checkObject(String path, String type, JsonNode v, List<String> errors) {
        if (!v.isObject()) {
            errors.add(path + " must be an object (" + type + ")");
            return;
        }
        File f = dir.resolve("objects/" + type + ".json").toFile();
        if (!f.isFile()) {
            return; // not in the reference subset: only its presence and shape are checked
        }
        JsonNode def = json.readTree(f);
        Map<String, JsonNode> attrs = new LinkedHashMap<>();
        merge(attrs, def.path("attributes"));
        checkAttributes(path + ".", v, attrs, errors, false);
        // constraints of the object and of the object it extends, when that is in the reference too
        for (JsonNode d = def; d != null; ) {
            JsonNode oneOf = d.path("constraints").path("at_least_one");
            if (oneOf.isArray() && !oneOf.isEmpty()) {
                boolean any = false;
                for (JsonNode n : oneOf) {
                    any |= v.hasNonNull(n.asString());
                }
                if (!any) {
                    errors.add(path + " needs at least one of " + oneOf);
                }
            }
            File parent = d.has("extends") ? dir.resolve("objects/" + d.path("extends").asString() + ".json").toFile() : null;
            d = parent != null && parent.isFile() ? json.readTree(parent) : null;
        }
    }
}
