package dev.tightrope.telemetry.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.input.InputContract;
import dev.tightrope.release.domain.Arm;

/**
 * The rules an outcome must meet to be counted, the same for every entry point. Every broken rule is reported at
 * once, each as a {@link Violation} with its path (e.g. {@code outcomes[3].latencyMs}); nothing is coerced.
 *
 * <table>
 * <caption>Fields</caption>
 * <tr><th>field</th><th>rule</th></tr>
 * <tr><td>agent, environment</td><td>required, a slug</td></tr>
 * <tr><td>version, arm</td><td>arm required ({@code STABLE} or {@code CANARY}); version ≥ 1, or left out when
 * generation names a generation still known (then it is looked up)</td></tr>
 * <tr><td>occurredAt</td><td>required; at most {@value #MAX_FUTURE_SECONDS} s in the future (clock skew), no older
 * than the retention</td></tr>
 * <tr><td>status</td><td>required, {@code SUCCESS} or {@code ERROR}</td></tr>
 * <tr><td>latencyMs</td><td>required, 0 to {@value #MAX_LATENCY_MS} (a day)</td></tr>
 * <tr><td>costUsd</td><td>0 to {@value #MAX_COST_USD}; default 0</td></tr>
 * <tr><td>inputTokens, outputTokens</td><td>0 to {@value #MAX_TOKENS}; default 0</td></tr>
 * <tr><td>toolCalls</td><td>at most {@value #MAX_TOOL_CALLS}; each a tool name (1 to 64 of letters, digits,
 * {@code _ . -}), a status and a latency 0 to a day</td></tr>
 * <tr><td>evalScore</td><td>0 to 1, or absent</td></tr>
 * <tr><td>routingKey, rolloutId</td><td>at most 200 characters, without NUL or an unpaired surrogate (which
 * PostgreSQL cannot store)</td></tr>
 * </table>
 */
public final class OutcomeRules {

    public static final long MAX_LATENCY_MS = 86_400_000L;
    public static final double MAX_COST_USD = 10_000;
    public static final long MAX_TOKENS = 100_000_000L;
    public static final int MAX_TOOL_CALLS = 100;
    public static final long MAX_FUTURE_SECONDS = 300;
    static final int MAX_TEXT = 200;


    /** Finds the version a (generation, arm) of a deployment routed to; null when that generation is not known. */
    @FunctionalInterface
    public interface VersionLookup {
        Integer versionOf(String agent, String environment, long generation, Arm arm);
    }

    private OutcomeRules() {
    }

    /**
     * The outcome, or a VALIDATION error listing every broken rule.
     *
     * @param path    where the outcome is in the request, prefixed to every violation ("outcomes[3]", "line 7")
     * @param now     the server's time
     * @param maxAge  how old an outcome may be (the buckets' retention): older ones would be deleted at once
     */
    public static Outcome check(RawOutcome raw, String path, Instant now, Duration maxAge, VersionLookup versions) {
        List<Violation> violations = new ArrayList<>();
        String prefix = path.isEmpty() ? "" : path + ".";
        slug(raw.agent(), prefix + "agent", violations);
        slug(raw.environment(), prefix + "environment", violations);
        Arm arm = null;
        if (raw.arm() == null) {
            violations.add(new Violation(prefix + "arm", "is required: STABLE or CANARY, as route() answered"));
        } else {
            try {
                arm = Arm.valueOf(raw.arm());
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(prefix + "arm", "must be STABLE or CANARY, not '" + shorten(raw.arm())
                        + "'"));
            }
        }
        if (raw.generation() != null && raw.generation() < 1) {
            violations.add(new Violation(prefix + "generation", "must be 1 or more"));
        }
        Integer version = raw.version();
        if (version != null && version < 1) {
            violations.add(new Violation(prefix + "version", "must be 1 or more"));
        }
        OutcomeStatus status = status(raw.status(), prefix + "status", violations, true);
        if (raw.occurredAt() == null) {
            violations.add(new Violation(prefix + "occurredAt", "is required"));
        } else if (raw.occurredAt().isAfter(now.plusSeconds(MAX_FUTURE_SECONDS))) {
            violations.add(new Violation(prefix + "occurredAt", "is more than " + MAX_FUTURE_SECONDS
                    + " s in the future (server time " + now + "); check the runtime's clock"));
        } else if (raw.occurredAt().isBefore(now.minus(maxAge))) {
            violations.add(new Violation(prefix + "occurredAt", "is older than the retention of " + maxAge.toDays()
                    + " days"));
        }
        range(raw.latencyMs(), true, 0, MAX_LATENCY_MS, prefix + "latencyMs", violations);
        range(raw.costUsd(), false, 0, MAX_COST_USD, prefix + "costUsd", violations);
        range(raw.inputTokens() == null ? null : raw.inputTokens().doubleValue(), false, 0, MAX_TOKENS,
                prefix + "inputTokens", violations);
        range(raw.outputTokens() == null ? null : raw.outputTokens().doubleValue(), false, 0, MAX_TOKENS,
                prefix + "outputTokens", violations);
        range(raw.evalScore(), false, 0, 1, prefix + "evalScore", violations);
        text(raw.routingKey(), prefix + "routingKey", violations);
        text(raw.rolloutId(), prefix + "rolloutId", violations);
        List<ToolCall> tools = toolCalls(raw.toolCalls(), prefix + "toolCalls", violations);
        if (violations.isEmpty() && version == null) {
            if (raw.generation() == null) {
                violations.add(new Violation(prefix + "version", "is required (or give generation and arm, as "
                        + "route() answered)"));
            } else {
                version = versions.versionOf(raw.agent(), raw.environment(), raw.generation(), arm);
                if (version == null) {
                    violations.add(new Violation(prefix + "generation", "generation " + raw.generation() + " of "
                            + raw.agent() + "/" + raw.environment() + " is not known here (any more); report the "
                            + "version route() answered"));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
        return new Outcome(raw.agent(), raw.environment(), version, arm, raw.generation(), raw.rolloutId(),
                raw.routingKey(), raw.occurredAt(), status, raw.taskCompleted(), raw.latencyMs(),
                raw.costUsd() == null ? 0 : raw.costUsd(), raw.inputTokens() == null ? 0 : raw.inputTokens(),
                raw.outputTokens() == null ? 0 : raw.outputTokens(), tools, raw.evalScore());
    }

    private static List<ToolCall> toolCalls(List<RawOutcome.RawToolCall> calls, String path,
            List<Violation> violations) {
        if (calls == null) {
            return List.of();
        }
        if (calls.size() > MAX_TOOL_CALLS) {
            violations.add(new Violation(path, "has " + calls.size() + " calls; at most " + MAX_TOOL_CALLS));
            return List.of();
        }
        List<ToolCall> tools = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            RawOutcome.RawToolCall call = calls.get(i);
            String at = path + "[" + i + "]";
            if (call == null) {
                violations.add(new Violation(at, "must be an object {tool, status, latencyMs}"));
                continue;
            }
            if (call.tool() == null || !isToolName(call.tool())) {
                violations.add(new Violation(at + ".tool", "must be 1 to 64 letters, digits, '_', '.' or '-'"));
            }
            OutcomeStatus status = status(call.status(), at + ".status", violations, true);
            range(call.latencyMs(), false, 0, MAX_LATENCY_MS, at + ".latencyMs", violations);
            if (status != null && call.tool() != null) {
                tools.add(new ToolCall(call.tool(), status, call.latencyMs() == null ? 0 : call.latencyMs()));
            }
        }
        return tools;
    }

    private static OutcomeStatus status(String value, String path, List<Violation> violations, boolean required) {
        if (value == null) {
            if (required) {
                violations.add(new Violation(path, "is required: SUCCESS or ERROR"));
            }
            return null;
        }
        try {
            return OutcomeStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(path, "must be SUCCESS or ERROR, not '" + shorten(value) + "'"));
            return null;
        }
    }

    private static void slug(String value, String path, List<Violation> violations) {
        if (value == null) {
            violations.add(new Violation(path, "is required"));
        } else if (!isSlug(value)) {
            violations.add(new Violation(path, "must be a slug: 2 to 63 lower-case letters, digits and '-'"));
        }
    }

    /** {@code ^[a-z0-9][a-z0-9-]{1,62}$}, by hand: this runs twice for every outcome. */
    static boolean isSlug(String value) {
        int length = value.length();
        if (length < 2 || length > 63) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && i > 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[A-Za-z0-9_.-]{1,64}$}, by hand. */
    public static boolean isToolName(String value) {
        int length = value.length();
        if (length < 1 || length > 64) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static void range(Double value, boolean required, double min, double max, String path,
            List<Violation> violations) {
        if (value == null) {
            if (required) {
                violations.add(new Violation(path, "is required"));
            }
        } else if (!Double.isFinite(value) || value < min || value > max) {
            violations.add(new Violation(path, "must be between " + plain(min) + " and " + plain(max)));
        }
    }

    private static void text(String value, String path, List<Violation> violations) {
        if (value != null && value.length() > MAX_TEXT) {
            violations.add(new Violation(path, "must be at most " + MAX_TEXT + " characters"));
        } else if (value != null && InputContract.stringProblem(value) != null) {
            violations.add(new Violation(path, InputContract.stringProblem(value)));
        }
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
