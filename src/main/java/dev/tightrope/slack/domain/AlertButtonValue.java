package dev.tightrope.slack.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a button on an alert message carries back: the alert, written {@code alert-<id>} (e.g. {@code alert-42}),
 * and for "Roll back now" also the deployment and generation the message showed, written
 * {@code alert-<id>:<agent>:<environment>:<generation>} (the {@link ButtonValue} after the alert, e.g.
 * {@code alert-42:support-bot:production:7}). The generation becomes the rollback's {@code expectedGeneration}, as
 * on deployment messages. Nothing in a value is trusted beyond its shape: the handlers read the alert by its id and
 * refuse a value whose deployment is not the alert's.
 *
 * @param deployment {@code null} on "Acknowledge"
 */
public record AlertButtonValue(long alertId, ButtonValue deployment) {

    private static final Pattern FORMAT = Pattern.compile("^alert-([0-9]{1,18})(?::(.{1,200}))?$");

    public static AlertButtonValue of(long alertId) {
        return new AlertButtonValue(alertId, null);
    }

    public String encode() {
        return "alert-" + alertId + (deployment == null ? "" : ":" + deployment.encode());
    }

    /** The value, or {@code null} when it is not one Tightrope wrote. */
    public static AlertButtonValue parse(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = FORMAT.matcher(value);
        if (!matcher.matches()) {
            return null;
        }
        long alertId = Long.parseLong(matcher.group(1));
        if (matcher.group(2) == null) {
            return of(alertId);
        }
        ButtonValue deployment = ButtonValue.parse(matcher.group(2));
        return deployment == null ? null : new AlertButtonValue(alertId, deployment);
    }
}
