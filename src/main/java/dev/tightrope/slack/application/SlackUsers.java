package dev.tightrope.slack.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.access.application.ApiTokenService;
import dev.tightrope.access.domain.Role;
import dev.tightrope.platform.error.TightropeException;
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
    public record SlackUserLink(String slackUserId, Role role, String linkedBy, Instant linkedAt,
            String apiTokenName) {
    }

    private final Sessions sessions;
    private final SlackUserRepository users;
    private final SlackConfig config;
    private final ActorProvider actors;
    private final Clock clock;
    private final ApiTokenService tokens;

    SlackUsers(Sessions sessions, SlackUserRepository users, SlackConfig config, ActorProvider actors, Clock clock,
            ApiTokenService tokens) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.users = users;
        this.config = config;
        this.actors = actors;
        this.clock = clock;
    }

    /** Links (or re-links) a Slack user to a role; VALIDATION for a malformed id or the RUNTIME role. */
    public Uni<SlackUserLink> link(String slackUserId, Role role) {
        return link(slackUserId, role, null);
    }

    /**
     * Links (or re-links) a Slack user to a role and, when {@code apiTokenName} is given, to the API token of the
     * same person: Tightrope then counts the two identities as one person where a second person is required
     * (approving a change request). VALIDATION for a malformed id or the RUNTIME role, NOT_FOUND for a token name
     * no token has.
     */
    public Uni<SlackUserLink> link(String slackUserId, Role role, String apiTokenName) {
        SlackUserIds.checkLink(slackUserId, role);
        String actor = actors.current();
        Instant now = clock.instant();
        Uni<Boolean> known = apiTokenName == null ? Uni.createFrom().item(true) : tokens.exists(apiTokenName);
        return known.chain(exists -> {
            if (!exists) {
                throw TightropeException.notFound("No API token is named '" + apiTokenName + "'");
            }
            return sessions.transaction(() -> users.findById(slackUserId).chain(existing -> {
                SlackUserEntity entity = existing != null ? existing : new SlackUserEntity();
                entity.slackUserId = slackUserId;
                entity.role = role;
                entity.linkedBy = actor;
                entity.linkedAt = now;
                entity.apiTokenName = apiTokenName;
                return users.persist(entity);
            }));
        }).map(SlackUsers::toLink);
    }

    /**
     * The identities of the person behind an actor: the actor's own ({@code token:<name>} or {@code slack:<id>},
     * without a Slack display name), and for a Slack user linked to an API token, that token's too. Two actors are
     * the same person when their identities meet.
     */
    public Uni<Set<String>> identitiesOf(String actor) {
        String own = SlackUserIds.identity(actor);
        if (!own.startsWith("slack:")) {
            return Uni.createFrom().item(Set.of(own));
        }
        String slackUserId = own.substring("slack:".length());
        return sessions.read(() -> users.findById(slackUserId)).map(entity -> entity == null
                || entity.apiTokenName == null ? Set.of(own) : Set.of(own, "token:" + entity.apiTokenName));
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
        return new SlackUserLink(entity.slackUserId, entity.role, entity.linkedBy, entity.linkedAt,
                entity.apiTokenName);
    }
}
