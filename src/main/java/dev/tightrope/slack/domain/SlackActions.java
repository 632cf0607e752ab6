package dev.tightrope.slack.domain;

/**
 * The {@code action_id}s of Tightrope's buttons. A click arrives at {@code /slack/interactions} with one of these;
 * each has a handler (see {@code SlackActionHandler}). New buttons add an id here and a handler there.
 */
public final class SlackActions {

    /** "Roll back now": rollback with the button's generation as expectedGeneration. Destructive: confirmed. */
    public static final String ROLLBACK = "tightrope.rollback";
    /** "Promote": the canary becomes stable. Confirmed. */
    public static final String PROMOTE = "tightrope.promote";
    /** "Open dashboard": a link; Slack opens it and still sends the click, which needs no action. */
    public static final String DASHBOARD = "tightrope.dashboard";
    /** "Acknowledge" on an alert message: acknowledges the alert its {@link AlertButtonValue} names. */
    public static final String ACKNOWLEDGE = "tightrope.acknowledge";
    /**
     * "Roll back now" on an alert message: a rollback like {@link #ROLLBACK}, with the alert named in the reason.
     * Its own id because its value is an {@link AlertButtonValue}. Destructive: confirmed.
     */
    public static final String ALERT_ROLLBACK = "tightrope.alert-rollback";

    private SlackActions() {
    }
}
