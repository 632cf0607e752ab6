package dev.tightrope.access.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.access.domain.ApiToken;
import dev.tightrope.access.domain.ApiTokenSecret;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.access.domain.TokenRevoked;
import dev.tightrope.access.domain.TokenStatus;
import dev.tightrope.access.persistence.ApiTokenEntity;
import dev.tightrope.access.persistence.ApiTokenRepository;
import dev.tightrope.platform.persistence.Sessions;
import io.smallrye.mutiny.Uni;

/**
 * Checks the API token of every request — from memory once the token has been seen, so {@code route()} and every
 * other call cost one SHA-256 and one hash-map lookup, never a database query.
 *
 * <p><b>Cache.</b> Tokens are kept by secret hash with their revocation and expiry, and each request is judged
 * against the {@link Clock}: an expired token is refused the moment it expires. A token is loaded from the
 * database at its first use on this instance; a secret that matches nothing is remembered as unknown for
 * {@code tightrope.access.unknown-token-memory} (30 s), so repeated bad tokens do not reach the database either.
 *
 * <p><b>Revocation.</b> On the instance that revokes a token, the cache is updated before the revocation is
 * answered, so the next request with it is refused. Other instances learn it through PostgreSQL LISTEN/NOTIFY: the
 * {@code api_token} table announces every insert and revocation on channel {@code tightrope_api_token}, and each
 * instance then reloads that token in the background (typically within milliseconds of the commit). Notifications
 * sent while an instance's listening connection was down are lost, so after every reconnect all cached tokens are
 * reloaded at once; the listener checks its connection every {@code tightrope.notify.heartbeat-millis} (5 s), which
 * bounds how long an instance can miss a revocation while the database is reachable. While the database is down,
 * tokens already cached keep working (like route(), authentication is fail-static), and no revocation can be
 * committed anyway. A revocation also closes the GraphQL WebSockets authenticated with the token
 * ({@link TokenRevoked}), and every operation re-checks its caller's token ({@link #refusedToken}).
 */
@ApplicationScoped
public class TokenAuthenticator {

    private static final Logger LOG = Logger.getLogger(TokenAuthenticator.class);
    static final int MAX_UNKNOWN = 10_000;

    private final Sessions sessions;
    private final ApiTokenRepository tokens;
    private final LastUseRecorder lastUse;
    private final AccessConfig config;
    private final Clock clock;
    private final Event<TokenRevoked> revocations;

    /** Every token seen, by secret hash: active, expired and revoked ones alike are answered from here. */
    private final ConcurrentMap<String, ApiToken> byHash = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, String> hashById = new ConcurrentHashMap<>();
    /** Secret hashes that matched no token, with when they are forgotten. */
    private final ConcurrentMap<String, Instant> unknown = new ConcurrentHashMap<>();

    TokenAuthenticator(Sessions sessions, ApiTokenRepository tokens, LastUseRecorder lastUse, AccessConfig config,
            Clock clock, Event<TokenRevoked> revocations) {
        this.revocations = revocations;
        this.sessions = sessions;
        this.tokens = tokens;
        this.lastUse = lastUse;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The token the secret belongs to; fails with UNAUTHENTICATED when the secret is malformed, unknown, expired
     * or revoked, and with UNAVAILABLE when a token not yet cached cannot be looked up.
     */
    public Uni<ApiToken> authenticate(String secret) {
        if (!ApiTokenSecret.isWellFormed(secret)) {
            return Uni.createFrom().failure(AccessErrors.malformedToken());
        }
        String hash = ApiTokenSecret.hash(secret);
        Instant now = clock.instant();
        ApiToken known = byHash.get(hash);
        if (known != null) {
            return verdict(known, now);
        }
        Instant forgetAt = unknown.get(hash);
        if (forgetAt != null && now.isBefore(forgetAt)) {
            return Uni.createFrom().failure(AccessErrors.unknownToken());
        }
        return sessions.read(() -> tokens.findBySecretHash(hash)).chain(entity -> {
            if (entity == null) {
                rememberUnknown(hash, clock.instant());
                return Uni.createFrom().failure(AccessErrors.unknownToken());
            }
            return verdict(remember(entity), clock.instant());
        });
    }

    private Uni<ApiToken> verdict(ApiToken token, Instant now) {
        return switch (token.status(now)) {
            case ACTIVE -> {
                lastUse.used(token.id(), now);
                yield Uni.createFrom().item(token);
            }
            case EXPIRED -> Uni.createFrom().failure(AccessErrors.expired(token));
            case REVOKED -> Uni.createFrom().failure(AccessErrors.revoked(token));
        };
    }

    /**
     * Whether the caller's token can still be used now: checked again for every operation, because a WebSocket
     * keeps the identity it was authenticated with at connection_init, while its token may be revoked or expire.
     * Answered from memory.
     */
    public Optional<ApiToken> refusedToken(Caller caller, Instant now) {
        String hash = hashById.get(caller.tokenId());
        ApiToken token = hash == null ? null : byHash.get(hash);
        return token == null || token.status(now) == TokenStatus.ACTIVE ? Optional.empty() : Optional.of(token);
    }

    /** Caches the token as stored (for example right after revoking it); returns it. */
    ApiToken remember(ApiTokenEntity entity) {
        ApiToken token = entity.toDomain();
        ApiToken before = byHash.put(entity.secretHash, token);
        hashById.put(token.id(), entity.secretHash);
        unknown.remove(entity.secretHash);
        if (token.revokedAt() != null && (before == null || before.revokedAt() == null)) {
            revocations.fire(new TokenRevoked(token.id()));
        }
        return token;
    }

    private void rememberUnknown(String hash, Instant now) {
        if (unknown.size() >= MAX_UNKNOWN) {
            unknown.clear();
        }
        unknown.put(hash, now.plus(config.unknownTokenMemory()));
    }

    /** Another instance (or psql) created or revoked token {@code id}: refresh it if cached. */
    public void changed(long id) {
        unknown.clear();
        if (!hashById.containsKey(id)) {
            return;
        }
        sessions.read(() -> tokens.findById(id)).subscribe().with(
                entity -> {
                    if (entity != null) {
                        remember(entity);
                    }
                },
                error -> LOG.warnf("Could not reload API token %d: %s", id, error.toString()));
    }

    /** Reloads every cached token: announcements may have been missed while the listener was disconnected. */
    public void reloadAll() {
        unknown.clear();
        List<Long> ids = List.copyOf(hashById.keySet());
        if (ids.isEmpty()) {
            return;
        }
        sessions.read(() -> tokens.findByIds(ids)).subscribe().with(
                entities -> entities.forEach(this::remember),
                error -> LOG.warnf("Could not reload API tokens (cached ones stay in use): %s", error.toString()));
    }
}
