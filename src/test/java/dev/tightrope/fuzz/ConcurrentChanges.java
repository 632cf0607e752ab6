package dev.tightrope.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.tightrope.testing.GraphQLClient;
import dev.tightrope.testing.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The changes of {@link ConcurrentChangesTest} — planned up front from a seed — and how one is sent and judged:
 * applied (data, with the generation it committed), refused with a code the sequential state machine also gives
 * (CONFLICT, VALIDATION), or a problem (anything else: INTERNAL, another code, HTTP 5xx, no answer).
 */
final class ConcurrentChanges {

    static final Set<String> LEGITIMATE_REFUSALS = Set.of("CONFLICT", "VALIDATION");
    private static final List<String> OPERATIONS = List.of("deploy", "startRollout", "advanceRollout",
            "pauseRollout", "resumeRollout", "rollback", "promote", "setSlackWebhook");

    /** One planned change: the document and its variables; {@code expectation} says how expectedGeneration was set. */
    record Change(int number, String operation, Map<String, Object> variables, String expectation) {
    }

    /** What one change got. */
    record Outcome(Change change, String result, Long generation, String problem) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI graphql;
    private final String webhook;
    private final AtomicLong lastSeen = new AtomicLong(1);

    ConcurrentChanges(URI graphql, String webhook) {
        this.graphql = graphql;
        this.webhook = webhook;
    }

    /** The changes, drawn from the seed; expectedGeneration is filled in at sending time from what was seen. */
    static List<Change> plan(Random random, String agent, int count) {
        List<Change> changes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String operation = OPERATIONS.get(random.nextInt(OPERATIONS.size()));
            Map<String, Object> variables = new HashMap<>(Map.of("agent", agent));
            if (!operation.equals("setSlackWebhook")) {
                variables.put("environment", "production");
            }
            if (!operation.equals("setSlackWebhook") && !operation.equals("advanceRollout")) {
                variables.put("reason", "concurrent change " + i);
            }
            switch (operation) {
                case "deploy" -> variables.put("version", 1 + random.nextInt(3));
                case "startRollout" -> {
                    variables.put("version", 1 + random.nextInt(3));
                    variables.put("weight", 1 + random.nextInt(99));
                }
                case "advanceRollout" -> variables.put("weight", 1 + random.nextInt(99));
                default -> {
                    // no further arguments
                }
            }
            String expectation = operation.equals("setSlackWebhook") ? "none"
                    : List.of("none", "latest", "latest", "stale").get(random.nextInt(4));
            changes.add(new Change(i, operation, variables, expectation));
        }
        return changes;
    }

    Outcome send(Change change) {
        Map<String, Object> variables = new HashMap<>(change.variables());
        if (change.operation().equals("setSlackWebhook")) {
            variables.put("webhookUrl", change.number() % 3 == 0 ? null : webhook + "/" + change.number());
        } else if (change.expectation().equals("latest")) {
            variables.put("expectedGeneration", lastSeen.get());
        } else if (change.expectation().equals("stale")) {
            variables.put("expectedGeneration", Math.max(0, lastSeen.get() - 1 - change.number() % 3));
        }
        JsonObject body = new JsonObject().put("query", GraphQLClient.load(change.operation()))
                .put("variables", new JsonObject(variables));
        String request = body.encode();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(graphql).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + Tokens.admin())
                    .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return new Outcome(change, "no answer", null, "#" + change.number() + " no answer: " + e + " to " + request);
        }
        JsonObject answer;
        try {
            answer = new JsonObject(response.body());
        } catch (RuntimeException e) {
            return new Outcome(change, "HTTP " + response.statusCode(), null, "#" + change.number() + " HTTP "
                    + response.statusCode() + " " + response.body() + " to " + request);
        }
        JsonArray errors = answer.getJsonArray("errors");
        if (errors == null || errors.isEmpty()) {
            JsonObject data = answer.getJsonObject("data").getJsonObject(change.operation());
            Number generation = data.getValue("generation") instanceof Number n ? n : null;
            if (generation != null) {
                lastSeen.accumulateAndGet(generation.longValue(), Math::max);
            }
            return new Outcome(change, "applied", generation == null ? null : generation.longValue(), null);
        }
        JsonObject extensions = errors.getJsonObject(0).getJsonObject("extensions", new JsonObject());
        String code = extensions.getString("code", "(no code)");
        if (extensions.getValue("currentGeneration") instanceof Number current) {
            lastSeen.accumulateAndGet(current.longValue(), Math::max);
        }
        if (response.statusCode() != 200 || errors.size() != 1 || !LEGITIMATE_REFUSALS.contains(code)
                || answer.getValue("data") != null) {
            return new Outcome(change, code, null, "#" + change.number() + " HTTP " + response.statusCode() + " "
                    + Answer.abbreviate(response.body(), 600) + "\n    curl -sS http://127.0.0.1:" + graphql.getPort()
                    + "/graphql -H 'Content-Type: application/json' -H \"Authorization: Bearer $TR_ADMIN\" -d '"
                    + request.replace("'", "'\\''") + "'");
        }
        return new Outcome(change, code, null, null);
    }
}
