package dev.tightrope.slack.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.access.domain.Role;
import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.slack.domain.SlackPermissions;
import dev.tightrope.slack.domain.SlackUserIds;
import dev.tightrope.slack.persistence.SlackUserEntity;
import dev.tightrope.slack.persistence.SlackUserRepository;
import io.smallrye.mutiny.Uni;

/** Slack users linked to Tightrope roles, and the role a Slack user acts with. */
@ApplicationScoped
public class SlackUsers {

    /** A linked Slack user. */
    public record SlackUserLink(String slackUserId, Role role, String linkedBy, Instant linkedAt) {
    }

    private final Sessions sessions;
    private final SlackUserRepository users;
    private final SlackConfig config;
    private final ActorProvider actors;
    private final Clock clock;

    SlackUsers(Sessions sessions, SlackUserRepository users, SlackConfig config, ActorProvider actors, Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.config = config;
        this.actors = actors;
        this.clock = clock;
    }

    /** Links (or re-links) a Slack user to a role; VALIDATION for a malformed id or the RUNTIME role. */
    public Uni<SlackUserLink> link(String slackUserId, Role role) {
        SlackUserIds.checkLink(slackUserId, role);
        String actor = actors.current();
        Instant now = clock.instant();
        return sessions.transaction(() -> users.findById(slackUserId).chain(existing -> {
            SlackUserEntity entity = existing != null ? existing : new SlackUserEntity();
            entity.slackUserId = slackUserId;
            entity.role = role;
            entity.linkedBy = actor;
            entity.linkedAt = now;
            return users.persist(entity);
        })).map(SlackUsers::toLink);
    }

    /** Removes a link; {@code true} when there was one. The user then has the team default role, if any. */
    public Uni<Boolean> unlink(String slackUserId) {
        SlackUserIds.checkId(slackUserId);
        return sessions.transaction(() -> users.deleteById(slackUserId));
    }

    public Uni<List<SlackUserLink>> list() {
        return sessions.read(users::listAllOrdered).map(list -> list.stream().map(SlackUsers::toLink).toList());
    }

    /** The role the Slack user acts with: linked, else the team default, else none. */
    public Uni<Optional<Role>> roleOf(String slackUserId) {
        return sessions.read(() -> users.findById(slackUserId))
                .map(entity -> SlackPermissions.effectiveRole(
                        Optional.ofNullable(entity).map(e -> e.role), config.defaultRole()));
    }

    private static SlackUserLink toLink(SlackUserEntity entity) {
        return new SlackUserLink(entity.slackUserId, entity.role, entity.linkedBy, entity.linkedAt);
    }
}
