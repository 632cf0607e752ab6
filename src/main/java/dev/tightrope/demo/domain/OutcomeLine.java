package dev.tightrope.demo.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * One line of {@code POST /api/v1/outcomes} (NDJSON, docs/outcomes.md) for a synthetic request, with the version,
 * arm, generation and rollout the runtime routed it by.
 */
public final class OutcomeLine {

    private OutcomeLine() {
    }

    /**
     * @param rolloutId null outside a rollout
     */
    public static String render(String agent, String environment, int version, LocalRouting.Arm arm, long generation,
            String rolloutId, Instant occurredAt, SyntheticOutcome outcome) {
        StringBuilder line = new StringBuilder(256).append('{');
        field(line, "agent", agent).append(',');
        field(line, "environment", environment).append(',');
        line.append("\"version\":").append(version).append(',');
        field(line, "arm", arm.name()).append(',');
        line.append("\"generation\":").append(generation).append(',');
        if (rolloutId != null) {
            field(line, "rolloutId", rolloutId).append(',');
        }
        field(line, "occurredAt", occurredAt.toString()).append(',');
        field(line, "status", outcome.error() ? "ERROR" : "SUCCESS").append(',');
        if (outcome.taskCompleted() != null) {
            line.append("\"taskCompleted\":").append(outcome.taskCompleted()).append(',');
        }
        line.append("\"latencyMs\":").append(outcome.latencyMs())
                .append(",\"costUsd\":").append(String.format(Locale.ROOT, "%.6f", outcome.costUsd()))
                .append(",\"inputTokens\":").append(outcome.inputTokens())
                .append(",\"outputTokens\":").append(outcome.outputTokens());
        return line.append('}').toString();
    }

    private static StringBuilder field(StringBuilder line, String name, String value) {
        line.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < 0x20) {
                line.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
        return line.append('"');
    }
}
