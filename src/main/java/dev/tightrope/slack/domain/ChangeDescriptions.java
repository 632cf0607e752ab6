package dev.tightrope.slack.domain;

import java.util.ArrayList;
import java.util.List;

import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.Trigger;

/**
 * How a traffic change reads in Slack, one wording per kind of change, used by notifications and by the answers
 * to commands and buttons alike. Example for a rollback by a rule:
 *
 * <pre>
 *   ⏪ support-bot · production: rolled back, version 4 → 3
 *   Agent: support-bot   Environment: production   Version: 4 → 3   Canary weight: 25 % → 0 %
 *   Triggered by: 🤖 trigger rule (rule:error-rate)   Generation: 8
 *   Why: error_rate 17 % &gt; 15 % for 2 min
 * </pre>
 */
public final class ChangeDescriptions {

    private ChangeDescriptions() {
    }

    /** Changes nobody clicked: rules, the judge, circuit breakers, drills, schedules. */
    public static boolean automatic(Trigger trigger) {
        return switch (trigger) {
            case RULE, JUDGE, CIRCUIT_BREAKER, DRILL, SCHEDULE -> true;
            case API, DASHBOARD, SLACK -> false;
        };
    }

    /** One line: what happened to which deployment. */
    public static String headline(DeploymentEvent event) {
        String where = event.agent() + " · " + event.environment() + ": ";
        return switch (event.type()) {
            case DEPLOYED -> "🚀 " + where + "version " + event.toVersion() + " deployed"
                    + (event.fromVersion() == null ? " (first deploy)" : ", replacing version " + event.fromVersion());
            case ROLLOUT_STARTED -> "🐤 " + where + "canary started, version " + event.toVersion() + " at "
                    + event.weightAfter() + " %";
            case ROLLOUT_ADVANCED -> "📈 " + where + "canary version " + event.toVersion() + " now at "
                    + event.weightAfter() + " % (was " + event.weightBefore() + " %)";
            case ROLLOUT_PAUSED -> "⏸️ " + where + "rollout of version " + event.toVersion() + " paused at "
                    + event.weightAfter() + " %";
            case ROLLOUT_RESUMED -> "▶️ " + where + "rollout of version " + event.toVersion() + " resumed at "
                    + event.weightAfter() + " %";
            case PROMOTED -> "✅ " + where + "version " + event.toVersion() + " promoted to stable";
            case ROLLED_BACK -> "⏪ " + where + "rolled back, version " + event.fromVersion() + " → "
                    + event.toVersion();
            case TOOL_DISABLED -> "🔌 " + where + "a tool's circuit breaker opened (the reason says which)";
            case TOOL_HALF_OPENED -> "🔌 " + where + "a tool's circuit breaker is half-open: some requests try it again";
            case TOOL_ENABLED -> "🔌 " + where + "a tool's circuit breaker closed: the tool is back";
        };
    }

    /** The facts as Block Kit fields (mrkdwn). */
    public static List<BlockKit.Text> fields(DeploymentEvent event) {
        List<BlockKit.Text> fields = new ArrayList<>();
        fields.add(field("Agent", event.agent()));
        fields.add(field("Environment", event.environment()));
        fields.add(field("Version", (event.fromVersion() == null ? "—" : event.fromVersion()) + " → "
                + event.toVersion()));
        if (event.weightBefore() != null || event.weightAfter() != null) {
            fields.add(field("Canary weight", percent(event.weightBefore()) + " → " + percent(event.weightAfter())));
        }
        fields.add(BlockKit.Text.mrkdwn("*Triggered by*\n" + triggeredBy(event)));
        fields.add(field("Generation", Long.toString(event.generation())));
        return fields;
    }

    /** Who or what: a Slack mention for Slack users, the trigger and actor otherwise. */
    public static String triggeredBy(DeploymentEvent event) {
        String who = who(event.actor());
        String trigger = switch (event.trigger()) {
            case API -> "API";
            case DASHBOARD -> "dashboard";
            case SLACK -> "Slack";
            case RULE -> "trigger rule";
            case JUDGE -> "canary judge";
            case CIRCUIT_BREAKER -> "circuit breaker";
            case DRILL -> "rollback drill";
            case SCHEDULE -> "rollout schedule";
        };
        return (automatic(event.trigger()) ? "🤖 " : "") + trigger + " (" + who + ")";
    }

    /** An actor in mrkdwn: a Slack mention for Slack users ({@code <@U2CERLKJA>}), the actor in code otherwise. */
    public static String who(String actor) {
        String slackUser = SlackCaller.userIdOf(actor);
        return slackUser != null ? "<@" + slackUser + ">" : "`" + BlockKit.escape(actor) + "`";
    }

    /** A time in the reader's time zone (Slack date formatting), the ISO instant where Slack cannot format it. */
    public static String date(java.time.Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time_secs}|" + at + ">";
    }

    /** "Why: …", or a note that no reason was given. */
    public static String reason(DeploymentEvent event) {
        return event.reason() == null || event.reason().isBlank() ? "_No reason given._"
                : "*Why:* " + BlockKit.escape(event.reason());
    }

    /** Decision and commit time, in the reader's time zone (Slack date formatting). */
    public static String timing(DeploymentEvent event) {
        return "Committed " + date(event.committedAt()) + " in " + event.timeToCommit().toMillis() + " ms";
    }

    private static BlockKit.Text field(String name, String value) {
        return BlockKit.Text.mrkdwn("*" + name + "*\n" + BlockKit.escape(value));
    }

    private static String percent(Integer weight) {
        return weight == null ? "—" : weight + " %";
    }
}
