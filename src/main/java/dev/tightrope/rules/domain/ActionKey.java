package dev.tightrope.rules.domain;

/**
 * The idempotency key of a firing rule's action, {@code rule:<rule>:<deployment>:<firing>}: the action happens once
 * however often its evaluation is retried, and the traffic change it makes names the alert of its firing (the alert
 * is unique per rule, deployment and firing). A fallback the release guard held rolls back instead, under
 * {@link #rollbackInsteadText()}: another change, so another key, of the same firing.
 */
public record ActionKey(long ruleId, long deploymentId, long firing) {

    private static final String PREFIX = "rule:";
    private static final String ROLLBACK_INSTEAD = "rollback";

    public String text() {
        return PREFIX + ruleId + ":" + deploymentId + ":" + firing;
    }

    /** The key of the rollback a held fallback makes instead: {@code rule:<rule>:<deployment>:<firing>:rollback}. */
    public String rollbackInsteadText() {
        return text() + ":" + ROLLBACK_INSTEAD;
    }

    /**
     * The key this text is, or {@code null} when it is not a rule action's key ({@code "rule:3:7:2"} and
     * {@code "rule:3:7:2:rollback"} → 3, 7, 2).
     */
    public static ActionKey parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = text.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 3 && !(parts.length == 4 && parts[3].equals(ROLLBACK_INSTEAD))) {
            return null;
        }
        try {
            return new ActionKey(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
