package dev.tightrope.slack.domain;

/**
 * One click on a Tightrope button, from a {@code block_actions} interaction payload.
 *
 * @param actionId    which button ({@link SlackActions})
 * @param value       what the button carries ({@link ButtonValue} for deployment buttons); {@code null} for links
 * @param actionTs    Slack's timestamp of the click; with the user and action it identifies the click
 * @param responseUrl where answers to this click are posted (valid for 30 minutes, 5 posts)
 */
public record ButtonClick(SlackCaller caller, String actionId, String blockId, String value, String actionTs,
        String triggerId, String responseUrl) {

    /** The identity of this click for "never act twice" (see {@link SlackRequestIds}). */
    public String requestId() {
        return SlackRequestIds.action(caller.teamId(), caller.userId(), actionId, actionTs);
    }
}
