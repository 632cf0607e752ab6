package dev.tightrope.registry.domain;

import dev.tightrope.platform.error.Violation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The documented shape of each component kind's JSON content. This table is a public contract: dashboards and
 * runtimes rely on these fields having these types.
 *
 * <table>
 *   <caption>Component shapes (R = required, everything else optional)</caption>
 *   <tr><th>Kind</th><th>Field</th><th>Type and rule</th></tr>
 *   <tr><td>PROMPT</td><td>{@code system}</td><td>R, non-blank string</td></tr>
 *   <tr><td></td><td>{@code examples}</td><td>array of objects, each with R {@code input} string and R
 *       {@code output} string</td></tr>
 *   <tr><td></td><td>{@code formattingRules}</td><td>array of strings</td></tr>
 *   <tr><td></td><td>{@code variables}</td><td>array of strings</td></tr>
 *   <tr><td>MODEL</td><td>{@code provider}</td><td>R, non-blank string</td></tr>
 *   <tr><td></td><td>{@code modelId}</td><td>R, non-blank string</td></tr>
 *   <tr><td></td><td>{@code temperature}</td><td>number, 0 to 2</td></tr>
 *   <tr><td></td><td>{@code topP}</td><td>number, 0 to 1</td></tr>
 *   <tr><td></td><td>{@code maxTokens}</td><td>integer, 1 to 2147483647</td></tr>
 *   <tr><td></td><td>{@code stopSequences}</td><td>array of strings</td></tr>
 *   <tr><td></td><td>{@code parameters}</td><td>object, provider-specific, not inspected</td></tr>
 *   <tr><td>TOOLS</td><td>{@code tools}</td><td>R, array (may be empty) of tool objects:</td></tr>
 *   <tr><td></td><td>{@code tools[i].name}</td><td>R, string matching {@code ^[A-Za-z0-9_.-]{1,64}$}, unique in
 *       the list</td></tr>
 *   <tr><td></td><td>{@code tools[i].description}</td><td>string</td></tr>
 *   <tr><td></td><td>{@code tools[i].parameters}</td><td>object (a JSON Schema; only its being an object is
 *       checked)</td></tr>
 *   <tr><td>GUARDRAILS</td><td>{@code inputFilters}</td><td>array of objects, each with R non-blank string
 *       {@code type}</td></tr>
 *   <tr><td></td><td>{@code outputValidators}</td><td>array of objects, each with R non-blank string
 *       {@code type}</td></tr>
 *   <tr><td></td><td>{@code actionLimits}</td><td>object whose values are integers, 0 to 2147483647
 *       (e.g. {@code maxToolCalls})</td></tr>
 *   <tr><td>KNOWLEDGE_BASE</td><td>{@code indexId}</td><td>R, non-blank string</td></tr>
 *   <tr><td></td><td>{@code indexedAt}</td><td>string, ISO-8601 instant ({@code 2024-05-01T12:00:00Z} or with an
 *       offset, {@code 2024-05-01T14:00:00+02:00})</td></tr>
 *   <tr><td></td><td>{@code embeddingModel}</td><td>string</td></tr>
 *   <tr><td></td><td>{@code documentCount}</td><td>integer, 0 to 9223372036854775807</td></tr>
 *   <tr><td></td><td>{@code metadata}</td><td>object, not inspected</td></tr>
 * </table>
 *
 * <p>Rules shared by all kinds: the root is an object; unknown extra fields, at any level, are allowed and kept;
 * {@code null} is never a stand-in for "absent" (an optional field that is present must have its type); an integer
 * is any number without a fractional part ({@code 3}, {@code 3.0}); nesting is at most
 * {@value JsonParser#MAX_DEPTH} levels.
 *
 * <p>Every violation is reported, each with a path from the kind's field name: for
 * {@code {"system":" ","examples":[{"input":"hi"}]}} as a prompt the result is
 * {@code prompt.system: must not be blank} and {@code prompt.examples[0].output: is required}.
 */
public final class ComponentShapes {

    private static final Pattern TOOL_NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");
    private static final long MAX_INT = Integer.MAX_VALUE;

    private ComponentShapes() {
    }

    /** Every way {@code json} breaks the shape of {@code kind}; empty when it is valid. */
    public static List<Violation> validate(ComponentKind kind, Object json) {
        String root = kind.fieldName();
        String problem = JsonValues.structuralProblem(json, JsonParser.MAX_DEPTH);
        if (problem != null) {
            return List.of(new Violation(root, problem));
        }
        JsonShapeChecker check = new JsonShapeChecker();
        Map<String, Object> object = check.object(root, json);
        if (object != null) {
            switch (kind) {
                case PROMPT -> prompt(check, root, object);
                case MODEL -> model(check, root, object);
                case TOOLS -> tools(check, root, object);
                case GUARDRAILS -> guardrails(check, root, object);
                case KNOWLEDGE_BASE -> knowledgeBase(check, root, object);
            }
        }
        return check.violations();
    }

    private static void prompt(JsonShapeChecker check, String root, Map<String, Object> prompt) {
        check.required(prompt, root, "system", check::text);
        List<Object> examples = check.optional(prompt, root, "examples", check::array);
        check.eachObject(JsonShapeChecker.child(root, "examples"), examples, (path, example) -> {
            check.required(example, path, "input", check::string);
            check.required(example, path, "output", check::string);
        });
        check.optional(prompt, root, "formattingRules", check::stringArray);
        check.optional(prompt, root, "variables", check::stringArray);
    }

    private static void model(JsonShapeChecker check, String root, Map<String, Object> model) {
        check.required(model, root, "provider", check::text);
        check.required(model, root, "modelId", check::text);
        check.optional(model, root, "temperature", (path, v) -> check.numberBetween(path, v, "0", "2"));
        check.optional(model, root, "topP", (path, v) -> check.numberBetween(path, v, "0", "1"));
        check.optional(model, root, "maxTokens", (path, v) -> check.integer(path, v, 1, MAX_INT));
        check.optional(model, root, "stopSequences", check::stringArray);
        check.optional(model, root, "parameters", check::object);
    }

    private static void tools(JsonShapeChecker check, String root, Map<String, Object> tools) {
        List<Object> list = check.required(tools, root, "tools", check::array);
        Set<String> seen = new HashSet<>();
        check.eachObject(JsonShapeChecker.child(root, "tools"), list, (path, tool) -> {
            String name = check.required(tool, path, "name", check::string);
            if (name != null && !TOOL_NAME.matcher(name).matches()) {
                check.fail(JsonShapeChecker.child(path, "name"),
                        "must be 1 to 64 letters, digits, '_', '.' or '-' (^[A-Za-z0-9_.-]{1,64}$)");
            } else if (name != null && !seen.add(name)) {
                // Runtimes look tools up by name; two definitions would make the choice arbitrary.
                check.fail(JsonShapeChecker.child(path, "name"), "duplicate tool name '" + name + "'");
            }
            check.optional(tool, path, "description", check::string);
            check.optional(tool, path, "parameters", check::object);
        });
    }

    private static void guardrails(JsonShapeChecker check, String root, Map<String, Object> guardrails) {
        for (String field : List.of("inputFilters", "outputValidators")) {
            List<Object> list = check.optional(guardrails, root, field, check::array);
            check.eachObject(JsonShapeChecker.child(root, field), list,
                    (path, entry) -> check.required(entry, path, "type", check::text));
        }
        Map<String, Object> limits = check.optional(guardrails, root, "actionLimits", check::object);
        if (limits != null) {
            String path = JsonShapeChecker.child(root, "actionLimits");
            limits.forEach((name, value) -> check.integer(JsonShapeChecker.child(path, name), value, 0, MAX_INT));
        }
    }

    private static void knowledgeBase(JsonShapeChecker check, String root, Map<String, Object> kb) {
        check.required(kb, root, "indexId", check::text);
        check.optional(kb, root, "indexedAt", (path, v) -> instant(check, path, v));
        check.optional(kb, root, "embeddingModel", check::string);
        check.optional(kb, root, "documentCount", (path, v) -> check.integer(path, v, 0, Long.MAX_VALUE));
        check.optional(kb, root, "metadata", check::object);
    }

    /** An ISO-8601 instant: {@code Instant.parse} ("…Z") or {@code OffsetDateTime.parse} ("…+02:00"). */
    private static String instant(JsonShapeChecker check, String path, Object value) {
        String text = check.string(path, value);
        if (text == null) {
            return null;
        }
        try {
            Instant.parse(text);
            return text;
        } catch (DateTimeParseException notUtc) {
            try {
                OffsetDateTime.parse(text);
                return text;
            } catch (DateTimeParseException e) {
                check.fail(path, "must be an ISO-8601 instant such as 2024-05-01T12:00:00Z");
                return null;
            }
        }
    }
}
