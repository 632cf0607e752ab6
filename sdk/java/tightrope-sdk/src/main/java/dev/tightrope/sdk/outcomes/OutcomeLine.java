package dev.tightrope.sdk.outcomes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tightrope.sdk.json.Json;
import dev.tightrope.sdk.routing.Decision;

/** An outcome as its NDJSON line, with the same fields, in the same order, as the other SDKs send. */
public final class OutcomeLine {

    /** The server keeps routing keys of at most this many characters; a longer one is left out of the outcome. */
    public static final int MAX_ROUTING_KEY = 200;

    private OutcomeLine() {
    }

    /**
     * Whether the server keeps this routing key in an outcome: at most {@link #MAX_ROUTING_KEY} characters, no
     * U+0000 and no unpaired surrogate (UTF-8 has no form for one; the server refuses such text with
     * {@code VALIDATION}). A key it would refuse is left out, so that the outcome itself still counts.
     */
    static boolean keptByTheServer(String key) {
        if (key.length() > MAX_ROUTING_KEY) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || c == 0) {
                return false;
            }
        }
        return true;
    }

    /** The line's fields; {@code reportedAt} is {@code occurredAt} when the outcome has none. */
    public static Map<String, Object> fields(Outcome outcome, Instant reportedAt) {
        Decision decision = outcome.decision();
        Map<String, Object> line = new LinkedHashMap<>(16);
        line.put("agent", decision.agent());
        line.put("environment", decision.environment());
        line.put("version", decision.version());
        line.put("arm", decision.arm().name());
        line.put("generation", decision.generation());
        line.put("occurredAt", outcome.occurredAt().orElse(reportedAt).truncatedTo(ChronoUnit.MILLIS).toString());
        line.put("status", outcome.status().name());
        line.put("latencyMs", outcome.latencyMs());
        decision.rolloutId().ifPresent(id -> line.put("rolloutId", id));
        decision.routingKey().filter(OutcomeLine::keptByTheServer).ifPresent(key -> line.put("routingKey", key));
        outcome.taskCompleted().ifPresent(done -> line.put("taskCompleted", done));
        outcome.costUsd().ifPresent(cost -> line.put("costUsd", cost));
        outcome.inputTokens().ifPresent(tokens -> line.put("inputTokens", tokens));
        outcome.outputTokens().ifPresent(tokens -> line.put("outputTokens", tokens));
        outcome.toolCalls().ifPresent(calls -> {
            List<Map<String, Object>> written = new ArrayList<>(calls.size());
            for (ToolCall call : calls) {
                Map<String, Object> fields = new LinkedHashMap<>(4);
                fields.put("tool", call.tool());
                fields.put("status", call.status().name());
                fields.put("latencyMs", call.latencyMs());
                written.add(fields);
            }
            line.put("toolCalls", written);
        });
        outcome.evalScore().ifPresent(score -> line.put("evalScore", score));
        return line;
    }

    /** The line as JSON text (without the newline). */
    public static String toJson(Outcome outcome, Instant reportedAt) {
        return Json.write(fields(outcome, reportedAt));
    }
}
