package dev.tightrope.slack.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identities of Slack requests, for "never act twice". Slack gives every slash command invocation its own
 * {@code trigger_id}, and every button click its own {@code action_ts}; a retry or a replay of the same request
 * carries the same values. The same identity also becomes the traffic change's idempotency key, so even a request
 * that slipped past the replay table (it expired) returns the first result instead of changing traffic again.
 */
public final class SlackRequestIds {

    /** Longest id: the traffic idempotency key column's limit. */
    public static final int MAX_LENGTH = 200;

    private SlackRequestIds() {
    }

    /** {@code slack-command:T1DC2JH3J:398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c}. */
    public static String command(String teamId, String triggerId) {
        return bounded("slack-command:", clean(teamId) + ":" + clean(triggerId));
    }

    /** {@code slack-action:T1DC2JH3J:U2CERLKJA:tightrope.rollback:1608059436.541193}. */
    public static String action(String teamId, String userId, String actionId, String actionTs) {
        return bounded("slack-action:",
                clean(teamId) + ":" + clean(userId) + ":" + clean(actionId) + ":" + clean(actionTs));
    }

    /** Keeps ids printable. */
    private static String clean(String part) {
        return part == null ? "" : part.replaceAll("[^A-Za-z0-9._-]", "");
    }

    /** Readable when it fits the idempotency key column (200 characters), a SHA-256 of the parts otherwise. */
    private static String bounded(String prefix, String parts) {
        if (prefix.length() + parts.length() <= MAX_LENGTH) {
            return prefix + parts;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(parts.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
