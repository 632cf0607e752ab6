package dev.tightrope.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * <b>F</b>: one pass of the trigger rules' evaluator over many deployments. Creates {@code --rules-deployments}
 * agents (their four default rules each), deployed, in steps (a quarter, a half, all); at each step fills healthy
 * 10 s buckets for the last 65 minutes of every deployment, plus 14 days of history for {@code --rules-deep} of them
 * (the retention a pass must not pay for), then times {@code --rules-passes} passes ({@code POST /bench/rules-pass},
 * on the server). Then adds four more rules to the agents of the first quarter and times again. Target: one pass
 * over 1 000 deployments × 4 rules &lt; 500 ms.
 */
final class RulesPhase {

    private static final String CREATE_RULE = """
            mutation($agent: String!, $expression: String!) { createRule(agent: $agent, expression: $expression) { id } }""";
    private static final String[] MORE_RULES = {
        "IF p95_latency > 4s FOR 5m THEN pause",
        "IF tool_error_rate(lookup_order) > 50% FOR 1m THEN disable_tool",
        "IF tokens_per_request > 3x BASELINE THEN alert",
        "IF request_rate < 0.1 FOR 10m THEN alert"};

    private final Vertx vertx;
    private final Api api;
    private final Options options;
    private final String prefix;
    private int created;

    RulesPhase(Vertx vertx, Api api, Options options) {
        this.vertx = vertx;
        this.api = api;
        this.options = options;
        this.prefix = "rb-" + Long.toString(System.currentTimeMillis() % 1_000_000L, 36) + "-";
    }

    boolean run() throws Exception {
        int total = options.rulesDeployments;
        System.out.printf(Locale.ROOT, "%nF. rule evaluation: up to %d deployments × 4 default rules, 65 min of 10 s "
                + "buckets each, 14 days of history for %d of them, %d passes per step%n", total, options.rulesDeep,
                options.rulesPasses);
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(options.host)
                .setDefaultPort(options.port).setKeepAlive(true));
        System.out.println(Report.row("deployments", "rules", "evaluations", "buckets", "p50 ms", "p95 ms", "max ms",
                "passes"));
        boolean met = true;
        try {
            for (int step : new int[] {total / 4, total / 2, total}) {
                create(step);
                JsonObject filled = post(client, "/bench/rules-fill?prefix=" + prefix + "&minutes=65&days="
                        + (step == total ? 14 : 0) + "&deep=" + (step == total ? options.rulesDeep : 0));
                double[] ms = passes(client, step, 4, filled);
                if (step == total && percentile(ms, 0.95) >= 500) {
                    met = false;
                }
            }
            for (int i = 0; i < total / 4; i++) {
                for (String rule : MORE_RULES) {
                    api.call(CREATE_RULE, new JsonObject().put("agent", prefix + i).put("expression", rule));
                }
            }
            passes(client, total, 5, new JsonObject().put("recentBuckets", 0).put("historyBuckets", 0));
        } finally {
            client.close();
        }
        System.out.printf(Locale.ROOT, "target: one pass over %d deployments × 4 rules < 500 ms (p95): %s%n", total,
                met ? "met" : "MISSED");
        return met;
    }

    private void create(int upTo) {
        for (; created < upTo; created++) {
            String agent = prefix + created;
            api.call(Api.CREATE_AGENT, new JsonObject().put("input", new JsonObject().put("slug", agent)
                    .put("name", agent).put("description", "rule evaluation benchmark")));
            api.call(Api.CREATE_VERSION, new JsonObject().put("input", Api.firstVersion(agent)));
            api.traffic("deploy", Api.DEPLOY, Api.vars(agent, options.environment).put("version", 1));
        }
    }

    private double[] passes(HttpClient client, int deployments, int rulesPerDeployment, JsonObject filled)
            throws Exception {
        JsonArray passes = post(client, "/bench/rules-pass?runs=" + options.rulesPasses).getJsonArray("passes");
        List<Double> ms = new ArrayList<>();
        long evaluations = 0;
        for (int i = 1; i < passes.size(); i++) { // the first pass of a step warms caches: not counted
            ms.add(passes.getJsonObject(i).getDouble("ms"));
            evaluations = passes.getJsonObject(i).getLong("evaluations");
        }
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long buckets = filled.getLong("recentBuckets", 0L) + filled.getLong("historyBuckets", 0L);
        System.out.println(Report.row(Integer.toString(deployments), rulesPerDeployment == 4 ? "4 each"
                : "8 on a quarter", Long.toString(evaluations), buckets == 0 ? "-" : "+" + buckets,
                fmt(percentile(sorted, 0.5)), fmt(percentile(sorted, 0.95)), fmt(sorted.length == 0 ? 0
                        : sorted[sorted.length - 1]), Integer.toString(sorted.length)));
        return sorted;
    }

    private JsonObject post(HttpClient client, String path) throws Exception {
        RequestOptions request = Api.authorized(new RequestOptions().setMethod(HttpMethod.POST).setURI(path),
                options);
        Future<JsonObject> answer = client.request(request).compose(r -> r.send(Buffer.buffer()))
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(path + ": HTTP " + response.statusCode() + " " + body);
                    }
                    return new JsonObject(body);
                }));
        return answer.toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS);
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.1f", ms);
    }

    @Override
    public String toString() {
        return "RulesPhase" + Arrays.toString(new Object[] {prefix, created});
    }
}
