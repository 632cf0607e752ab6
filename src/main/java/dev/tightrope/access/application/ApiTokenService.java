package dev.tightrope.access.application;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.access.domain.ApiToken;
import dev.tightrope.access.domain.ApiTokenSecret;
import dev.tightrope.access.domain.Role;
import dev.tightrope.access.domain.TokenRules;
import dev.tightrope.access.domain.TokenScope;
import dev.tightrope.access.domain.TokenStatus;
import dev.tightrope.access.persistence.ApiTokenEntity;
import dev.tightrope.access.persistence.ApiTokenRepository;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.persistence.Sessions;
import io.smallrye.mutiny.Uni;

/** Creates, revokes and lists API tokens. */
@ApplicationScoped
public class ApiTokenService {

    /** Any number; serialises revocations so two concurrent ones cannot both remove "the last" ADMIN token. */
    private static final long REVOCATION_LOCK = 0x7469676874726f70L;

    private final Sessions sessions;
    private final ApiTokenRepository tokens;
    private final TokenAuthenticator authenticator;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokenService(Sessions sessions, ApiTokenRepository tokens, TokenAuthenticator authenticator, Clock clock) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /**
     * The creator of tokens the application issues to itself in-process (the demo's ADMIN token): no person holds
     * their secrets, so they do not count as anybody's last ADMIN token.
     */
    public static final String IN_PROCESS = "demo";
    /** The last unscoped ADMIN token may be revoked only while another one lasts at least this long. */
    static final java.time.Duration LAST_ADMIN_MARGIN = java.time.Duration.ofDays(1);

    /**
     * A new token with a fresh secret, returned only here; VALIDATION for a bad name or an expiry not in the
     * future, CONFLICT when the name is taken (names are unique among all tokens, revoked ones included, so an
     * actor {@code token:<name>} always means one token).
     */
    public Uni<CreatedToken> create(String name, Role role, Instant expiresAt, String actor) {
        return create(name, role, expiresAt, TokenScope.FULL, actor, TokenScope.FULL);
    }

    /**
     * A new token limited to {@code scope}. The creator's own scope bounds it: a token can only hand on what it may
     * act on itself (FORBIDDEN otherwise, naming the creator's scope).
     */
    public Uni<CreatedToken> create(String name, Role role, Instant expiresAt, TokenScope scope, String actor,
            TokenScope creatorScope) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
        TokenRules.checkNewToken(name, role, expiresAt, now);
        if (!scope.within(creatorScope)) {
            throw AccessErrors.scopeTooWide(scope, creatorScope);
        }
        String secret = ApiTokenSecret.generate(random);
        ApiTokenEntity entity = new ApiTokenEntity();
        entity.name = name;
        entity.role = role;
        entity.secretHash = ApiTokenSecret.hash(secret);
        entity.prefix = ApiTokenSecret.displayPrefix(secret);
        entity.createdAt = now;
        entity.createdBy = actor;
        entity.expiresAt = expiresAt;
        entity.agentScope = scope.storedAgents();
        entity.environmentScope = scope.storedEnvironments();
        return sessions.transaction(() -> tokens.findByName(name).chain(existing -> existing != null
                ? Uni.createFrom().failure(TightropeException.conflict("An API token named '" + name
                        + "' already exists; token names are never reused."))
                : tokens.persist(entity)))
                .map(stored -> new CreatedToken(secret, authenticator.remember(stored)));
    }

    /**
     * Revokes the token for good; from the next request on it is refused (on this instance at once, on others as
     * soon as they hear of it). Revoking a revoked token changes nothing and returns it. NOT_FOUND for an unknown
     * id; CONFLICT for the last active ADMIN token, whose loss would leave nobody able to administer Tightrope.
     */
    public Uni<ApiToken> revoke(long id, String actor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return sessions.transaction(() -> tokens.getSession()
                .chain(session -> session.createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) acquired")
                        .setParameter(1, REVOCATION_LOCK).getSingleResult())
                .chain(locked -> tokens.findById(id))
                .onItem().ifNull().failWith(() -> TightropeException.notFound("No API token with id " + id))
                .chain(token -> token.revokedAt != null ? Uni.createFrom().item(token)
                        : checkNotLastAdmin(token, now)
                                .chain(() -> tokens.revoke(id, now, actor))
                                .chain(() -> tokens.getSession())
                                .map(session -> {
                                    session.detach(token); // the update was a query: keep it from being flushed
                                    token.revokedAt = now;
                                    token.revokedBy = actor;
                                    return token;
                                })))
                .map(authenticator::remember);
    }

    /**
     * The last-ADMIN guard: an unscoped ADMIN token is revoked only while another one would still administer
     * everything, one people hold (not issued in-process to the application itself, the demo's, created by
     * {@link #IN_PROCESS}, whose secrets nobody sees), unscoped (a scoped ADMIN cannot create a full token again), and
     * not expiring within {@link #LAST_ADMIN_MARGIN} (a token that lapses in seconds would lock everyone out then).
     */
    private Uni<Void> checkNotLastAdmin(ApiTokenEntity token, Instant now) {
        ApiToken revoked = token.toDomain();
        if (token.role != Role.ADMIN || revoked.status(now) != TokenStatus.ACTIVE || !revoked.scope().isFull()
                || IN_PROCESS.equals(token.createdBy)) {
            return Uni.createFrom().voidItem(); // a scoped ADMIN's revocation leaves every full one as it was
        }
        return tokens.countFullAdminsBesides(token.id, now.plus(LAST_ADMIN_MARGIN), IN_PROCESS).map(others -> {
            if (others == 0) {
                throw AccessErrors.lastAdmin(revoked);
            }
            return null;
        });
    }

    /** Every token, oldest first, revoked and expired ones included. */
    public Uni<List<ApiToken>> list() {
        return sessions.read(tokens::listAll).map(list -> list.stream().map(ApiTokenEntity::toDomain).toList());
    }

    /** Whether a token of that name exists (revoked and expired ones included: names are never reused). */
    public Uni<Boolean> exists(String name) {
        return sessions.read(() -> tokens.findByName(name)).map(java.util.Objects::nonNull);
    }

    /** One token by id; NOT_FOUND when there is none. */
    public Uni<ApiToken> get(long id) {
        return sessions.read(() -> tokens.findById(id))
                .onItem().ifNull().failWith(() -> TightropeException.notFound("No API token with id " + id))
                .map(ApiTokenEntity::toDomain);
    }
}
