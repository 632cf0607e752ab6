package dev.tightrope.slack.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an alert reads in Slack. Example, a rule that rolled back:
 *
 * <pre>
 *   🔴 CRITICAL alert: support-bot · production
 *   Rule: IF error_rate &gt; 15% FOR 2m THEN rollback
 *   Agent: support-bot   Environment: production   Version watched: v2   Value: 30.0%
 *   Threshold: &gt; 15%   Samples: 120   Severity: CRITICAL   Action: ⏪ rolled back
 *   Alert 42 · fired 14:02:05
 * </pre>
 */
public final class AlertDescriptions {

    private AlertDescriptions() {
    }

    /** One line: how loud, and where. */
    public static String headline(AlertFacts alert) {
        return icon(alert.severity()) + " " + alert.severity() + " alert: " + alert.agent() + " · "
                + alert.environment();
    }

    /** The facts as Block Kit fields (mrkdwn); the agent links to its dashboard page when there is one. */
    public static List<BlockKit.Text> fields(AlertFacts alert, DashboardLinks links) {
        List<BlockKit.Text> fields = new ArrayList<>();
        String agent = BlockKit.escape(alert.agent());
        fields.add(field("Agent", links.enabled() ? "<" + links.deployment(alert.agent(), alert.environment())
                + "|" + agent + ">" : agent));
        fields.add(field("Environment", BlockKit.escape(alert.environment())));
        fields.add(field("Version watched", "v" + alert.version()));
        fields.add(field("Value", value(alert)));
        fields.add(field("Threshold", BlockKit.escape(alert.threshold())));
        fields.add(field("Samples", Long.toString(alert.samples())));
        fields.add(field("Severity", BlockKit.escape(alert.severity())));
        fields.add(field("Action", action(alert.action(), alert.actionOutcome())));
        return fields;
    }

    /** {@code 30.0%}, or {@code 60.0% against a baseline of 84.0%} for relative rules. */
    public static String value(AlertFacts alert) {
        String value = alert.value() == null ? "—" : BlockKit.escape(alert.value());
        return alert.baseline() == null ? value : value + " against a baseline of " + BlockKit.escape(alert.baseline());
    }

    /**
     * What the rule's action did: {@code ⏪ rolled back}, {@code ⏸️ rollout paused}, {@code alert only},
     * {@code not acted: cooldown}, {@code ❌ could not roll back (CONFLICT)}, {@code ⏳ roll back: pending}.
     */
    public static String action(String action, String outcome) {
        if ("ALERT".equals(action)) {
            return "alert only (the rule takes no action)";
        }
        String verb = switch (action == null ? "" : action) {
            case "ROLLBACK" -> "roll back";
            case "FALLBACK" -> "fall back";
            case "PAUSE" -> "pause the rollout";
            case "DISABLE_TOOL" -> "disable the tool";
            default -> BlockKit.escape(String.valueOf(action)).toLowerCase(Locale.ROOT);
        };
        if (outcome == null) {
            return "⏳ " + verb + ": pending";
        }
        if (outcome.equals(AlertFacts.DONE)) {
            return switch (action) {
                case "ROLLBACK" -> "⏪ rolled back";
                case "FALLBACK" -> "⏪ fell back to the rule's fallback version";
                case "PAUSE" -> "⏸️ rollout paused";
                default -> "✅ " + verb + ": done";
            };
        }
        if (outcome.startsWith(AlertFacts.ROLLED_BACK_INSTEAD)) {
            String held = outcome.substring(AlertFacts.ROLLED_BACK_INSTEAD.length()).replace(")", "").strip();
            return "⏪ rolled back instead: the fallback version never ran here, and a release of it is held ("
                    + BlockKit.escape(held) + ")";
        }
        if (outcome.startsWith("BREAKER ")) {
            return "🔌 circuit breaker " + BlockKit.escape(outcome.substring("BREAKER ".length())
                    .toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        if (outcome.startsWith("SKIPPED")) {
            return outcome.contains("cooldown") ? "not acted: cooldown (the rule acted on this deployment recently)"
                    : "not acted: nothing to " + verb;
        }
        return "❌ could not " + verb + " (" + BlockKit.escape(outcome) + ")";
    }

    /** Who acknowledged and when, or that nobody has yet. */
    public static String acknowledgement(AlertFacts alert) {
        return alert.acknowledged() ? "✔️ Acknowledged by " + ChangeDescriptions.who(alert.acknowledgedBy()) + " "
                + ChangeDescriptions.date(alert.acknowledgedAt()) : "Not acknowledged yet";
    }

    static String icon(String severity) {
        return switch (severity == null ? "" : severity) {
            case "CRITICAL" -> "🔴";
            case "WARNING" -> "🟠";
            default -> "🔵";
        };
    }

    private static BlockKit.Text field(String name, String mrkdwn) {
        return BlockKit.Text.mrkdwn("*" + name + "*\n" + mrkdwn);
    }
}
