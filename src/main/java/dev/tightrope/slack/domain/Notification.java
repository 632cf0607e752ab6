package dev.tightrope.slack.domain;

/**
 * Something to post to a Slack incoming webhook: a traffic change, an alert that fired or resolved.
 *
 * @param key     identifies the occurrence across instances ({@code deployment-event:42}, {@code alert-fired:7}); every instance may build
 *                the same notification, and the one that claims this key first sends it
 * @param agent   whose webhook to use (the agent's own, else the global one); {@code null} for the global one
 * @param message the Block Kit message
 */
public record Notification(String key, String agent, SlackMessage message) {
}
