package dev.tightrope.bench;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The GraphQL calls the benchmarks make besides the load itself: setup and traffic changes. */
final class Api {

    static final String CREATE_AGENT = """
            mutation($input: CreateAgentInput!) { createAgent(input: $input) { slug } }""";
    static final String CREATE_VERSION = """
            mutation($input: CreateVersionInput!) { createVersion(input: $input) { number snapshotHash } }""";
    static final String DEPLOY = """
            mutation($agent: String!, $environment: String!, $version: Int!, $reason: String) {
              deploy(agent: $agent, environment: $environment, version: $version, reason: $reason) {
                generation type fromVersion toVersion commitMillis } }""";
    static final String START_ROLLOUT = """
            mutation($agent: String!, $environment: String!, $version: Int!, $weight: Int!, $reason: String) {
              startRollout(agent: $agent, environment: $environment, version: $version, weight: $weight,
                           reason: $reason) {
                generation type fromVersion toVersion commitMillis } }""";
    static final String ROLLBACK = """
            mutation($agent: String!, $environment: String!, $reason: String) {
              rollback(agent: $agent, environment: $environment, reason: $reason) {
                generation type fromVersion toVersion commitMillis } }""";
    /** Rollback to a given version: how a failed iteration returns to stable version 1 (see RollbackLoop). */
    static final String ROLLBACK_TO = """
            mutation($agent: String!, $environment: String!, $toVersion: Int, $reason: String) {
              rollback(agent: $agent, environment: $environment, toVersion: $toVersion, reason: $reason) {
                generation type fromVersion toVersion commitMillis } }""";
    /** The subscription of src/test/resources/graphql/configChanged.graphql: what a caching runtime receives. */
    static final String CONFIG_CHANGED = """
            subscription ConfigChanged($agent: String!, $environment: String!, $runtimeId: String) {
              configChanged(agent: $agent, environment: $environment, runtimeId: $runtimeId) {
                agent environment generation weight salt rolloutId
                stable { version snapshotHash prompt model tools guardrails knowledgeBase }
                canary { version prompt }
              }
            }""";
    /** The mutation of src/test/resources/graphql/acknowledgeConfig.graphql: a runtime confirms a generation. */
    static final String ACKNOWLEDGE = """
            mutation Acknowledge($agent: String!, $environment: String!, $generation: Int!, $runtimeId: String!) {
              acknowledgeConfig(agent: $agent, environment: $environment, generation: $generation, \
            runtimeId: $runtimeId) {
                runtimeId generation acknowledgedAt eventsPropagated
              }
            }""";
    /** Creates an API token (the caller must be ADMIN); answers {@code secret}. */
    static final String CREATE_TOKEN = """
            mutation($name: String!, $role: Role!) { createApiToken(name: $name, role: $role) { secret } }""";
    /** The query of src/test/resources/graphql/deploymentHistory.graphql: what a dashboard reads. */
    static final String DEPLOYMENT_HISTORY = """
            query DeploymentHistory($agent: String!, $environment: String!) {
              deployment(agent: $agent, environment: $environment) {
                stableVersion generation
                rollout { canaryVersion weight status }
                events(first: 20) { edges { node { generation type trigger actor reason fromVersion toVersion } } }
              }
            }""";
    /** The query of src/test/resources/graphql/route.graphql: everything a runtime needs for one request. */
    static final String ROUTE_FULL = """
            query Route($agent: String!, $environment: String!, $routingKey: String) {
              route(agent: $agent, environment: $environment, routingKey: $routingKey) {
                version arm generation rolloutId snapshotHash prompt model tools guardrails knowledgeBase \
            disabledTools } }""";
    /** Only the decision, no configuration: separates the cost of GraphQL itself from serialising contents. */
    static final String ROUTE_MINIMAL = """
            query Route($agent: String!, $environment: String!, $routingKey: String) {
              route(agent: $agent, environment: $environment, routingKey: $routingKey) {
                version arm generation } }""";

    private static final long TIMEOUT_SECONDS = 30;

    private final HttpClient client;
    private final RequestOptions post;

    Api(Vertx vertx, Options options, int connections) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(connections));
        post = graphQLPost(options);
    }

    private Api(HttpClient client, RequestOptions post) {
        this.client = client;
        this.post = post;
    }

    /** Creates a RUNTIME token (this Api's token must be ADMIN) and answers its secret. */
    String createRuntimeToken(String name) {
        return call(CREATE_TOKEN, new JsonObject().put("name", name).put("role", "RUNTIME"))
                .getJsonObject("createApiToken").getString("secret");
    }

    /** The same connections, each request carrying this token instead (close only the original). */
    Api as(String token) {
        return new Api(client, new RequestOptions(post).removeHeader("authorization")
                .putHeader("authorization", "Bearer " + token));
    }

    static RequestOptions graphQLPost(Options options) {
        return authorized(new RequestOptions().setMethod(HttpMethod.POST).setHost(options.host).setPort(options.port)
                .setURI("/graphql").putHeader("content-type", "application/json")
                .putHeader("accept", "application/json").setIdleTimeout(10_000), options);
    }

    /** Adds {@code Authorization: Bearer <--token>} when a token was given (every HTTP request of every phase). */
    static RequestOptions authorized(RequestOptions request, Options options) {
        return options.token == null ? request : request.putHeader("authorization", "Bearer " + options.token);
    }

    static Buffer body(String query, JsonObject variables) {
        return new JsonObject().put("query", query).put("variables", variables).toBuffer();
    }

    /** Sends one operation; the future fails on a transport error, a non-200 status or a GraphQL error. */
    Future<JsonObject> send(String query, JsonObject variables) {
        return send(query, variables, () -> { });
    }

    /** {@link #send(String, JsonObject)}, calling {@code onSending} once the request has its connection. */
    Future<JsonObject> send(String query, JsonObject variables, Runnable onSending) {
        Buffer body = body(query, variables);
        return client.request(post)
                .compose(request -> {
                    onSending.run();
                    return request.send(body);
                })
                .compose(response -> response.body().map(buffer -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + buffer);
                    }
                    JsonObject json = new JsonObject(buffer);
                    JsonArray errors = json.getJsonArray("errors");
                    if (errors != null && !errors.isEmpty()) {
                        throw new IllegalStateException("GraphQL error: " + errors.encode());
                    }
                    return json.getJsonObject("data");
                }));
    }

    Future<Void> close() {
        return client.close();
    }

    /** {@link #send}, waiting at most 30 s. */
    JsonObject call(String query, JsonObject variables) {
        try {
            return send(query, variables).toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS,
                    TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    JsonObject traffic(String field, String query, JsonObject variables) {
        return call(query, variables).getJsonObject(field);
    }

    static JsonObject vars(String agent, String environment) {
        return new JsonObject().put("agent", agent).put("environment", environment).put("reason", "benchmark");
    }

    // ----- test data: valid contents of every component kind (as in src/test/.../Fixtures.java) -----

    static JsonObject firstVersion(String agent) {
        return new JsonObject()
                .put("agent", agent)
                .put("message", "benchmark version 1")
                .put("prompt", prompt(1))
                .put("model", new JsonObject().put("provider", "openai").put("modelId", "gpt-4o")
                        .put("temperature", 0.2).put("maxTokens", 1024))
                .put("tools", new JsonObject().put("tools", new JsonArray()
                        .add(new JsonObject().put("name", "lookup_order").put("description", "Find an order by id")
                                .put("parameters", new JsonObject().put("type", "object")
                                        .put("properties", new JsonObject().put("orderId",
                                                new JsonObject().put("type", "string")))
                                        .put("required", new JsonArray().add("orderId"))))
                        .add(new JsonObject().put("name", "issue_refund").put("description", "Refund an order")
                                .put("parameters", new JsonObject().put("type", "object")))))
                .put("guardrails", new JsonObject()
                        .put("inputFilters", new JsonArray().add(new JsonObject().put("type", "pii")))
                        .put("outputValidators", new JsonArray().add(new JsonObject().put("type", "no-legal-advice")))
                        .put("actionLimits", new JsonObject().put("maxToolCalls", 5)))
                .put("knowledgeBase", new JsonObject().put("indexId", "kb-orders")
                        .put("indexedAt", "2026-11-01T10:00:00Z").put("embeddingModel", "text-embedding-3-small")
                        .put("documentCount", 1200));
    }

    static JsonObject nextVersion(String agent, int number) {
        return new JsonObject().put("agent", agent).put("message", "benchmark version " + number)
                .put("prompt", prompt(number));
    }

    private static JsonObject prompt(int version) {
        return new JsonObject()
                .put("system", "You are the support assistant of Acme (benchmark version " + version + ").\n"
                        + "Refunds up to $" + (50 * version) + " need no approval.\n"
                        + "Answer in the language of the customer. Be brief and friendly.\n"
                        + "Never promise a delivery date; look the order up first.")
                .put("examples", new JsonArray()
                        .add(new JsonObject().put("input", "Where is my order?")
                                .put("output", "Let me look it up for you."))
                        .add(new JsonObject().put("input", "Can I get a refund?")
                                .put("output", "Of course, which order is it about?")));
    }
}
