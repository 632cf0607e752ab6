package dev.tightrope.sdk.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tightrope.sdk.json.Json;

/**
 * A real Tightrope for the integration tests (the conformance run, sdk/conformance/run.sh), from the environment:
 *
 * <pre>
 *   TIGHTROPE_URL            e.g. http://127.0.0.1:8080
 *   TIGHTROPE_ADMIN_TOKEN    traffic changes, their propagation, outcome counts
 *   TIGHTROPE_RUNTIME_TOKEN  a RUNTIME token
 *   TIGHTROPE_AGENT          an agent with at least two versions, deployed (without a canary) in the environment
 *   TIGHTROPE_ENVIRONMENT    e.g. production
 *   TIGHTROPE_SERVER_STOP, TIGHTROPE_SERVER_START   optional: commands that stop and start the server
 *   TIGHTROPE_OUTCOMES_BUCKET_SECONDS               optional: the server's outcome bucket (10)
 * </pre>
 *
 * and the GraphQL calls the tests check the SDK with.
 */
public final class RealServer {

    public static final String URL = env("TIGHTROPE_URL");
    public static final String ADMIN_TOKEN = env("TIGHTROPE_ADMIN_TOKEN");
    public static final String RUNTIME_TOKEN = env("TIGHTROPE_RUNTIME_TOKEN");
    public static final String AGENT = env("TIGHTROPE_AGENT");
    public static final String ENVIRONMENT = env("TIGHTROPE_ENVIRONMENT");
    public static final String STOP_COMMAND = env("TIGHTROPE_SERVER_STOP");
    public static final String START_COMMAND = env("TIGHTROPE_SERVER_START");
    public static final long BUCKET_SECONDS = Long.parseLong(
            env("TIGHTROPE_OUTCOMES_BUCKET_SECONDS").isEmpty() ? "10" : env("TIGHTROPE_OUTCOMES_BUCKET_SECONDS"));

    /** Why the integration tests skip, for the assumption's message. */
    public static final String SKIP_REASON = "set TIGHTROPE_URL, TIGHTROPE_ADMIN_TOKEN, TIGHTROPE_RUNTIME_TOKEN, "
            + "TIGHTROPE_AGENT and TIGHTROPE_ENVIRONMENT (sdk/conformance/run.sh does)";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** The server's route() answer of one key. */
    public record ServerRoute(long version, String arm, long generation) {
    }

    /** A traffic change's generation and rollout id. */
    public record Change(long generation, String rolloutId) {
    }

    private RealServer() {
    }

    public static boolean configured() {
        return !URL.isEmpty() && !ADMIN_TOKEN.isEmpty() && !RUNTIME_TOKEN.isEmpty() && !AGENT.isEmpty()
                && !ENVIRONMENT.isEmpty();
    }

    public static boolean canStopAndStart() {
        return !STOP_COMMAND.isEmpty() && !START_COMMAND.isEmpty();
    }

    /** A GraphQL call; its {@code data}. Fails on GraphQL errors. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> graphql(String token, String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        HttpRequest request = HttpRequest.newBuilder(URI.create(URL.replaceAll("/+$", "") + "/graphql"))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)).build();
        String text;
        try {
            text = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        } catch (IOException e) {
            throw new AssertionError("GraphQL call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        Map<String, Object> answer = Json.parseObject(text);
        Object errors = answer.get("errors");
        if (errors instanceof List && !((List<?>) errors).isEmpty()) {
            throw new AssertionError("GraphQL refused: " + Json.write(errors));
        }
        return (Map<String, Object>) answer.get("data");
    }

    /** The server's route() of each key, asked 100 keys per request (aliases). */
    @SuppressWarnings("unchecked")
    public static List<ServerRoute> serverRoutes(List<String> keys) {
        List<ServerRoute> routes = new ArrayList<>(keys.size());
        for (int start = 0; start < keys.size(); start += 100) {
            List<String> chunk = keys.subList(start, Math.min(keys.size(), start + 100));
            StringBuilder params = new StringBuilder();
            StringBuilder fields = new StringBuilder();
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("agent", AGENT);
            variables.put("environment", ENVIRONMENT);
            for (int i = 0; i < chunk.size(); i++) {
                params.append(", $k").append(i).append(": String");
                fields.append(" r").append(i).append(": route(agent: $agent, environment: $environment, routingKey: $k")
                        .append(i).append(") { version arm generation }");
                variables.put("k" + i, chunk.get(i));
            }
            Map<String, Object> data = graphql(RUNTIME_TOKEN, "query($agent: String!, $environment: String!" + params
                    + ") {" + fields + " }", variables);
            for (int i = 0; i < chunk.size(); i++) {
                Map<String, Object> route = (Map<String, Object>) data.get("r" + i);
                routes.add(new ServerRoute((Long) route.get("version"), (String) route.get("arm"),
                        (Long) route.get("generation")));
            }
        }
        return routes;
    }

    /** A traffic mutation (startRollout, advanceRollout, rollback) by the ADMIN token. */
    @SuppressWarnings("unchecked")
    public static Change traffic(String mutation, Map<String, Object> arguments) {
        StringBuilder declared = new StringBuilder();
        StringBuilder passed = new StringBuilder();
        arguments.keySet().forEach(name -> {
            declared.append(", $").append(name).append(": Int!");
            passed.append(", ").append(name).append(": $").append(name);
        });
        Map<String, Object> variables = new LinkedHashMap<>(arguments);
        variables.put("agent", AGENT);
        variables.put("environment", ENVIRONMENT);
        Map<String, Object> data = graphql(ADMIN_TOKEN, "mutation($agent: String!, $environment: String!" + declared
                + ") { " + mutation + "(agent: $agent, environment: $environment" + passed
                + ", reason: \"java sdk conformance\") { generation rolloutId } }", variables);
        Map<String, Object> change = (Map<String, Object>) data.get(mutation);
        return new Change((Long) change.get("generation"), (String) change.get("rolloutId"));
    }

    /** The propagation status of the deployment's event of {@code generation} (ACKNOWLEDGED once every runtime has it). */
    @SuppressWarnings("unchecked")
    public static String propagation(long generation) {
        Map<String, Object> data = graphql(ADMIN_TOKEN, "query($agent: String!, $environment: String!) { "
                + "deployment(agent: $agent, environment: $environment) { events(first: 5) { edges { node { "
                + "generation propagation { status } } } } } }", Map.of("agent", AGENT, "environment", ENVIRONMENT));
        List<Map<String, Object>> edges = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                data.get("deployment")).get("events")).get("edges");
        for (Map<String, Object> edge : edges) {
            Map<String, Object> node = (Map<String, Object>) edge.get("node");
            if (Long.valueOf(generation).equals(node.get("generation"))) {
                Map<String, Object> propagation = (Map<String, Object>) node.get("propagation");
                return propagation == null ? null : (String) propagation.get("status");
            }
        }
        return null;
    }

    /** {@code canaryComparison(rolloutId)}: {@code stepStartedAt} and {@code metrics [{metric, stableSamples, canarySamples}]}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> canaryComparison(String rolloutId) {
        return (Map<String, Object>) graphql(ADMIN_TOKEN, "query($id: ID!) { canaryComparison(rolloutId: $id) { "
                + "stepStartedAt metrics { metric stableSamples canarySamples } } }", Map.of("id", rolloutId))
                .get("canaryComparison");
    }

    /** Runs a shell command (server.sh stop/start), bounded in time; fails unless it exits 0. */
    public static void run(String command, Duration timeout) {
        try {
            Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("'" + command + "' did not end within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("'" + command + "' exited " + process.exitValue());
            }
        } catch (IOException e) {
            throw new AssertionError("could not run '" + command + "': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value.trim();
    }
}
