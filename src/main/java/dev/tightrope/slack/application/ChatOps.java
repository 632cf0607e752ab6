package dev.tightrope.slack.application;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.drills.application.Drills;
import dev.tightrope.drills.domain.DrillResult;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.release.application.TrafficRequest;
import dev.tightrope.release.application.TrafficService;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.slack.domain.ChatOpsMessages;
import dev.tightrope.slack.domain.RepeatedRollbacks;
import dev.tightrope.slack.domain.SlackCaller;
import dev.tightrope.slack.domain.SlackMessage;
import dev.tightrope.slack.domain.SlackPermissions;
import io.smallrye.mutiny.Uni;

/**
 * What slash commands and buttons do, shared by both: read a deployment's status, and change traffic on behalf of
 * a Slack user. A change checks the user's role first (OPERATOR or above), goes through the same
 * {@link TrafficService} as the API (trigger {@link Trigger#SLACK}, the Slack user as actor, an idempotency key
 * derived from the Slack request), and is recorded in the audit trail whatever its outcome. Failures become
 * ephemeral answers worded by their error code; nothing here throws.
 */
@ApplicationScoped
public class ChatOps {

    private final TrafficService traffic;
    private final DeploymentQueries queries;
    private final SlackUsers users;
    private final SlackAudit audit;
    private final SlackLinks links;
    private final Drills drills;
    private final SlackConfig config;
    private final Clock clock;

    ChatOps(TrafficService traffic, DeploymentQueries queries, SlackUsers users, SlackAudit audit,
            SlackLinks links, Drills drills, SlackConfig config, Clock clock) {
        this.drills = drills;
        this.config = config;
        this.clock = clock;
        this.traffic = traffic;
        this.queries = queries;
        this.users = users;
        this.audit = audit;
        this.links = links;
    }

    /** The deployment's state and last change; open to every Slack user who can reach the command. */
    public Uni<SlackMessage> status(String agent, String environment) {
        return queries.deployment(agent, environment).chain(deployment -> {
            if (deployment == null) {
                return queries.deployments(agent).map(all -> ChatOpsMessages.nothingDeployed(agent, environment,
                        all.stream().map(d -> d.environment()).toList()));
            }
            return queries.events(agent, environment, PageRequest.of(1, null, DeploymentQueries.EVENT_CURSOR))
                    .chain(page -> drills.lastPassed(List.of(deployment.id())).map(passed -> {
                        DrillResult drill = passed.get(deployment.id());
                        return ChatOpsMessages.status(deployment,
                                page.items().isEmpty() ? null : page.items().get(0).value(), links.links(), drill,
                                drills.overdue(drill));
                    }));
        }).onFailure().recoverWithItem(failure -> failed("show the status of " + agent + " in " + environment,
                failure, null, false));
    }

    /**
     * A traffic change for a Slack user, from a button.
     *
     * @param operation          the command's name for the audit trail, e.g. {@code rollback}
     * @param expectedGeneration from a button (the generation its message showed); {@code null} to act on the
     *                           current one
     * @param idempotencyKey     derived from the Slack request, so a retry returns the first result
     */
    public Uni<SlackMessage> change(SlackCaller caller, String operation, String agent, String environment,
            TrafficCommand command, Long expectedGeneration, String idempotencyKey, String reason) {
        return change(caller, operation, agent, environment, command, expectedGeneration, idempotencyKey, reason,
                false);
    }

    /**
     * A traffic change typed as a slash command. It acts at the generation the deployment had when the command
     * arrived, so two people typing the same command at the same moment make one change: the other is told that
     * someone acted first. A {@code rollback} that names no version and arrives within
     * {@code tightrope.slack.repeated-rollback-window} of another rollback does nothing (see
     * {@link RepeatedRollbacks}).
     *
     * @param slashCommand the command as typed ({@code /tightrope}), for the advice in answers
     */
    public Uni<SlackMessage> command(SlackCaller caller, String operation, String agent, String environment,
            TrafficCommand command, String idempotencyKey, String reason, String slashCommand) {
        boolean unnamedRollback = command instanceof TrafficCommand.Rollback rollback && rollback.toVersion() == null;
        return users.roleOf(caller.userId()).chain(role -> {
            if (!SlackPermissions.mayChangeTraffic(role)) {
                return change(caller, operation, agent, environment, command, null, idempotencyKey, reason, true);
            }
            return queries.deployment(agent, environment).chain(deployment -> {
                if (deployment == null) { // the change answers NOT_FOUND in its own words
                    return change(caller, operation, agent, environment, command, null, idempotencyKey, reason,
                            true);
                }
                Long generation = deployment.state().generation();
                if (!unnamedRollback) {
                    return change(caller, operation, agent, environment, command, generation, idempotencyKey,
                            reason, true);
                }
                return queries.events(agent, environment, PageRequest.of(5, null, DeploymentQueries.EVENT_CURSOR))
                        .chain(page -> {
                            DeploymentEvent repeated = RepeatedRollbacks.recent(page.items().stream()
                                    .map(edge -> edge.value()).toList(), clock.instant(),
                                    config.repeatedRollbackWindow());
                            if (repeated == null) {
                                return change(caller, operation, agent, environment, command, generation,
                                        idempotencyKey, reason, true);
                            }
                            Map<String, Object> arguments = new LinkedHashMap<>();
                            arguments.put("agent", agent);
                            arguments.put("environment", environment);
                            arguments.put("reason", reason == null ? "" : reason);
                            arguments.put("idempotencyKey", idempotencyKey);
                            arguments.put("repeats", repeated.generation());
                            return audit.record(caller, operation, arguments, ErrorCode.CONFLICT.name())
                                    .replaceWith(ChatOpsMessages.alreadyRolledBack(repeated, clock.instant(),
                                            slashCommand));
                        });
            });
        }).onFailure().recoverWithItem(failure -> failed(describe(operation) + " " + agent + " in " + environment,
                failure, null, true));
    }

    private Uni<SlackMessage> change(SlackCaller caller, String operation, String agent, String environment,
            TrafficCommand command, Long expectedGeneration, String idempotencyKey, String reason,
            boolean typed) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("agent", agent);
        arguments.put("environment", environment);
        if (command instanceof TrafficCommand.Rollback rollback && rollback.toVersion() != null) {
            arguments.put("toVersion", rollback.toVersion());
        }
        if (expectedGeneration != null) {
            arguments.put("expectedGeneration", expectedGeneration);
        }
        arguments.put("reason", reason == null ? "" : reason);
        arguments.put("idempotencyKey", idempotencyKey);
        String what = describe(operation) + " " + agent + " in " + environment;
        return users.roleOf(caller.userId()).chain(role -> {
            if (!SlackPermissions.mayChangeTraffic(role)) {
                return audit.record(caller, operation, arguments, ErrorCode.FORBIDDEN.name())
                        .replaceWith(ChatOpsMessages.refused(caller, role, what));
            }
            TrafficRequest request = new TrafficRequest(agent, environment, command, expectedGeneration,
                    idempotencyKey, reason, Trigger.SLACK, caller.actor());
            return traffic.change(request)
                    .chain(event -> audit.record(caller, operation, withResult(arguments, event), "OK")
                            .replaceWith(ChatOpsMessages.changed(event, links.links())))
                    .onFailure().recoverWithUni(failure -> {
                        TightropeException error = ErrorTranslator.translate(failure);
                        return audit.record(caller, operation, arguments, error.code().name())
                                .replaceWith(failed(what, error, expectedGeneration, typed));
                    });
        }).onFailure().recoverWithItem(failure -> failed(what, failure, expectedGeneration, typed));
    }

    private static Map<String, Object> withResult(Map<String, Object> arguments, DeploymentEvent event) {
        Map<String, Object> result = new LinkedHashMap<>(arguments);
        result.put("generation", event.generation());
        return result;
    }

    private static SlackMessage failed(String what, Throwable failure, Long expectedGeneration, boolean typed) {
        TightropeException error = ErrorTranslator.translate(failure);
        return typed
                ? ChatOpsMessages.commandFailed(what, error.code(), error.getMessage(), error.details(),
                        expectedGeneration)
                : ChatOpsMessages.failed(what, error.code(), error.getMessage(), error.details(), expectedGeneration);
    }

    private static String describe(String operation) {
        return switch (operation) {
            case "rollback" -> "roll back";
            case "pauseRollout" -> "pause the rollout of";
            case "resumeRollout" -> "resume the rollout of";
            default -> operation;
        };
    }
}
