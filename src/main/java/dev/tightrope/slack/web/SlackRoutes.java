package dev.tightrope.slack.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.http.JsonErrors;
import dev.tightrope.platform.http.RawBody;
import dev.tightrope.platform.http.RequestLimits;
import dev.tightrope.platform.input.InputContract;
import dev.tightrope.slack.application.SlackCommands;
import dev.tightrope.slack.application.SlackConfig;
import dev.tightrope.slack.application.SlackInteractions;
import dev.tightrope.slack.application.SlackMetrics;
import dev.tightrope.slack.application.SlackResponses;
import dev.tightrope.slack.application.SlackVerifier;
import dev.tightrope.slack.domain.ButtonClick;
import dev.tightrope.slack.domain.ChatOpsMessages;
import dev.tightrope.slack.domain.FormBody;
import dev.tightrope.slack.domain.SlackCaller;
import dev.tightrope.slack.domain.SlackMessage;
import dev.tightrope.slack.domain.SlackSignature;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The two HTTP endpoints Slack calls, as plain Vert.x routes:
 * <ul>
 * <li>{@code POST /slack/commands}: slash commands, answered with the message (JSON) within Slack's 3 s;</li>
 * <li>{@code POST /slack/interactions}: button clicks ({@code payload=<json>}), acknowledged at once with an empty
 * 200; the answer follows on the click's {@code response_url}.</li>
 * </ul>
 * Both check the v0 signature over the raw body bytes before reading anything (401 and nothing done when it is
 * missing, wrong or stale) and are not behind API-token authentication: the signature is their authentication.
 * Without {@code tightrope.slack.signing-secret} they answer 404 and say why.
 */
@ApplicationScoped
public class SlackRoutes {

    public static final String COMMANDS = "/slack/commands";
    public static final String INTERACTIONS = "/slack/interactions";
    /** Slack's header on a retried delivery (1, 2, 3); such a request is deduplicated like any other. */
    public static final String RETRY_HEADER = "X-Slack-Retry-Num";
    /** Interaction payloads carry the whole message the button was on; 1 MiB is far above Slack's limits. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(SlackRoutes.class);

    private final SlackVerifier verifier;
    private final RequestLimits limits;
    private final SlackCommands commands;
    private final SlackInteractions interactions;
    private final SlackResponses responses;
    private final SlackMetrics metrics;
    private final SlackConfig config;
    private final Vertx vertx;

    SlackRoutes(SlackVerifier verifier, SlackCommands commands, SlackInteractions interactions,
            SlackResponses responses, SlackMetrics metrics, SlackConfig config, Vertx vertx, RequestLimits limits) {
        this.limits = limits;
        this.verifier = verifier;
        this.commands = commands;
        this.interactions = interactions;
        this.responses = responses;
        this.metrics = metrics;
        this.config = config;
        this.vertx = vertx;
    }

    void init(@Observes Router router) {
        router.post(COMMANDS).handler(RawBody.reader(limits, MAX_BODY_BYTES,
                (ctx, raw) -> verified(ctx, raw, "commands", this::command)));
        router.post(INTERACTIONS).handler(RawBody.reader(limits, MAX_BODY_BYTES,
                (ctx, raw) -> verified(ctx, raw, "interactions", this::interaction)));
    }

    private interface Handler {
        void handle(RoutingContext ctx, FormBody form);
    }

    private void verified(RoutingContext ctx, byte[] raw, String endpoint, Handler handler) {
        if (!verifier.enabled()) {
            metrics.request(endpoint, "disabled");
            error(ctx, ErrorCode.NOT_FOUND, "Slack integration is disabled on this server: set "
                    + "tightrope.slack.signing-secret (TIGHTROPE_SLACK_SIGNING_SECRET) to the Slack app's signing "
                    + "secret.");
            return;
        }
        SlackSignature.Check check = verifier.check(ctx.request().getHeader(SlackSignature.TIMESTAMP_HEADER),
                ctx.request().getHeader(SlackSignature.SIGNATURE_HEADER), raw);
        if (check != SlackSignature.Check.VALID) {
            metrics.request(endpoint, "rejected");
            error(ctx, ErrorCode.UNAUTHENTICATED, "Invalid Slack request signature (" + check.name().toLowerCase()
                    + "); nothing was done.");
            return;
        }
        FormBody form;
        try {
            form = FormBody.parse(new String(raw, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            error(ctx, ErrorCode.VALIDATION, "The body is not form-encoded (application/x-www-form-urlencoded): "
                    + "a %-escape is malformed; nothing was done.");
            return;
        }
        String problem = form.fields().entrySet().stream()
                .map(field -> InputContract.treeStringProblem(field.getValue(), "field '" + field.getKey() + "'"))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (problem != null) {
            error(ctx, ErrorCode.VALIDATION, "Invalid value: " + problem + "; nothing was done.");
            return;
        }
        handler.handle(ctx, form);
    }

    private void command(RoutingContext ctx, FormBody form) {
        if (form.get("trigger_id") == null || form.get("user_id") == null) {
            error(ctx, ErrorCode.VALIDATION, "Not a slash command: trigger_id and user_id are required.");
            return;
        }
        SlackCaller caller = new SlackCaller(form.get("user_id"), form.getOrEmpty("user_name"),
                form.getOrEmpty("team_id"));
        SlackCommands.CommandRequest request = new SlackCommands.CommandRequest(caller, form.get("command"),
                form.getOrEmpty("text"), form.get("trigger_id"), form.get("response_url"));
        Uni<SlackCommands.Reply> reply = commands.handle(request).onFailure().recoverWithItem(failure ->
                new SlackCommands.Reply(failure("handle the command", failure), false));
        answerWithin(ctx, reply, request.responseUrl());
    }

    /**
     * Answers with the reply if it comes within {@code tightrope.slack.response-deadline}; otherwise answers "working
     * on it" at the deadline and posts the reply to the response_url when it comes.
     */
    private void answerWithin(RoutingContext ctx, Uni<SlackCommands.Reply> reply, String responseUrl) {
        AtomicBoolean answered = new AtomicBoolean();
        long timer = vertx.setTimer(Math.max(1, config.responseDeadline().toMillis()), id -> {
            if (answered.compareAndSet(false, true)) {
                json(ctx, ChatOpsMessages.note("⏳ Working on it… the result will follow here."));
            }
        });
        reply.subscribe().with(result -> {
            if (answered.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                metrics.request("commands", result.duplicate() ? "duplicate" : "handled");
                if (result.duplicate()) {
                    ctx.response().setStatusCode(200).end();
                } else {
                    json(ctx, result.message());
                }
            } else if (!result.duplicate()) {
                metrics.request("commands", "handled");
                responses.post(responseUrl, result.message());
            }
        });
    }

    private void interaction(RoutingContext ctx, FormBody form) {
        List<ButtonClick> clicks;
        try {
            clicks = InteractionPayloads.clicks(form.get("payload"));
        } catch (IllegalArgumentException e) {
            error(ctx, ErrorCode.VALIDATION, e.getMessage());
            return;
        }
        List<Uni<Void>> accepted = new ArrayList<>();
        for (ButtonClick click : clicks) {
            accepted.add(interactions.accept(click)
                    .invoke(acceptance -> metrics.request("interactions", acceptance.name().toLowerCase()
                            .replace("accepted", "handled")))
                    .onFailure().invoke(failure -> responses.post(click.responseUrl(),
                            failure("handle the click", failure)))
                    .onFailure().recoverWithNull()
                    .replaceWithVoid());
        }
        Uni<Void> all = accepted.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(accepted).andCollectFailures().replaceWithVoid();
        all.subscribe().with(ignored -> ctx.response().setStatusCode(200).end(),
                failure -> ctx.response().setStatusCode(200).end());
    }

    private static SlackMessage failure(String what, Throwable failure) {
        TightropeException error = ErrorTranslator.translate(failure);
        LOG.debugf("Slack request failed: %s", error.getMessage());
        return ChatOpsMessages.failed(what, error.code(), error.getMessage(), error.details(), null);
    }

    private static void json(RoutingContext ctx, SlackMessage message) {
        ctx.response().setStatusCode(200)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject(message.toJson()).encode());
    }

    /** A refusal in the JSON shape of every Tightrope error (Slack shows nothing of it; people and probes do). */
    private static void error(RoutingContext ctx, ErrorCode code, String message) {
        JsonErrors.send(ctx, new TightropeException(code, message));
    }
}
