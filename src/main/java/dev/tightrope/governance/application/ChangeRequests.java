package dev.tightrope.governance.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.audit.application.AuditLog;
import dev.tightrope.audit.domain.AuditEntry;
import dev.tightrope.audit.domain.AuditSource;
import dev.tightrope.governance.domain.ChangeOperation;
import dev.tightrope.governance.domain.ChangeRequest;
import dev.tightrope.governance.domain.ChangeState;
import dev.tightrope.governance.domain.PromotionMode;
import dev.tightrope.governance.persistence.GovernanceStore;
import dev.tightrope.judge.application.PlannedRollouts;
import dev.tightrope.judge.domain.RolloutPlan;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.application.RegistryLookup;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.release.application.Clearance;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.DeploymentState;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.TrafficTransitions;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.slack.application.SlackUsers;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Four-eyes changes: a person asks for a traffic change in a protected environment ({@link #request}), a second
 * person with at least OPERATOR approves ({@link #approve}) or rejects it ({@link #reject}); the requester can do
 * neither.
 *
 * <p><b>Applied once, at the generation it was asked at.</b> Approving claims the request (PENDING → APPROVED in one
 * conditional update, so of two approvals at once one wins) and applies the stored change through the same release
 * service as every change, with {@code expectedGeneration} = the deployment's generation when it was requested and
 * the idempotency key {@code change-request:<id>}: a retried or repeated application replays the first one's event
 * and changes nothing again. If the deployment moved on since the request, the release service answers CONFLICT and
 * the request becomes STALE (nothing changed; ask again). A change that is held when applied (FROZEN, SOAK_REQUIRED,
 * or the database unreachable) leaves the request PENDING, to be approved later; any other refusal makes it FAILED.
 *
 * <p>Requests expire after {@code tightrope.governance.request-lifetime} (24 h): a scheduled pass marks them EXPIRED
 * (by the injected clock), and an approval after the expiry is refused even before the pass ran.
 */
@ApplicationScoped
public class ChangeRequests {

    private static final Logger LOG = Logger.getLogger(ChangeRequests.class);
    public static final int MAX_REASON_LENGTH = TrafficService.MAX_REASON_LENGTH;

    /** What a person asks for; the arguments each operation needs are those of its mutation. */
    public record Asked(ChangeOperation operation, String agent, String environment, Integer version,
            Integer weight, RolloutPlan plan, String from, PromotionMode mode, String reason, Trigger trigger,
            String actor, Long expectedGeneration) {
    }

    private final GovernanceStore store;
    private final DeploymentQueries deployments;
    private final TrafficService traffic;
    private final PlannedRollouts rollouts;
    private final EnvironmentPromotion promotion;
    private final GovernanceGuard guard;
    private final ChangeRequestNotices notices;
    private final GovernanceConfig config;
    private final AuditLog audit;
    private final Clock clock;
    private final SlackUsers people;
    private final RegistryLookup registry;
    private final Sessions sessions;

    ChangeRequests(GovernanceStore store, DeploymentQueries deployments, TrafficService traffic,
            PlannedRollouts rollouts, EnvironmentPromotion promotion, GovernanceGuard guard,
            ChangeRequestNotices notices, GovernanceConfig config, AuditLog audit, Clock clock, SlackUsers people,
            RegistryLookup registry, Sessions sessions) {
        this.registry = registry;
        this.sessions = sessions;
        this.people = people;
        this.store = store;
        this.deployments = deployments;
        this.traffic = traffic;
        this.rollouts = rollouts;
        this.promotion = promotion;
        this.guard = guard;
        this.notices = notices;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records a pending request with the deployment's generation now, and posts it to Slack. VALIDATION for missing
     * or extra arguments or a weight no rollout takes; NOT_FOUND for an unknown agent or version (or, for
     * PROMOTE_ENVIRONMENT, nothing stable in {@code from}); SOAK_REQUIRED at once when the version cannot be
     * released there yet; CONFLICT (with {@code currentGeneration}) when the requester expected another generation
     * than the deployment's now.
     */
    public Uni<ChangeRequest> request(Asked asked) {
        check(asked);
        Uni<Integer> version = asked.operation() == ChangeOperation.PROMOTE_ENVIRONMENT
                ? promotion.stableVersion(asked.agent(), asked.from())
                : asked.version() == null ? Uni.createFrom().nullItem()
                        : sessions.read(() -> registry.agentId(asked.agent()).chain(agentId -> registry
                                .requireVersion(agentId, asked.agent(), asked.version())))
                                .replaceWith(asked.version());
        return version.chain(resolved -> deployments.deployment(asked.agent(), asked.environment())
                .chain(deployment -> {
                    long generation = deployment == null ? 0 : deployment.state().generation();
                    if (asked.expectedGeneration() != null && asked.expectedGeneration() != generation) {
                        throw new TightropeException(ErrorCode.CONFLICT, "The deployment is at generation "
                                + generation + ", not " + asked.expectedGeneration() + " as expected; nothing was "
                                + "requested. Reload and decide again.", Map.of("currentGeneration", generation));
                    }
                    // what the change would refuse in the deployment's state now is refused now, not after a
                    // second person approved it (the state may still move on before then: the approval says so)
                    dryRun(asked, resolved, deployment == null ? DeploymentState.NEW : deployment.state());
                    Uni<Void> soak = startsVersion(asked) && resolved != null
                            ? guard.checkSoak(asked.agent(), asked.environment(), resolved)
                            : Uni.createFrom().voidItem();
                    Instant now = clock.instant();
                    return soak.chain(() -> store.saveRequest(asked.agent(), asked.environment(), asked.operation(),
                            arguments(asked, resolved), asked.reason(), generation, asked.trigger().name(),
                            asked.actor(), now, now.plus(config.requestLifetime())));
                }))
                .invoke(notices::requested);
    }

    /**
     * Approves and applies a pending request. FORBIDDEN for its requester or outside the approver's token scope;
     * NOT_FOUND for an unknown id; CONFLICT when it is not pending any more (decided, expired). FROZEN,
     * SOAK_REQUIRED or UNAVAILABLE when the change is held: the request stays PENDING. Otherwise the request as it
     * ends: APPLIED, STALE (the deployment moved on) or FAILED (the change was refused: {@code outcome} says why).
     *
     * @param freezeOverride an ADMIN's reason to apply it during a freeze (the caller checked the role), or null
     */
    public Uni<ChangeRequest> approve(long id, Caller approver, String approverActor, String freezeOverride) {
        return decidable(id, approver, approverActor, "approve").chain(pending -> {
            Instant now = clock.instant();
            return store.claim(id, approverActor, now).chain(claimed -> {
                if (claimed == null) {
                    return store.request(id).map(current -> {
                        throw notPending(current);
                    });
                }
                return apply(claimed, approverActor, freezeOverride);
            });
        }).invoke(request -> notices.decided(request));
    }

    /** Rejects a pending request; the same refusals as {@link #approve}, and VALIDATION without a reason. */
    public Uni<ChangeRequest> reject(long id, Caller rejecter, String rejecterActor, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
            throw TightropeException.invalid(List.of(new Violation("reason", "is required (1 to "
                    + MAX_REASON_LENGTH + " characters): say why")));
        }
        return decidable(id, rejecter, rejecterActor, "reject")
                .chain(pending -> store.reject(id, rejecterActor, clock.instant(), reason.strip()))
                .chain(rejected -> rejected != null ? Uni.createFrom().item(rejected)
                        : store.request(id).map(current -> {
                            throw notPending(current);
                        }))
                .invoke(request -> notices.decided(request));
    }

    public Uni<ChangeRequest> get(long id) {
        return store.request(id).onItem().ifNull()
                .failWith(() -> TightropeException.notFound("No change request with id " + id));
    }

    /** Newest first, at most {@code limit}; each filter null for any. */
    public Uni<List<ChangeRequest>> list(ChangeState state, String agent, String environment, int limit) {
        return store.requests(state, agent, environment, limit);
    }

    @Scheduled(every = "${tightrope.governance.expire-every:60S}", delayed = "15S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return expireOnce().onFailure().recoverWithItem(failure -> {
            LOG.warnf("Expiring change requests failed, will retry: %s", failure.toString());
            return List.of();
        }).replaceWithVoid();
    }

    /**
     * Marks every pending request past its expiry EXPIRED (and audits each), and returns interrupted approvals to
     * PENDING; the requests that expired. Safe on every instance at once: each row changes once.
     */
    public Uni<List<ChangeRequest>> expireOnce() {
        Instant now = clock.instant();
        return store.expire(now).call(expired -> {
            expired.forEach(request -> {
                audit.record(new AuditEntry("scheduler", null, AuditSource.SCHEDULER, "expireChangeRequest",
                        Map.of("id", Long.toString(request.id()), "agent", request.agent(), "environment",
                                request.environment(), "operation", request.operation().name()),
                        AuditEntry.OK, now)).subscribe().with(ignored -> { }, failure -> { });
                notices.decided(request);
            });
            return store.unstick(now.minus(config.stuckApproval())).replaceWithVoid();
        });
    }

    /** The request, if {@code actor} may decide it now; the refusal otherwise. */
    private Uni<ChangeRequest> decidable(long id, Caller caller, String actor, String verb) {
        return get(id).chain(request -> samePerson(request.requester(), actor).chain(same -> {
            if (caller != null && !caller.scope().covers(request.agent(), request.environment())) {
                throw AccessErrors.outOfScope(caller, verb + "Change", request.agent(), request.environment());
            }
            if (same) {
                throw new TightropeException(ErrorCode.FORBIDDEN, "You asked for change request " + id + " yourself; "
                        + "a second person must " + verb + " it.", caller == null
                                ? Map.of("requestedBy", request.requester())
                                : Map.of("requestedBy", request.requester(), "role", caller.role().name()));
            }
            if (request.state() != ChangeState.PENDING) {
                throw notPending(request);
            }
            if (!clock.instant().isBefore(request.expiresAt())) {
                return store.expire(clock.instant()).map(ignored -> {
                    throw new TightropeException(ErrorCode.CONFLICT, "Change request " + id + " expired at "
                            + request.expiresAt() + "; nothing was changed. Request the change again.",
                            Map.of("state", ChangeState.EXPIRED.name()));
                });
            }
            return Uni.createFrom().item(request);
        }));
    }

    /**
     * Whether two actors are one person: the same token or Slack user, or a Slack user and the API token linked to
     * it as the same person's ({@code linkSlackUser(…, apiToken)}).
     */
    private Uni<Boolean> samePerson(String requester, String actor) {
        if (ChangeRequest.person(requester).equals(ChangeRequest.person(actor))) {
            return Uni.createFrom().item(true);
        }
        return people.identitiesOf(requester).chain(theirs -> people.identitiesOf(actor)
                .map(ours -> ours.stream().anyMatch(theirs::contains)));
    }

    private static TightropeException notPending(ChangeRequest request) {
        String who = request.decidedBy() == null ? "" : " by " + request.decidedBy();
        return new TightropeException(ErrorCode.CONFLICT, "Change request " + request.id() + " is "
                + request.state() + who + ", no longer pending; nothing was changed.",
                Map.of("state", request.state().name()));
    }

    /** The traffic transition of the asked change, on {@code state}; VALIDATION when it does not fit. */
    private static void dryRun(Asked asked, Integer version, DeploymentState state) {
        boolean rollout = asked.operation() == ChangeOperation.START_ROLLOUT
                || asked.operation() == ChangeOperation.PROMOTE_ENVIRONMENT && asked.mode() == PromotionMode.ROLLOUT;
        TrafficCommand command;
        if (rollout) {
            command = version == null ? null : new TrafficCommand.StartRollout(version,
                    PlannedRollouts.firstWeight(asked.weight(), asked.plan()), "dry-run");
        } else {
            command = switch (asked.operation()) {
                case DEPLOY, PROMOTE_ENVIRONMENT -> version == null ? null : new TrafficCommand.Deploy(version);
                case ADVANCE_ROLLOUT -> new TrafficCommand.AdvanceRollout(asked.weight());
                case PROMOTE -> new TrafficCommand.Promote();
                case START_ROLLOUT -> null;
            };
        }
        if (command != null) {
            TrafficTransitions.apply(state, command, null);
        }
    }

    /** Applies a claimed request and records how it ended. */
    private Uni<ChangeRequest> apply(ChangeRequest request, String approver, String freezeOverride) {
        Clearance clearance = new Clearance(freezeOverride == null || freezeOverride.isBlank() ? null
                : freezeOverride.strip(), request.id(), approver);
        // deferred: a refusal thrown while the change is built (a plan that does not fit) ends the request as FAILED
        // like any other, instead of leaving it APPROVED with nothing applied
        return Uni.createFrom().deferred(() -> change(request, approver, clearance))
                .chain(event -> store.finish(request.id(), ChangeState.APPLIED, event.generation(),
                        "Applied by " + approver + "'s approval: " + event.type() + ", generation "
                                + event.generation()))
                .onFailure().recoverWithUni(failure -> {
                    TightropeException error = ErrorTranslator.translate(failure);
                    if (error.code() == ErrorCode.CONFLICT && error.details().containsKey("currentGeneration")) {
                        return store.finish(request.id(), ChangeState.STALE, null, "The deployment moved from "
                                + "generation " + request.generation() + " to " + error.details().get(
                                        "currentGeneration") + " since the request; nothing was changed. Request "
                                + "the change again.");
                    }
                    if (error.code() == ErrorCode.FROZEN || error.code() == ErrorCode.SOAK_REQUIRED
                            || error.code() == ErrorCode.UNAVAILABLE || error.code() == ErrorCode.INTERNAL) {
                        return store.release(request.id()).onFailure().recoverWithNull()
                                .chain(() -> Uni.createFrom().failure(error));
                    }
                    return store.finish(request.id(), ChangeState.FAILED, null, error.code() + ": "
                            + error.getMessage());
                });
    }

    private Uni<DeploymentEvent> change(ChangeRequest request, String approver, Clearance clearance) {
        Map<String, Object> arguments = request.arguments();
        Trigger trigger = Trigger.valueOf(request.trigger());
        String reason = reason(request, approver);
        Integer version = integer(arguments.get("version"));
        Integer weight = integer(arguments.get("weight"));
        RolloutPlan plan = arguments.get("plan") instanceof String json ? PlannedRollouts.readPlan(json) : null;
        boolean rollout = request.operation() == ChangeOperation.START_ROLLOUT
                || request.operation() == ChangeOperation.PROMOTE_ENVIRONMENT
                        && PromotionMode.ROLLOUT.name().equals(arguments.get("mode"));
        if (rollout) {
            return rollouts.start(new PlannedRollouts.Start(request.agent(), request.environment(), version, weight,
                    plan, request.generation(), request.idempotencyKey(), reason, trigger, request.requester()),
                    clearance);
        }
        TrafficCommand command = switch (request.operation()) {
            case DEPLOY, PROMOTE_ENVIRONMENT -> new TrafficCommand.Deploy(version);
            case ADVANCE_ROLLOUT -> new TrafficCommand.AdvanceRollout(weight);
            case PROMOTE -> new TrafficCommand.Promote();
            case START_ROLLOUT -> throw new IllegalStateException("a rollout starts above");
        };
        return traffic.change(new TrafficRequest(request.agent(), request.environment(), command,
                request.generation(), request.idempotencyKey(), reason, trigger, request.requester()), clearance);
    }

    /** The applied change's reason: the requester's, and who approved which request. */
    static String reason(ChangeRequest request, String approver) {
        String note = "(change request " + request.id() + ", approved by " + approver + ")";
        if (request.operation() == ChangeOperation.PROMOTE_ENVIRONMENT && request.arguments().get("version") != null) {
            note = EnvironmentPromotion.reason(note, String.valueOf(request.arguments().get("from")),
                    integer(request.arguments().get("version")));
        }
        // the requester's reason gives way when it is long: who approved which request is always kept
        return TrafficService.withNote(request.reason(), note);
    }

    private static boolean startsVersion(Asked asked) {
        return asked.operation() == ChangeOperation.DEPLOY || asked.operation() == ChangeOperation.START_ROLLOUT
                || asked.operation() == ChangeOperation.PROMOTE_ENVIRONMENT;
    }

    private static Map<String, Object> arguments(Asked asked, Integer version) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        if (version != null) {
            arguments.put("version", version);
        }
        if (asked.weight() != null) {
            arguments.put("weight", asked.weight());
        }
        if (asked.plan() != null) {
            arguments.put("plan", PlannedRollouts.planJson(asked.plan()));
        }
        if (asked.from() != null) {
            arguments.put("from", asked.from());
        }
        if (asked.operation() == ChangeOperation.PROMOTE_ENVIRONMENT) {
            arguments.put("mode", (asked.mode() == null ? PromotionMode.DEPLOY : asked.mode()).name());
        }
        return arguments;
    }

    private static Integer integer(Object value) {
        return value instanceof Number number ? Integer.valueOf(number.intValue()) : null;
    }

    /** Every argument the operation needs, none it does not take. */
    static void check(Asked asked) {
        List<Violation> violations = new ArrayList<>();
        if (asked.operation() == null) {
            violations.add(new Violation("operation", "is required"));
            throw TightropeException.invalid(violations);
        }
        AgentRules.checkSlug("agent", asked.agent(), violations);
        AgentRules.checkSlug("environment", asked.environment(), violations);
        if (asked.reason() != null && asked.reason().length() > MAX_REASON_LENGTH) {
            violations.add(new Violation("reason", "is longer than " + MAX_REASON_LENGTH + " characters"));
        }
        ChangeOperation operation = asked.operation();
        need(violations, "version", asked.version(), operation == ChangeOperation.DEPLOY
                || operation == ChangeOperation.START_ROLLOUT);
        need(violations, "weight", asked.weight(), operation == ChangeOperation.ADVANCE_ROLLOUT ? Boolean.TRUE
                : operation == ChangeOperation.START_ROLLOUT || operation == ChangeOperation.PROMOTE_ENVIRONMENT
                        && asked.mode() == PromotionMode.ROLLOUT ? null : Boolean.FALSE);
        need(violations, "plan", asked.plan(), operation == ChangeOperation.START_ROLLOUT
                || operation == ChangeOperation.PROMOTE_ENVIRONMENT && asked.mode() == PromotionMode.ROLLOUT
                ? null : Boolean.FALSE);
        need(violations, "from", asked.from(), operation == ChangeOperation.PROMOTE_ENVIRONMENT);
        if (operation != ChangeOperation.PROMOTE_ENVIRONMENT && asked.mode() != null) {
            violations.add(new Violation("mode", "is for PROMOTE_ENVIRONMENT only"));
        }
        if (operation == ChangeOperation.PROMOTE_ENVIRONMENT && asked.from() != null) {
            AgentRules.checkSlug("from", asked.from(), violations);
            if (asked.from().equals(asked.environment())) {
                violations.add(new Violation("from", "must differ from environment: a promotion goes from one "
                        + "environment to another"));
            }
        }
        // what the change itself would refuse is refused now, not after a second person approved it
        String weightProblem = asked.weight() == null ? null : TrafficTransitions.weightProblem(asked.weight());
        if (weightProblem != null) {
            violations.add(new Violation("weight", weightProblem));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
    }

    /** {@code required}: TRUE needed, FALSE not taken, null optional. */
    private static void need(List<Violation> violations, String name, Object value, Boolean required) {
        if (Boolean.TRUE.equals(required) && value == null) {
            violations.add(new Violation(name, "is required for this operation"));
        } else if (Boolean.FALSE.equals(required) && value != null) {
            violations.add(new Violation(name, "is not taken by this operation"));
        }
    }

    private static void need(List<Violation> violations, String name, Object value, boolean required) {
        need(violations, name, value, required ? Boolean.TRUE : Boolean.FALSE);
    }
}
