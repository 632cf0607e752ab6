package dev.tightrope.slack.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.tightrope.access.domain.Role;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.drills.domain.DrillResult;
import dev.tightrope.release.domain.Deployment;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.DeploymentState;

/**
 * The answers to slash commands and buttons. Help, status, refusals and errors are ephemeral (only the person who
 * asked sees them); a traffic change done from Slack is announced in the channel.
 */
public final class ChatOpsMessages {

    private ChatOpsMessages() {
    }

    public static SlackMessage help(String command, String defaultEnvironment) {
        String lines = CommandParser.USAGE.stream().map(line -> "• `" + command + " " + line + "`")
                .collect(Collectors.joining("\n"));
        return SlackMessage.ephemeral("Tightrope commands", List.of(
                BlockKit.Section.of("*Tightrope commands*\n" + BlockKit.escape(lines)),
                new BlockKit.Context(List.of(BlockKit.Text.mrkdwn("The environment defaults to `"
                        + defaultEnvironment + "`. A reason needs the environment first: `" + command
                        + " rollback support-bot " + defaultEnvironment + " wrong refund amounts`. Rollback, "
                        + "promote, pause and resume need the OPERATOR role.")))));
    }

    public static SlackMessage invalid(SlackCommand.Invalid invalid, String command, String defaultEnvironment) {
        SlackMessage help = help(command, defaultEnvironment);
        List<BlockKit.Block> blocks = new ArrayList<>();
        blocks.add(BlockKit.Section.of("⚠️ " + BlockKit.escape(invalid.problem())));
        blocks.addAll(help.blocks());
        return SlackMessage.ephemeral(invalid.problem(), blocks);
    }

    /**
     * The state of one deployment, with the buttons that fit it.
     *
     * @param last the latest event, or {@code null}
     */
    /**
     * The status of a deployment.
     *
     * @param lastDrill    its latest passing rollback drill, or {@code null} when it never passed one
     * @param drillOverdue whether that is longer ago than drills may be (or there is none): rollback is unproven
     */
    public static SlackMessage status(Deployment deployment, DeploymentEvent last, DashboardLinks links,
            DrillResult lastDrill, boolean drillOverdue) {
        DeploymentState state = deployment.state();
        String where = deployment.agent() + " · " + deployment.environment();
        List<BlockKit.Text> fields = new ArrayList<>();
        fields.add(BlockKit.Text.mrkdwn("*Stable*\nversion " + state.stableVersion()));
        boolean canary = state.hasActiveRollout();
        if (canary) {
            fields.add(BlockKit.Text.mrkdwn("*Canary*\nversion " + state.rollout().canaryVersion() + " at "
                    + state.rollout().weight() + " % (" + state.rollout().status().name().toLowerCase() + ")"));
        } else {
            fields.add(BlockKit.Text.mrkdwn("*Canary*\nnone"));
        }
        fields.add(BlockKit.Text.mrkdwn("*Generation*\n" + state.generation()));
        String drill = (lastDrill == null ? "none" : lastDrill.mode().name().toLowerCase().replace('_', ' ')
                + " on " + lastDrill.finishedAt().toString().substring(0, 10))
                + (drillOverdue ? " ⚠️ overdue: rollback is unproven" : "");
        fields.add(BlockKit.Text.mrkdwn("*Last passing drill*\n" + drill));
        List<BlockKit.Block> blocks = new ArrayList<>();
        blocks.add(new BlockKit.Header("📍 " + where));
        blocks.add(BlockKit.Section.fields(fields));
        if (last != null) {
            blocks.add(new BlockKit.Context(List.of(BlockKit.Text.mrkdwn("Last change: "
                    + BlockKit.escape(ChangeDescriptions.headline(last)) + " — "
                    + ChangeDescriptions.triggeredBy(last) + " · " + ChangeDescriptions.timing(last)))));
        }
        blocks.add(DeploymentButtons.actions(DeploymentButtons.situation(deployment, last), links));
        String text = where + ": stable version " + state.stableVersion()
                + (canary ? ", canary version " + state.rollout().canaryVersion() + " at " + state.rollout().weight()
                        + " %" : "")
                + ", generation " + state.generation()
                + (drillOverdue ? "; rollback drill overdue" : "");
        return SlackMessage.ephemeral(text, blocks);
    }

    /** NOT_FOUND for status: nothing deployed there (yet). */
    public static SlackMessage nothingDeployed(String agent, String environment, List<String> environments) {
        String known = environments.isEmpty() ? "It is not deployed anywhere yet."
                : "It is deployed in: " + environments.stream().map(e -> "`" + e + "`")
                        .collect(Collectors.joining(", ")) + ".";
        String text = "`" + agent + "` has nothing deployed in `" + environment + "`. " + known;
        return SlackMessage.ephemeral(text, List.of(BlockKit.Section.of("🤷 " + text)));
    }

    /** The caller's role does not allow a traffic change. */
    public static SlackMessage refused(SlackCaller caller, Optional<Role> role, String what) {
        String text = role.isEmpty()
                ? "You are not linked to a Tightrope role, so you can only read status. Ask a Tightrope admin to "
                        + "link you: `linkSlackUser(slackUserId: \"" + caller.userId() + "\", role: OPERATOR)`."
                : "You have the " + role.get() + " role; " + what + " needs " + SlackPermissions.CHANGE_TRAFFIC
                        + " or above. Nothing was changed.";
        return SlackMessage.ephemeral(text, List.of(BlockKit.Section.of("🚫 " + text)));
    }

    /**
     * A refused or failed change, worded by its code. Nothing was changed in any of these cases.
     *
     * @param details the error's details (a CONFLICT carries {@code currentGeneration})
     */
    public static SlackMessage failed(String what, ErrorCode code, String message, Map<String, Object> details,
            Long expectedGeneration) {
        return failed(what, code, message, details, expectedGeneration, "This message is out of date: the "
                + "deployment changed since");
    }

    /**
     * A refused or failed slash command. A command acts at the generation it found when it arrived; a CONFLICT means
     * someone else changed the deployment while it ran.
     */
    public static SlackMessage commandFailed(String what, ErrorCode code, String message, Map<String, Object> details,
            Long generationAtArrival) {
        return failed(what, code, message, details, generationAtArrival, "Someone else changed the deployment while "
                + "your command ran");
    }

    private static SlackMessage failed(String what, ErrorCode code, String message, Map<String, Object> details,
            Long expectedGeneration, String outOfDate) {
        String text = switch (code) {
            case CONFLICT -> expectedGeneration != null && details.containsKey("currentGeneration")
                    ? outOfDate + " (generation " + expectedGeneration + " → " + details.get("currentGeneration")
                            + "). Nothing was done; check `/tightrope status` and decide again."
                    : "Could not " + what + ": " + message;
            case NOT_FOUND, PAYLOAD_TOO_LARGE, METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE, OVERLOADED ->
                "Could not " + what + ": " + message;
            case FROZEN -> "Could not " + what + ": " + frozen(message, details);
            case APPROVAL_REQUIRED -> "Could not " + what + ": " + approvalRequired(message, details);
            case SOAK_REQUIRED -> "Could not " + what + ": " + message;
            case VALIDATION -> "Could not " + what + ": " + violations(message, details);
            case UNAVAILABLE -> "Could not " + what + ": the database is unavailable. Nothing was changed; "
                    + "try again in a few seconds.";
            case FORBIDDEN, UNAUTHENTICATED -> "Not allowed to " + what + ": " + message;
            case INTERNAL -> "Could not " + what + " because of an internal error (" + details.getOrDefault(
                    "errorId", "see the server log") + "). Nothing was changed.";
        };
        String icon = switch (code) {
            case CONFLICT, APPROVAL_REQUIRED, SOAK_REQUIRED -> "⚠️ ";
            case FROZEN -> "🧊 ";
            default -> "❌ ";
        };
        return SlackMessage.ephemeral(text, List.of(BlockKit.Section.of(icon + BlockKit.escape(text))));
    }

    /**
     * A freeze, with advice Slack can follow: the API's message names {@code overrideFreeze}, an argument a slash
     * command does not have. E.g. "production is frozen until 2025-01-03T18:00:00Z (holiday). Rollbacks and pauses
     * still work here; an ADMIN can act anyway from the dashboard or the API (overrideFreeze)."
     */
    private static String frozen(String message, Map<String, Object> details) {
        if (!(details.get("frozenUntil") instanceof String until)) {
            return message;
        }
        Object reason = details.get("reason");
        return "the environment is frozen until " + until + (reason == null ? "" : " (" + reason + ")")
                + ". Rollbacks and pauses still work here; an ADMIN can act anyway from the dashboard or the API "
                + "(overrideFreeze).";
    }

    /**
     * A protected environment, with advice Slack can follow: the API's message shows a {@code requestChange} call.
     * E.g. "production is a protected environment for support-bot: promote needs a second person's approval. Ask
     * for it from the dashboard or with the API's requestChange. Nothing was changed."
     */
    private static String approvalRequired(String message, Map<String, Object> details) {
        if (!(details.get("environment") instanceof String environment)
                || !(details.get("agent") instanceof String agent)
                || !(details.get("operation") instanceof String operation)) {
            return message;
        }
        return environment + " is a protected environment for " + agent + ": " + operation + " needs a second "
                + "person's approval. Ask for it from the dashboard or with the API's requestChange. Nothing was "
                + "changed.";
    }

    /** A change done from Slack, announced in the channel. */
    public static SlackMessage changed(DeploymentEvent event, DashboardLinks links) {
        return SlackMessage.inChannel(TrafficChangeNotifications.fallback(event),
                TrafficChangeNotifications.blocks(event, links));
    }

    /** A plain ephemeral note. */
    public static SlackMessage note(String text) {
        return SlackMessage.ephemeral(text, List.of(BlockKit.Section.of(BlockKit.escape(text))));
    }

    @SuppressWarnings("unchecked")
    private static String violations(String message, Map<String, Object> details) {
        Object list = details.get("violations");
        if (!(list instanceof List<?> violations) || violations.isEmpty()) {
            return message;
        }
        return violations.stream().map(v -> v instanceof Map<?, ?> map ? inCommandWords(map)
                : String.valueOf(v)).collect(Collectors.joining("; "));
    }

    /**
     * A violation of an API argument, worded without the API's argument names: the version's messages name the
     * version themselves, a reason's gets "the reason" in front ({@code is longer than 2000 characters} alone does
     * not say what is).
     */
    private static String inCommandWords(Map<?, ?> violation) {
        String message = String.valueOf(violation.get("message"));
        return "reason".equals(violation.get("path")) ? "the reason " + message : message;
    }

    /**
     * A {@code rollback} command that names no version, arriving just after another rollback of the same deployment
     * (see {@link RepeatedRollbacks}): nothing is done, and the asker learns what happened and how to go further.
     */
    public static SlackMessage alreadyRolledBack(DeploymentEvent rollback, Instant now, String command) {
        long seconds = Math.max(0, Duration.between(rollback.committedAt(), now).toSeconds());
        String text = rollback.agent() + " in " + rollback.environment() + " was rolled back "
                + (seconds == 0 ? "just now" : seconds + " s ago") + " by " + rollback.trigger() + " ("
                + rollback.actor() + "), version " + rollback.fromVersion()
                + " → " + rollback.toVersion() + ". Nothing more was done. To roll back further, name the version: `"
                + command + " rollback " + rollback.agent() + " " + rollback.environment() + " to <n>`.";
        return SlackMessage.ephemeral(text, List.of(BlockKit.Section.of("⚠️ " + BlockKit.escape(text))));
    }
}
