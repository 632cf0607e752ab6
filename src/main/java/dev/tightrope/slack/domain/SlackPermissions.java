package dev.tightrope.slack.domain;

import java.util.Optional;

import dev.tightrope.access.domain.Role;

/**
 * Who may do what from Slack. A Slack user's role is the one linked to their id, else the team-wide default
 * ({@code tightrope.slack.default-role}), else none. Anyone who can reach the command may read status and help;
 * traffic changes (rollback, promote, pause, resume, and their buttons) and acknowledging alerts need
 * {@link Role#OPERATOR} or above (as the {@code acknowledgeAlert} mutation does).
 */
public final class SlackPermissions {

    /** The role a traffic change from Slack needs. */
    public static final Role CHANGE_TRAFFIC = Role.OPERATOR;

    /** The role acknowledging an alert from Slack needs. */
    public static final Role ACKNOWLEDGE_ALERT = Role.OPERATOR;

    private SlackPermissions() {
    }

    /** The effective role: linked first, then the team default; empty when the user has none. */
    public static Optional<Role> effectiveRole(Optional<Role> linked, Optional<Role> teamDefault) {
        return linked.isPresent() ? linked : teamDefault.filter(role -> role != Role.RUNTIME);
    }

    public static boolean mayChangeTraffic(Optional<Role> role) {
        return role.map(r -> r.includes(CHANGE_TRAFFIC)).orElse(false);
    }

    public static boolean mayAcknowledgeAlerts(Optional<Role> role) {
        return role.map(r -> r.includes(ACKNOWLEDGE_ALERT)).orElse(false);
    }
}
