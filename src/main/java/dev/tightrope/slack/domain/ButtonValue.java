package dev.tightrope.slack.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Tightrope button carries back: the deployment it acts on and the generation its message showed, written
 * {@code <agent>:<environment>:<generation>} (slugs contain no colon), e.g. {@code support-bot:production:7}. The
 * generation becomes the change's {@code expectedGeneration}, so a click on an old message never acts on a
 * deployment that has moved on since: it gets a CONFLICT instead.
 */
public record ButtonValue(String agent, String environment, long generation) {

    private static final Pattern FORMAT =
            Pattern.compile("^([a-z0-9][a-z0-9-]{1,62}):([a-z0-9][a-z0-9-]{1,62}):([0-9]{1,18})$");

    public String encode() {
        return agent + ":" + environment + ":" + generation;
    }

    /** The value, or {@code null} when it is not one Tightrope wrote. */
    public static ButtonValue parse(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = FORMAT.matcher(value);
        if (!matcher.matches()) {
            return null;
        }
        return new ButtonValue(matcher.group(1), matcher.group(2), Long.parseLong(matcher.group(3)));
    }
}
