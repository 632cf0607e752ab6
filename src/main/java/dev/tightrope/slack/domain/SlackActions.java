package dev.tightrope.slack.domain;

/**
 * The {@code action_id}s of Tightrope's buttons. A click arrives at {@code /slack/interactions} with one of these;
 * each has a handler (see {@code SlackActionHandler}). New buttons (for example acknowledging an alert) add an id
 * here and a handler there.
 */
public final class SlackActions {

    /** "Roll back now": rollback with the button's generation as expectedGeneration. Destructive: confirmed. */
    public static final String ROLLBACK = "tightrope.rollback";
    /** "Promote": the canary becomes stable. Confirmed. */
    public static final String PROMOTE = "tightrope.promote";
    /** "Open dashboard": a link; Slack opens it and still sends the click, which needs no action. */
    public static final String DASHBOARD = "tightrope.dashboard";
    /** "Acknowledge": reserved for alerts (a later feature plugs a handler in for it). */
    public static final String ACKNOWLEDGE = "tightrope.acknowledge";

    private SlackActions() {
    }
}
