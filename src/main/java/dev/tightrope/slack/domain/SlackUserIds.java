package dev.tightrope.slack.domain;

import java.util.List;

import dev.tightrope.access.domain.Role;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;

/** Rules for linking Slack users to roles. */
public final class SlackUserIds {

    /** Slack user ids: {@code U…} (or {@code W…} in Enterprise Grid), upper-case letters and digits. */
    public static final String PATTERN = "[UW][A-Z0-9]{2,20}";

    private SlackUserIds() {
    }

    /** VALIDATION unless the id looks like a Slack user id and the role is one a person can have. */
    public static void checkLink(String slackUserId, Role role) {
        checkId(slackUserId);
        if (role == null || role == Role.RUNTIME) {
            throw TightropeException.invalid(List.of(new Violation("role",
                    "must be VIEWER, OPERATOR or ADMIN (RUNTIME is for agent runtimes, not people)")));
        }
    }

    /**
     * The identity behind an actor: {@code slack:<id>} for a Slack user, without the display name after the id
     * (which may change), and the actor itself for anything else ({@code token:<name>}).
     */
    public static String identity(String actor) {
        if (actor == null) {
            return "";
        }
        if (actor.startsWith("slack:")) {
            int space = actor.indexOf(' ');
            return space < 0 ? actor : actor.substring(0, space);
        }
        return actor;
    }

    public static void checkId(String slackUserId) {
        if (slackUserId == null || !slackUserId.matches(PATTERN)) {
            throw TightropeException.invalid(List.of(new Violation("slackUserId",
                    "must be a Slack user id such as U2CERLKJA (find it in the user's Slack profile: "
                            + "More → Copy member ID)")));
        }
    }
}
