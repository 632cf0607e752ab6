package dev.tightrope.access.application;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tightrope.access.domain.ApiTokenSecret;
import dev.tightrope.access.domain.Bootstrap;
import dev.tightrope.access.domain.Bootstrap.Mode;
import dev.tightrope.access.domain.Role;
import dev.tightrope.access.persistence.ApiTokenEntity;
import dev.tightrope.access.persistence.ApiTokenRepository;
import dev.tightrope.platform.persistence.Sessions;
import io.smallrye.mutiny.Uni;

/**
 * Makes sure someone can administer Tightrope, at every start ({@link Bootstrap} has the rules): creates the ADMIN
 * token of {@code tightrope.bootstrap-admin-token} (environment variable {@code TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN}),
 * generates and prints one in dev mode, and refuses to start in production when no active ADMIN token exists.
 *
 * <p>The configured secret becomes the token {@value Bootstrap#TOKEN_NAME}; if that name belongs to the token of an
 * earlier secret (the variable was changed), the new one is named {@code bootstrap-admin-<first characters>}
 * instead. Both steps are inserts that do nothing on conflict, so instances starting together agree on the result.
 * A configured token that was revoked stays revoked: revocation is final.
 */
@ApplicationScoped
public class TokenBootstrap {

    private static final Logger LOG = Logger.getLogger(TokenBootstrap.class);

    private final Sessions sessions;
    private final ApiTokenRepository tokens;
    private final Clock clock;
    private final Optional<String> configuredSecret;
    private final SecureRandom random = new SecureRandom();

    TokenBootstrap(Sessions sessions, ApiTokenRepository tokens, Clock clock,
            @ConfigProperty(name = "tightrope.bootstrap-admin-token") Optional<String> configuredSecret) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.clock = clock;
        this.configuredSecret = configuredSecret.map(String::strip).filter(secret -> !secret.isEmpty());
    }

    /** Runs the bootstrap for the configured secret; fails with {@link IllegalStateException} to stop the start. */
    public Uni<Void> run(Mode mode) {
        return run(mode, configuredSecret);
    }

    Uni<Void> run(Mode mode, Optional<String> secret) {
        if (secret.isPresent() && !ApiTokenSecret.isWellFormed(secret.get())) {
            // never echo the value: it is meant to be a secret
            return Uni.createFrom().failure(new IllegalStateException("tightrope.bootstrap-admin-token "
                    + "(TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN) is not a valid API token secret: it must be 'tr_' followed "
                    + "by at least 43 letters, digits, '_' or '-'. Generate one with: echo \"tr_$(openssl rand -hex 32)\""));
        }
        return sessions.transaction(tokens::count)
                .chain(existing -> switch (Bootstrap.plan(mode, secret.isPresent(), existing)) {
                    case ENSURE_CONFIGURED -> ensure(secret.get());
                    case GENERATE_AND_PRINT -> generate();
                    case NOTHING -> Uni.createFrom().voidItem();
                })
                .chain(() -> sessions.read(() -> tokens.countActiveHeldByPeople(Role.ADMIN, clock.instant(),
                        ApiTokenService.IN_PROCESS)))
                .invoke(activeAdmins -> {
                    if (!Bootstrap.mayStart(mode, activeAdmins)) {
                        throw new IllegalStateException("Tightrope will not start: nobody could administer it. There "
                                + "is no active ADMIN API token and no bootstrap token is configured. Set "
                                + "TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN (or tightrope.bootstrap-admin-token) to a secret "
                                + "made with: echo \"tr_$(openssl rand -hex 32)\" — it becomes an ADMIN token at "
                                + "start.");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> ensure(String secret) {
        String hash = ApiTokenSecret.hash(secret);
        String prefix = ApiTokenSecret.displayPrefix(secret);
        String fallbackName = Bootstrap.TOKEN_NAME + "-" + prefix.substring(ApiTokenSecret.PREFIX.length());
        return sessions.transaction(() -> insert(Bootstrap.TOKEN_NAME, hash, prefix)
                .chain(inserted -> inserted ? Uni.createFrom().item(true) : tokens.findBySecretHash(hash)
                        .chain(existing -> existing != null ? Uni.createFrom().item(false)
                                : insert(fallbackName, hash, prefix))))
                .chain(() -> sessions.read(() -> tokens.findBySecretHash(hash)))
                .invoke(this::report)
                .replaceWithVoid();
    }

    private Uni<Boolean> insert(String name, String hash, String prefix) {
        return tokens.insertIfAbsent(name, Role.ADMIN, hash, prefix, clock.instant(), Bootstrap.ACTOR);
    }

    private void report(ApiTokenEntity token) {
        if (token == null) {
            LOG.error("The bootstrap ADMIN token could not be created (both its names are taken by other tokens)");
        } else if (token.revokedAt != null) {
            LOG.warnf("The configured bootstrap token '%s' was revoked at %s and stays revoked; configure a new "
                    + "secret or remove tightrope.bootstrap-admin-token", token.name, token.revokedAt);
        } else if (token.role != Role.ADMIN) {
            LOG.warnf("The configured bootstrap secret belongs to token '%s' with role %s, not ADMIN", token.name,
                    token.role);
        } else {
            LOG.infof("Bootstrap ADMIN token '%s' (%s…) is ready", token.name, token.prefix);
        }
    }

    private Uni<Void> generate() {
        String secret = ApiTokenSecret.generate(random);
        Instant now = clock.instant();
        return sessions.transaction(() -> tokens.insertIfAbsent(Bootstrap.DEV_TOKEN_NAME, Role.ADMIN,
                ApiTokenSecret.hash(secret), ApiTokenSecret.displayPrefix(secret), now, Bootstrap.ACTOR))
                .invoke(inserted -> {
                    if (inserted) {
                        printOnce(secret);
                    }
                })
                .replaceWithVoid();
    }

    /** Dev mode only, and only at the first start: the one place a secret is ever written to the log. */
    private static void printOnce(String secret) {
        LOG.warnf("%n%n"
                + "  ===================================================================================%n"
                + "  Dev mode: a first ADMIN API token was generated. It is shown this once only:%n%n"
                + "      %s%n%n"
                + "  Send it as the header 'Authorization: Bearer <token>' (GraphQL UI: Headers tab),%n"
                + "  or export TOKEN=<token> for the README's curl examples. Create more tokens with%n"
                + "  createApiToken. Lost it? Delete .tightrope/ and restart, or set%n"
                + "  TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN.%n"
                + "  ===================================================================================%n",
                secret);
    }
}
