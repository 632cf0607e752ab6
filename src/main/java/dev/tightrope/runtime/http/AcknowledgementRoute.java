package dev.tightrope.runtime.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.tightrope.access.domain.AccessPolicy;
import dev.tightrope.access.http.EndpointAccess;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.http.ContentCoding;
import dev.tightrope.platform.http.ContentTypes;
import dev.tightrope.platform.http.JsonErrors;
import dev.tightrope.platform.http.RawBody;
import dev.tightrope.platform.http.RequestLimits;
import dev.tightrope.platform.input.InputContract;
import dev.tightrope.platform.input.StrictJson;
import dev.tightrope.release.application.PropagationService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/agents/{agent}/environments/{environment}/acknowledgements} with
 * {@code {"generation": 7, "runtimeId": "checkout-pod-1"}}: the runtime now uses that generation's configuration
 * (and so every earlier one's). The same service, rules and answer as GraphQL {@code acknowledgeConfig}
 * ({@link PropagationService#acknowledge}): {@code 200 {"runtimeId", "generation", "acknowledgedAt",
 * "eventsPropagated"}}; 400 {@code VALIDATION} for a body that is not exactly that (unknown fields included), a bad
 * slug or a generation beyond the deployment's; 404 when nothing is deployed; 415 without
 * {@code Content-Type: application/json}. RUNTIME token, as for acknowledgeConfig. See docs/runtime-api.md.
 */
@ApplicationScoped
public class AcknowledgementRoute {

    static final String PATH = DeploymentPath.BASE + "/acknowledgements";
    private static final Set<String> FIELDS = Set.of("generation", "runtimeId");

    private final PropagationService propagation;
    private final RequestLimits limits;

    AcknowledgementRoute(PropagationService propagation, RequestLimits limits) {
        this.propagation = propagation;
        this.limits = limits;
    }

    void install(@Observes Router router) {
        router.post(PATH).handler(RawBody.reader(limits, limits.limitBytes(), this::handle));
        DeploymentPath.refuseOtherMethods(router, PATH, "POST");
    }

    private void handle(RoutingContext context, byte[] body) {
        if (EndpointAccess.allowed(context, AccessPolicy.HTTP_ACKNOWLEDGEMENTS) == null) {
            return;
        }
        DeploymentPath deployment = DeploymentPath.of(context);
        if (deployment == null) {
            return;
        }
        String contentType = context.request().getHeader("Content-Type");
        if (!ContentTypes.is(contentType, "application/json")) {
            JsonErrors.send(context, new TightropeException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the "
                    + "acknowledgement as JSON: Content-Type: application/json, {\"generation\": 7, "
                    + "\"runtimeId\": \"…\"}."));
            return;
        }
        Acknowledgement acknowledgement;
        try {
            ContentCoding.requireIdentity(context.request().getHeader("Content-Encoding"),
                    "POST " + context.request().path());
            acknowledgement = Acknowledgement.read(body);
            propagation.acknowledge(deployment.agent(), deployment.environment(), acknowledgement.generation(),
                    acknowledgement.runtimeId())
                    .subscribe().with(done -> answer(context, done),
                            failure -> JsonErrors.send(context, ErrorTranslator.translate(failure)));
        } catch (TightropeException refused) {
            JsonErrors.send(context, refused);
        }
    }

    private static void answer(RoutingContext context, PropagationService.Acknowledgement done) {
        context.response().setStatusCode(200).putHeader("Content-Type", "application/json; charset=UTF-8")
                .end(new JsonObject()
                        .put("runtimeId", done.runtimeId())
                        .put("generation", done.generation())
                        .put("acknowledgedAt", done.acknowledgedAt().toString())
                        .put("eventsPropagated", done.eventsPropagated())
                        .encode());
    }

    /** The body, read strictly: exactly the two fields, of their types. */
    record Acknowledgement(int generation, String runtimeId) {

        static Acknowledgement read(byte[] body) {
            if (!(StrictJson.read(body) instanceof Map<?, ?> fields)) {
                throw TightropeException.validation("The body must be a JSON object: {\"generation\": 7, "
                        + "\"runtimeId\": \"…\"}.");
            }
            List<Violation> violations = new ArrayList<>();
            fields.keySet().stream().map(String::valueOf).filter(key -> !FIELDS.contains(key)).sorted()
                    .forEach(key -> violations.add(new Violation(key, "is not a field of an acknowledgement "
                            + "(generation, runtimeId)")));
            Object generation = fields.get("generation");
            String generationProblem = generation == null ? "is required" : InputContract.intProblem(generation);
            if (generationProblem != null) {
                violations.add(new Violation("generation", generationProblem));
            }
            Object runtimeId = fields.get("runtimeId");
            if (!(runtimeId instanceof String text)) {
                violations.add(new Violation("runtimeId", runtimeId == null ? "is required"
                        : "must be a string, not " + InputContract.describe(runtimeId)));
            } else if (InputContract.stringProblem(text) != null) {
                violations.add(new Violation("runtimeId", InputContract.stringProblem(text)));
            }
            if (!violations.isEmpty()) {
                throw TightropeException.invalid(violations);
            }
            return new Acknowledgement(InputContract.toInt(generation), (String) runtimeId);
        }
    }
}
