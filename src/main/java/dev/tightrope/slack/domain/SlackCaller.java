package dev.tightrope.slack.domain;

/**
 * The Slack user behind a command or a button click, as Slack identifies them.
 *
 * @param userId   stable id, e.g. {@code U2CERLKJA}; roles are linked to it
 * @param userName display handle at the time of the request, for messages and the history only
 * @param teamId   workspace id, e.g. {@code T1DC2JH3J}
 */
public record SlackCaller(String userId, String userName, String teamId) {

    private static final String PREFIX = "slack:";

    /**
     * How the caller appears as the actor of traffic changes and audit entries: {@code slack:U2CERLKJA (roadrunner)}.
     * The id comes first because it never changes; the name is what people recognise.
     */
    public String actor() {
        return PREFIX + userId + (userName == null || userName.isBlank() ? "" : " (" + userName + ")");
    }

    /**
     * The Slack user id in an actor written by {@link #actor()}, or {@code null} for other actors (API tokens,
     * rules, the judge), so messages can mention the person ({@code <@U2CERLKJA>}).
     */
    public static String userIdOf(String actor) {
        if (actor == null || !actor.startsWith(PREFIX)) {
            return null;
        }
        String rest = actor.substring(PREFIX.length());
        int space = rest.indexOf(' ');
        String id = space < 0 ? rest : rest.substring(0, space);
        return id.matches(SlackUserIds.PATTERN) ? id : null;
    }
}
