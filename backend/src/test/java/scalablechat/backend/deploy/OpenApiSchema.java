package scalablechat.backend.deploy;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a value against an OpenAPI v3 schema as Kubernetes writes them for CRDs (a structural schema): types,
 * {@code nullable}, {@code properties} (strictly: an unknown field is an error, as with {@code kubectl
 * --validate=strict}, unless {@code additionalProperties} or {@code x-kubernetes-preserve-unknown-fields} allow
 * it), {@code required}, {@code enum}, {@code minimum}/{@code maximum}, {@code maxProperties}, {@code items},
 * {@code anyOf}/{@code oneOf}/{@code allOf} and {@code x-kubernetes-int-or-string}.
 */
final class OpenApiSchema {
    /** Every way {@code value} breaks {@code schema}, each with its path; empty when it conforms. */
    static List<String> violations(JsonObject schema, JsonValue value) {
        return violations(schema, value, new JsonObject());
    }

    /** As {@link #violations(JsonObject, JsonValue)}, resolving {@code $ref: #/definitions/X} in {@code definitions}. */
    static List<String> violations(JsonObject schema, JsonValue value, JsonObject definitions) {
        List<String> errors = new ArrayList<>();
        new OpenApiSchema(definitions).check(schema, value, "", errors);
        return errors;
    }

    private final JsonObject definitions;

    private OpenApiSchema(JsonObject definitions) {
        this.definitions = definitions;
    }

    private void check(JsonObject schema, JsonValue value, String path, List<String> errors) {
        JsonValue ref = schema.get("$ref");
        if (ref != null) {
            String name = ref.asString().substring(ref.asString().lastIndexOf('/') + 1);
            JsonValue target = definitions.get(name);
            if (target == null) {
                errors.add(path + ": unknown schema " + ref.asString());
                return;
            }
            schema = target.asObject();
        }
        if (value.isNull()) {
            if (!schema.getBoolean("nullable", false) && schema.get("type") != null) {
                errors.add(path + ": null where " + schema.getString("type", "a value") + " is expected");
            }
            return;
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            JsonValue options = schema.get(combinator);
            if (options != null && !schema.getBoolean("x-kubernetes-int-or-string", false)) {
                boolean any = false;
                for (JsonValue option : options.asArray()) {
                    List<String> optionErrors = new ArrayList<>();
                    check(option.asObject(), value, path, optionErrors);
                    any |= optionErrors.isEmpty();
                }
                if (!any) {
                    errors.add(path + ": matches none of " + combinator);
                }
            }
        }
        JsonValue all = schema.get("allOf");
        if (all != null) {
            for (JsonValue part : all.asArray()) {
                check(part.asObject(), value, path, errors);
            }
        }
        if (schema.getBoolean("x-kubernetes-int-or-string", false) || "int-or-string".equals(schema.getString("format", ""))) {
            if (!(value.isString() || isInteger(value))) {
                errors.add(path + ": must be an integer or a string, got " + value);
            }
            return;
        }
        String type = schema.getString("type", null);
        if (type != null && !hasType(value, type)) {
            errors.add(path + ": must be " + type + ", got " + value);
            return;
        }
        JsonValue allowed = schema.get("enum");
        if (allowed != null && !allowed.asArray().values().contains(value)) {
            errors.add(path + ": " + value + " is not one of " + allowed);
        }
        if (value.isNumber()) {
            JsonValue minimum = schema.get("minimum");
            JsonValue maximum = schema.get("maximum");
            if (minimum != null && value.asDouble() < minimum.asDouble()) {
                errors.add(path + ": " + value + " is below the minimum " + minimum);
            }
            if (maximum != null && value.asDouble() > maximum.asDouble()) {
                errors.add(path + ": " + value + " is above the maximum " + maximum);
            }
        }
        if (value.isArray()) {
            JsonValue items = schema.get("items");
            if (items != null) {
                JsonArray array = value.asArray();
                for (int i = 0; i < array.size(); i++) {
                    check(items.asObject(), array.get(i), path + "[" + i + "]", errors);
                }
            }
        }
        if (value.isObject()) {
            checkObject(schema, value.asObject(), path, errors);
        }
    }

    private void checkObject(JsonObject schema, JsonObject object, String path, List<String> errors) {
        JsonObject properties = schema.get("properties") != null ? schema.get("properties").asObject() : new JsonObject();
        JsonValue additional = schema.get("additionalProperties");
        boolean preserve = schema.getBoolean("x-kubernetes-preserve-unknown-fields", false);
        JsonValue required = schema.get("required");
        if (required != null) {
            for (JsonValue name : required.asArray()) {
                if (object.get(name.asString()) == null) {
                    errors.add(path + ": missing required field " + name.asString());
                }
            }
        }
        JsonValue maxProperties = schema.get("maxProperties");
        if (maxProperties != null && object.size() > maxProperties.asInt()) {
            errors.add(path + ": more than " + maxProperties + " fields");
        }
        for (JsonObject.Member member : object) {
            String at = path + "." + member.getName();
            JsonValue property = properties.get(member.getName());
            if (property != null) {
                check(property.asObject(), member.getValue(), at, errors);
            } else if (additional != null && additional.isObject()) {
                check(additional.asObject(), member.getValue(), at, errors);
            } else if (!(preserve || additional != null && additional.isTrue() || properties.isEmpty() && schema.get("type") == null)) {
                errors.add(at + ": unknown field");
            }
        }
    }

    private static boolean hasType(JsonValue value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "boolean" -> value.isBoolean();
            case "integer" -> isInteger(value);
            case "number" -> value.isNumber();
            default -> true;
        };
    }

    private static boolean isInteger(JsonValue value) {
        return value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
    }
}
