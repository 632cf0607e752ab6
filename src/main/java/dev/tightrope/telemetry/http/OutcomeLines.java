package dev.tightrope.telemetry.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.input.StrictJson;
import dev.tightrope.platform.input.InputContract;
import dev.tightrope.telemetry.application.OutcomeIngestion;
import dev.tightrope.telemetry.domain.RawOutcome;

/**
 * Reads an NDJSON body: one JSON object per line (blank lines are skipped), each into a {@link RawOutcome}. A line
 * that is not a JSON object, or whose fields have the wrong JSON type (a string where a number belongs, a fraction
 * for a token count), becomes a refused entry with its line number; the others go on to the rules. Nothing is
 * coerced: {@code "latencyMs": "12"} is refused, not read as 12. A field an outcome does not have is refused by name
 * too ({@code latency_ms}), like an unknown field of GraphQL's {@code OutcomeInput}: a misspelt field would
 * otherwise be dropped without a word.
 */
final class OutcomeLines {

    /** The fields of an outcome line, as GraphQL's {@code OutcomeInput} has them. */
    static final Set<String> FIELDS = Set.of("agent", "environment", "version", "arm", "generation", "rolloutId",
            "routingKey", "occurredAt", "status", "taskCompleted", "latencyMs", "costUsd", "inputTokens",
            "outputTokens", "toolCalls", "evalScore");
    /** The fields of one of its tool calls. */
    static final Set<String> TOOL_CALL_FIELDS = Set.of("tool", "status", "latencyMs");

    private OutcomeLines() {
    }

    /**
     * The JSON parser's complaint about one line, said of that line: it reads each line as a body of its own, so it
     * speaks of "the request body" and of line 1.
     */
    static String ofLine(int line, String parserMessage) {
        String message = parserMessage.replace(" at line 1, column ", " at column ");
        return message.startsWith("The request body is") ? "Line " + line + message.substring(
                "The request body".length()) : "Line " + line + ": " + message;
    }

    /** Every line of the body, numbered from 1. */
    static List<OutcomeIngestion.Entry> read(byte[] body) {
        List<OutcomeIngestion.Entry> entries = new ArrayList<>();
        int start = 0;
        int line = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                line++;
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (!isBlank(body, start, end)) {
                    entries.add(entry(line, java.util.Arrays.copyOfRange(body, start, end)));
                }
                start = i + 1;
            }
        }
        return entries;
    }

    private static OutcomeIngestion.Entry entry(int line, byte[] text) {
        Object json;
        try {
            json = StrictJson.read(text);
        } catch (TightropeException unreadable) {
            return new OutcomeIngestion.Entry(line, null, TightropeException.validation(ofLine(line,
                    unreadable.getMessage())));
        }
        if (!(json instanceof Map<?, ?> map)) {
            return new OutcomeIngestion.Entry(line, null,
                    TightropeException.validation("Line " + line + " is not a JSON object"));
        }
        List<Violation> violations = new ArrayList<>();
        RawOutcome raw = raw(map, violations);
        // a line refused for its shape keeps what could be read, so the rules tell the rest of its problems too
        return new OutcomeIngestion.Entry(line, raw, violations.isEmpty() ? null
                : TightropeException.invalid(violations));
    }

    /** The outcome as far as it can be read: a field of the wrong type is null, and a violation. */
    private static RawOutcome raw(Map<?, ?> json, List<Violation> violations) {
        unknown(json, FIELDS, "", "an outcome", violations);
        Fields fields = new Fields(json, "", violations);
        List<RawOutcome.RawToolCall> tools = null;
        Object calls = json.get("toolCalls");
        if (calls instanceof List<?> list) {
            tools = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> call) {
                    unknown(call, TOOL_CALL_FIELDS, "toolCalls[" + i + "].", "a tool call", violations);
                    Fields tool = new Fields(call, "toolCalls[" + i + "].", violations);
                    tools.add(new RawOutcome.RawToolCall(tool.text("tool"), tool.text("status"),
                            tool.number("latencyMs")));
                } else {
                    violations.add(new Violation("toolCalls[" + i + "]", "must be an object {tool, status, "
                            + "latencyMs}"));
                    tools.add(null); // keeps the indices of the calls after it
                }
            }
        } else if (calls != null) {
            violations.add(new Violation("toolCalls", "must be a list"));
        }
        RawOutcome raw = new RawOutcome(fields.text("agent"), fields.text("environment"), fields.integer("version"),
                fields.text("arm"), fields.whole("generation"), fields.text("rolloutId"), fields.text("routingKey"),
                fields.instant("occurredAt"), fields.text("status"), fields.bool("taskCompleted"),
                fields.number("latencyMs"), fields.number("costUsd"), fields.whole("inputTokens"),
                fields.whole("outputTokens"), tools, fields.number("evalScore"));
        return raw;
    }

    /** Each field of {@code json} that is not one of {@code known}, as a violation, in the order of the line. */
    private static void unknown(Map<?, ?> json, Set<String> known, String prefix, String what,
            List<Violation> violations) {
        for (Object name : json.keySet()) {
            if (!known.contains(name)) {
                violations.add(new Violation(prefix + name, "is not a field of " + what + " ("
                        + String.join(", ", new TreeSet<>(known)) + ")"));
            }
        }
    }

    private static boolean isBlank(byte[] body, int start, int end) {
        for (int i = start; i < end; i++) {
            if (body[i] != ' ' && body[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Typed reads of one JSON object's fields, each wrong type a violation. */
    private record Fields(Map<?, ?> json, String prefix, List<Violation> violations) {

        String text(String name) {
            Object value = json.get(name);
            if (value == null || value instanceof String) {
                return (String) value;
            }
            violations.add(new Violation(prefix + name, "must be a string, not " + InputContract.describe(value)));
            return null;
        }

        Boolean bool(String name) {
            Object value = json.get(name);
            if (value == null || value instanceof Boolean) {
                return (Boolean) value;
            }
            violations.add(new Violation(prefix + name, "must be true, false or null, not "
                    + InputContract.describe(value)));
            return null;
        }

        Double number(String name) {
            Object value = json.get(name);
            if (value == null) {
                return null;
            }
            String problem = InputContract.floatProblem(value);
            if (problem != null) {
                violations.add(new Violation(prefix + name, problem));
                return null;
            }
            return ((Number) value).doubleValue();
        }

        Integer integer(String name) {
            Object value = json.get(name);
            if (value == null) {
                return null;
            }
            String problem = InputContract.intProblem(value);
            if (problem != null) {
                violations.add(new Violation(prefix + name, problem));
                return null;
            }
            return InputContract.toInt(value);
        }

        Long whole(String name) {
            Object value = json.get(name);
            if (value == null) {
                return null;
            }
            if (value instanceof Integer || value instanceof Long) {
                return ((Number) value).longValue();
            }
            violations.add(new Violation(prefix + name, "must be a whole number of at most 18 digits, not "
                    + InputContract.describe(value)));
            return null;
        }

        Instant instant(String name) {
            String text = text(name);
            if (text == null) {
                return null;
            }
            String problem = InputContract.dateTimeProblem(text);
            if (problem != null) {
                violations.add(new Violation(prefix + name, problem));
                return null;
            }
            return OffsetDateTime.parse(text).toInstant();
        }
    }
}
