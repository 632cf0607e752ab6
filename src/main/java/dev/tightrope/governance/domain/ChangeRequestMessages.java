package dev.tightrope.governance.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tightrope.slack.domain.BlockKit;
import dev.tightrope.slack.domain.SlackCaller;
import dev.tightrope.slack.domain.SlackMessage;

/**
 * Slack messages about change requests: the request with its Approve and Reject buttons, and how it ended. A
 * button's value is {@code change-request-<id>}; nothing else in it is trusted (the request is read by its id).
 */
public final class ChangeRequestMessages {

    /** {@code action_id} of "Approve". */
    public static final String APPROVE = "tightrope.approve-change";
    /** {@code action_id} of "Reject". */
    public static final String REJECT = "tightrope.reject-change";

    private static final Pattern VALUE = Pattern.compile("^change-request-([0-9]{1,18})$");

    private ChangeRequestMessages() {
    }

    public static String value(long id) {
        return "change-request-" + id;
    }

    /** The request id a button carries, or {@code null} when the value is not one Tightrope wrote. */
    public static Long parse(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = VALUE.matcher(value);
        return matcher.matches() ? Long.valueOf(matcher.group(1)) : null;
    }

    /** {@code deploy version 14}, {@code startRollout of version 14 at 5 %}, {@code promoteEnvironment from staging}. */
    public static String what(ChangeRequest request) {
        Map<String, Object> arguments = request.arguments();
        StringBuilder text = new StringBuilder(request.operation().mutation());
        if (arguments.get("version") != null) {
            text.append(" version ").append(arguments.get("version"));
        }
        if (arguments.get("weight") != null) {
            text.append(" at ").append(arguments.get("weight")).append(" %");
        }
        if (arguments.get("plan") != null) {
            text.append(" with a plan");
        }
        if (arguments.get("from") != null) {
            text.append(" from ").append(arguments.get("from"));
        }
        if (arguments.get("mode") != null) {
            text.append(" (").append(arguments.get("mode").toString().toLowerCase()).append(")");
        }
        return text.toString();
    }

    /** The request as posted to the channel, with Approve and Reject. */
    public static SlackMessage requested(ChangeRequest request) {
        String where = request.agent() + " · " + request.environment();
        String what = what(request);
        List<BlockKit.Text> fields = new ArrayList<>();
        fields.add(BlockKit.Text.mrkdwn("*Change*\n" + BlockKit.escape(what)));
        fields.add(BlockKit.Text.mrkdwn("*Requested by*\n" + who(request.requester())));
        fields.add(BlockKit.Text.mrkdwn("*At generation*\n" + request.generation()));
        fields.add(BlockKit.Text.mrkdwn("*Expires*\n" + request.expiresAt()));
        List<BlockKit.Block> blocks = new ArrayList<>();
        blocks.add(new BlockKit.Header("🔐 Approval needed: " + where));
        blocks.add(BlockKit.Section.fields(fields));
        if (request.reason() != null && !request.reason().isBlank()) {
            blocks.add(BlockKit.Section.of("*Why:* " + BlockKit.escape(request.reason())));
        }
        String value = value(request.id());
        blocks.add(new BlockKit.Actions("tightrope:" + value, List.of(
                BlockKit.Button.action("Approve", APPROVE, value, BlockKit.Style.PRIMARY,
                        new BlockKit.Confirm("Approve change request " + request.id() + "?",
                                what + " on " + where + " is applied at once, if the deployment is still at "
                                        + "generation " + request.generation() + ".", "Approve", "Cancel",
                                BlockKit.Style.PRIMARY)),
                BlockKit.Button.action("Reject", REJECT, value, BlockKit.Style.DANGER,
                        new BlockKit.Confirm("Reject change request " + request.id() + "?",
                                "Nothing changes on " + where + "; the request is closed.", "Reject", "Cancel",
                                BlockKit.Style.DANGER)))));
        blocks.add(new BlockKit.Context(List.of(BlockKit.Text.mrkdwn("Change request " + request.id()
                + " · a second person with the OPERATOR role decides; the requester cannot."))));
        return SlackMessage.webhook("Approval needed: " + what + " on " + where + " (change request "
                + request.id() + ")", blocks);
    }

    /** How a request ended, for the channel (no buttons). */
    public static SlackMessage decided(ChangeRequest request) {
        String where = request.agent() + " · " + request.environment();
        String line = headline(request);
        List<BlockKit.Block> blocks = new ArrayList<>();
        blocks.add(BlockKit.Section.of(line));
        if (request.outcome() != null && request.state() != ChangeState.APPLIED) {
            blocks.add(new BlockKit.Context(List.of(BlockKit.Text.mrkdwn(BlockKit.escape(request.outcome())))));
        }
        return SlackMessage.webhook(headline(request, true), blocks);
    }

    /** The same, as the answer to the person who clicked (in the channel). */
    public static SlackMessage answer(ChangeRequest request) {
        SlackMessage decided = decided(request);
        return SlackMessage.inChannel(decided.text(), decided.blocks());
    }

    static String headline(ChangeRequest request) {
        return headline(request, false);
    }

    /**
     * One line about how the request ended: mrkdwn for blocks (people's words escaped, Slack users mentioned), or
     * plain text for a message's notification line ({@code plain}: the actor as written, nothing escaped here, since
     * {@link SlackMessage} escapes that line itself).
     */
    static String headline(ChangeRequest request, boolean plain) {
        java.util.function.UnaryOperator<String> words = plain ? text -> text == null ? "" : text : BlockKit::escape;
        java.util.function.UnaryOperator<String> who = plain
                ? actor -> actor == null ? "someone" : actor : ChangeRequestMessages::who;
        String subject = "Change request " + request.id() + " (" + words.apply(what(request)) + " on "
                + request.agent() + " · " + request.environment() + ")";
        return switch (request.state()) {
            case APPLIED -> "✅ " + subject + " was approved by " + who.apply(request.decidedBy()) + " and applied"
                    + (request.eventGeneration() == null ? "" : " (generation " + request.eventGeneration() + ")");
            case REJECTED -> "🚫 " + subject + " was rejected by " + who.apply(request.decidedBy()) + ": "
                    + words.apply(request.decisionReason());
            case EXPIRED -> "⌛ " + subject + " expired without a decision";
            case STALE -> "⚠️ " + subject + " was approved by " + who.apply(request.decidedBy())
                    + " but not applied: the deployment changed since the request";
            case FAILED -> "❌ " + subject + " was approved by " + who.apply(request.decidedBy())
                    + " but the change was refused";
            case PENDING, APPROVED -> "🔐 " + subject + " is " + request.state().name().toLowerCase();
        };
    }

    /** A mention for Slack users ({@code <@U2CERLKJA>}), the actor otherwise. */
    static String who(String actor) {
        String user = SlackCaller.userIdOf(actor);
        return user != null ? "<@" + user + ">" : BlockKit.escape(actor == null ? "someone" : actor);
    }
}
