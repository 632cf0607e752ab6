package dev.tightrope.access.graphql;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import dev.tightrope.access.application.TokenAuthenticator;
import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.access.domain.AccessPolicy;
import dev.tightrope.access.domain.AccessPolicy.Decision;
import dev.tightrope.access.domain.AccessPolicy.OperationType;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.access.domain.Role;
import dev.tightrope.access.http.Callers;
import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.audit.domain.AuditEntry;
import dev.tightrope.audit.domain.AuditSource;
import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.graphql.RefusedMutation;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.spi.EventingService;

/**
 * Access control and auditing of every GraphQL operation, in one place that no operation can bypass: SmallRye
 * GraphQL calls it before and after every field backed by a {@code @GraphQLApi} method, whichever class declares
 * it (through {@link AccessControlHook}, registered in {@code META-INF/services}; always active).
 *
 * <ul>
 * <li><b>Before</b> each root field of Query, Mutation or Subscription: {@link AccessPolicy#decide} with the
 * caller's role, after checking that the caller's token is still valid (a WebSocket keeps the identity of its
 * connection_init while its token may be revoked or expire). A refusal throws UNAUTHENTICATED or FORBIDDEN, so the
 * resolver never runs (nothing changes, no subscription starts); fields nested below are not checked again.</li>
 * <li>A token with a limited scope is then held to it ({@link ScopeCheck}): every mutation, and what runtimes
 * receive ({@code route}, {@code configChanged}), must name agents and environments of its scope.</li>
 * <li>Every <b>mutation</b> — allowed, refused or failed — is appended to the audit log: actor, token id, source
 * API, the field's name and arguments (redacted by the audit log), outcome {@code OK} or the error code.</li>
 * </ul>
 *
 * <p><b>Audit timing.</b> The entry is written after the mutation has finished, in a transaction of its own, and
 * the answer does not wait for it (the hooks of this SPI are synchronous): an audit write cannot slow down, fail or
 * change a mutation's result, and a failed write is logged at ERROR and counted. The price is that an entry can be
 * lost when the process dies between the mutation's commit and the audit write; for traffic changes the
 * deployment's event history, written in the change's own transaction with the same actor, remains the
 * authoritative record.
 */
@ApplicationScoped
@Named(AccessControl.BEAN_NAME)
public class AccessControl implements EventingService {

    /** The bean's name, by which {@link AccessControlHook} finds it. */
    public static final String BEAN_NAME = "tightrope-access-control";
    private static final Logger LOG = Logger.getLogger(AccessControl.class);
    /** Key prefix, in the execution's GraphQL context, of a mutation whose audit entry is not yet written. */
    private static final String PENDING = "tightrope.audit.pending:";

    private final AuditLog auditLog;
    private final TokenAuthenticator authenticator;
    private final Clock clock;

    AccessControl(AuditLog auditLog, TokenAuthenticator authenticator, Clock clock) {
        this.auditLog = auditLog;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public void beforeDataFetch(Context context) {
        Optional<OperationType> type = context.getParentTypeName().flatMap(OperationType::ofTypeName);
        if (type.isEmpty()) {
            return;
        }
        String operation = context.getFieldName();
        Caller caller = Callers.of(ActorProvider.currentIdentity());
        // a WebSocket keeps the identity of its connection_init: its token may have been revoked or expired since
        TightropeException stale = caller == null ? null : authenticator.refusedToken(caller, clock.instant())
                .map(token -> token.revokedAt() != null ? AccessErrors.revoked(token) : AccessErrors.expired(token))
                .orElse(null);
        Decision decision = stale != null ? Decision.UNAUTHENTICATED
                : AccessPolicy.decide(type.get(), operation, caller == null ? null : caller.role());
        TightropeException refusal = switch (decision) {
            case ALLOWED -> null;
            case UNAUTHENTICATED -> stale != null ? stale : AccessErrors.missingToken();
            case FORBIDDEN -> AccessErrors.forbidden(type.get(), operation, caller.role());
        };
        DataFetchingEnvironment fetching = context.unwrap(DataFetchingEnvironment.class);
        Map<String, Object> given = fetching == null ? Map.of() : fetching.getArguments();
        if (refusal == null && caller != null && given.get(AccessPolicy.OVERRIDE_FREEZE) != null
                && !caller.role().includes(Role.ADMIN)) {
            refusal = AccessErrors.adminArgument(AccessPolicy.OVERRIDE_FREEZE, operation, caller.role());
        }
        if (refusal == null && caller != null && !caller.scope().isFull()) {
            refusal = ScopeCheck.refusal(type.get(), operation, given, caller);
        }
        if (type.get() == OperationType.MUTATION) {
            AuditEntry entry = new AuditEntry(caller == null ? ActorProvider.ANONYMOUS : caller.actor(),
                    caller == null ? null : caller.tokenId(), AuditSource.API, operation, arguments(context),
                    refusal == null ? AuditEntry.OK : refusal.code().name(), clock.instant());
            if (refusal == null) {
                graphQLContext(context).put(PENDING + context.getPath(), entry);
            } else {
                write(entry);
            }
        }
        if (refusal != null) {
            throw new AccessRefusal(refusal);
        }
    }

    /**
     * Whether {@link #beforeDataFetch} would let this identity run this root field: an authenticated caller whose
     * token is still valid and whose role the policy allows. For fast paths that answer some requests without the
     * engine: they take only allowed callers and leave every other to the engine, which refuses with the usual code.
     */
    public boolean allows(SecurityIdentity identity, OperationType type, String operation) {
        Caller caller = Callers.of(identity);
        return caller != null && authenticator.refusedToken(caller, clock.instant()).isEmpty()
                && AccessPolicy.decide(type, operation, caller.role()) == Decision.ALLOWED;
    }

    /** {@link #allows(SecurityIdentity, OperationType, String)}, and the token's scope covers the deployment. */
    public boolean allows(SecurityIdentity identity, OperationType type, String operation, String agent,
            String environment) {
        Caller caller = Callers.of(identity);
        return allows(identity, type, operation) && caller.scope().covers(agent, environment);
    }

    /**
     * Audits a mutation a fast path answered without the engine, as {@link #beforeDataFetch} and
     * {@link #afterDataFetch} audit one the engine ran: the caller's actor and token, source API, the field and its
     * arguments, outcome {@code OK}. Only for callers {@link #allows} let run it.
     */
    public void auditAnswered(SecurityIdentity identity, String operation, Map<String, Object> arguments) {
        Caller caller = Callers.of(identity);
        write(new AuditEntry(caller == null ? ActorProvider.ANONYMOUS : caller.actor(),
                caller == null ? null : caller.tokenId(), AuditSource.API, operation, arguments, AuditEntry.OK,
                clock.instant()));
    }

    @Override
    public void afterDataFetch(Context context) {
        finish(context, AuditEntry.OK);
    }

    @Override
    public void errorDataFetch(Context context, Throwable failure) {
        finish(context, ErrorTranslator.codeOf(failure).name());
    }

    private void finish(Context context, String outcome) {
        if (!"Mutation".equals(context.getParentTypeName().orElse(null))) {
            return;
        }
        GraphQLContext execution = graphQLContext(context);
        String key = PENDING + context.getPath();
        AuditEntry entry = execution.get(key);
        if (entry != null) {
            execution.delete(key); // one entry per mutation, even if both hooks fire
            write(entry.withOutcome(outcome));
        }
    }

    /** A mutation refused before any of its fields ran (see {@link RefusedMutation}): one entry per root field. */
    void refusedBeforeRunning(@Observes RefusedMutation refused) {
        Caller caller = Callers.of(refused.identity());
        for (RefusedMutation.Field field : refused.fields()) {
            write(new AuditEntry(caller == null ? ActorProvider.ANONYMOUS : caller.actor(),
                    caller == null ? null : caller.tokenId(), AuditSource.API, field.name(), field.arguments(),
                    refused.code(), clock.instant()));
        }
    }

    private void write(AuditEntry entry) {
        try {
            auditLog.record(entry).subscribe().with(ignored -> { }, error -> { });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not audit %s by %s (outcome %s)", entry.operation(), entry.actor(), entry.outcome());
        }
    }

    private static Map<String, Object> arguments(Context context) {
        DataFetchingEnvironment environment = context.unwrap(DataFetchingEnvironment.class);
        return environment == null ? Map.of() : PlainValues.of(environment.getArguments());
    }

    private static GraphQLContext graphQLContext(Context context) {
        return context.unwrap(DataFetchingEnvironment.class).getGraphQlContext();
    }
}
