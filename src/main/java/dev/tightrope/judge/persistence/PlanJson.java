package dev.tightrope.judge.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.tightrope.judge.domain.Metric;
import dev.tightrope.judge.domain.RolloutPlan;
import dev.tightrope.judge.domain.Tolerance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A plan as stored:
 * <pre>
 * {"steps": [{"weight": 5, "minDurationSeconds": 600, "minSamplesPerArm": 150}, …],
 *  "metrics": {"ERROR_RATE": {"tolerance": {"kind": "ABSOLUTE", "amount": 0.01}, "onFail": "ROLLBACK"}, …},
 *  "srmAction": "PAUSE", "lowTraffic": {"maxExtensionSeconds": 7200, "then": "HOLD"}}
 * </pre>
 */
public final class PlanJson {

    private PlanJson() {
    }

    public static String write(RolloutPlan plan) {
        JsonArray steps = new JsonArray();
        plan.steps().forEach(step -> steps.add(new JsonObject().put("weight", step.weight())
                .put("minDurationSeconds", step.minDuration().toSeconds())
                .put("minSamplesPerArm", step.minSamplesPerArm())));
        JsonObject metrics = new JsonObject();
        plan.metrics().forEach((metric, policy) -> metrics.put(metric.name(), new JsonObject()
                .put("tolerance", new JsonObject().put("kind", policy.tolerance().kind().name())
                        .put("amount", policy.tolerance().amount()))
                .put("onFail", policy.onFail().name())));
        return new JsonObject().put("steps", steps).put("metrics", metrics).put("srmAction", plan.srmAction().name())
                .put("lowTraffic", new JsonObject()
                        .put("maxExtensionSeconds", plan.lowTraffic().maxExtension().toSeconds())
                        .put("then", plan.lowTraffic().then().name()))
                .encode();
    }

    public static RolloutPlan read(String text) {
        JsonObject json = new JsonObject(text);
        List<RolloutPlan.Step> steps = new ArrayList<>();
        for (Object item : json.getJsonArray("steps")) {
            JsonObject step = (JsonObject) item;
            steps.add(new RolloutPlan.Step(step.getInteger("weight"),
                    Duration.ofSeconds(step.getLong("minDurationSeconds")), step.getLong("minSamplesPerArm")));
        }
        Map<Metric, RolloutPlan.MetricPolicy> metrics = new EnumMap<>(Metric.class);
        json.getJsonObject("metrics").forEach(entry -> {
            JsonObject policy = (JsonObject) entry.getValue();
            JsonObject tolerance = policy.getJsonObject("tolerance");
            metrics.put(Metric.valueOf(entry.getKey()), new RolloutPlan.MetricPolicy(
                    new Tolerance(Tolerance.Kind.valueOf(tolerance.getString("kind")), tolerance.getDouble("amount")),
                    RolloutPlan.Action.valueOf(policy.getString("onFail"))));
        });
        JsonObject lowTraffic = json.getJsonObject("lowTraffic");
        return new RolloutPlan(steps, metrics, RolloutPlan.Action.valueOf(json.getString("srmAction")),
                new RolloutPlan.LowTraffic(Duration.ofSeconds(lowTraffic.getLong("maxExtensionSeconds")),
                        RolloutPlan.LowTrafficAction.valueOf(lowTraffic.getString("then"))));
    }
}
