package dev.tightrope.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * 3. {@code kill -9} of the judging instance in the middle of a judge-driven rollout step. A short plan (20 % → 40 % →
 * 60 % → promote; no minimum duration, 40 outcomes per arm, only the error rate judged) is fed by a simulated runtime
 * that routes through both instances and reports outcomes; once step 2 runs, the instance holding the judge's pass
 * is killed. The other takes the judge over, the rollout goes on to its promotion, and the history has every judge
 * action exactly once, generations contiguous. The killed instance is restarted meanwhile.
 */
final class RolloutCrash {

    private static final String START = "mutation($agent: String!, $environment: String!, $plan: RolloutPlanInput) { "
            + "startRollout(agent: $agent, environment: $environment, version: 2, plan: $plan, "
            + "reason: \"reliability\") { generation rolloutId weightAfter } }";
    private static final String STATE = "query($agent: String!, $environment: String!) { deployment(agent: $agent, "
            + "environment: $environment) { stableVersion generation rollout { weight status } } }";

    private RolloutCrash() {
    }

    static Result run(Cluster cluster, Database database) throws Exception {
        Result result = new Result("3 kill -9 during a rollout step");
        Api a = cluster.a();
        String agent = Fixtures.agent(a, "rel-plan", 2);
        Fixtures.deploy(a, agent, 1);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int weight : new int[] {20, 40, 60}) {
            steps.add(Map.of("weight", weight, "minDurationMinutes", 0, "minSamplesPerArm", 40));
        }
        Map<String, Object> plan = Map.of("steps", steps,
                "metrics", List.of(Map.of("metric", "ERROR_RATE", "tolerance", 0.5)),
                "lowTrafficExtensionMinutes", 30, "lowTrafficThen", "HOLD");
        Process restart = null;
        try (Feeder feeder = new Feeder(List.of(cluster.a(), cluster.b()), agent, 12, 250, 600)) {
            Thread.sleep(500);
            long started = System.nanoTime();
            JsonNode rollout = a.data(START, Map.of("agent", agent, "environment", Fixtures.ENV, "plan", plan))
                    .path("startRollout");
            result.figure("rollout %s started at %d %% (generation %d)", rollout.path("rolloutId").asText(),
                    rollout.path("weightAfter").asInt(), rollout.path("generation").asLong());
            String holder = judgeHolder(cluster);
            if (!result.check(holder != null, "one instance holds the judge's pass (" + holder + ")")) {
                return result;
            }
            boolean second = Deadline.await(Duration.ofSeconds(90), 50, () -> weight(cluster, agent) == 40);
            if (!result.check(second, "the judge advanced to step 2 (40 %) within 90 s")) {
                return result;
            }
            double stepOne = Deadline.millisSince(started) / 1000;
            result.figure("step 1 (20 %%) took %.1f s", stepOne);
            // into the step: the judge looks at it once (it waits for the step's samples), then dies
            Thread.sleep((long) (500 * cluster.intervals.judgeSeconds()));
            Api survivor = cluster.api(Cluster.other(holder));
            int weightAtKill = weight(survivor, agent);
            long killedAt = System.nanoTime();
            cluster.ctl(30, "kill9", holder);
            result.figure("kill -9 of %s (holder of the judge's pass) %.1f s into step 2, at %d %%; restarting it "
                    + "meanwhile", holder, (System.nanoTime() - started) / 1e9 - stepOne, weightAtKill);
            result.check(weightAtKill == 40, "the kill came during step 2");
            restart = cluster.ctlAsync("start", holder);
            boolean third = Deadline.await(Duration.ofSeconds(90), 100, () -> weight(survivor, agent) >= 60
                    || weight(survivor, agent) == 0);
            double resumed = Deadline.millisSince(killedAt) / 1000;
            result.check(third, "after the kill the rollout went on to step 3 (60 %) within 90 s");
            result.figure("from the kill to the judge's next step on %s: %.1f s", survivor.name, resumed);
            boolean promoted = Deadline.await(Duration.ofSeconds(90), 100, () -> {
                JsonNode state = survivor.data(STATE, Map.of("agent", agent, "environment", Fixtures.ENV))
                        .path("deployment");
                return state.path("rollout").isNull() && state.path("stableVersion").asInt() == 2;
            });
            result.check(promoted, "the judge promoted version 2 within 90 s of step 3");
            result.figure("the whole rollout took %.1f s", Deadline.millisSince(started) / 1000);

            List<JsonNode> events = Fixtures.events(survivor, agent);
            String problem = Fixtures.historyProblem(events);
            result.check(problem == null, "generations contiguous and unique over " + events.size() + " events"
                    + (problem == null ? "" : ": " + problem));
            List<String> judged = new ArrayList<>();
            Set<String> distinct = new HashSet<>();
            for (JsonNode event : events) {
                if ("JUDGE".equals(event.path("trigger").asText())) {
                    String step = event.path("type").asText() + " " + event.path("weightBefore").asInt() + "->"
                            + event.path("weightAfter").asInt() + " of rollout " + event.path("rolloutId").asText();
                    judged.add(step + " (generation " + event.path("generation").asLong() + ")");
                    distinct.add(step);
                }
            }
            result.figure("judge actions: %s", judged);
            result.check(judged.size() == distinct.size(), "no step acted twice");
            result.check(judged.size() == 3 && judged.get(0).startsWith("ROLLOUT_ADVANCED 20->40")
                    && judged.get(1).startsWith("ROLLOUT_ADVANCED 40->60") && judged.get(2).startsWith("PROMOTED"),
                    "exactly the plan's actions, in order: 20->40, 40->60, promote");

            boolean drained = feeder.drain(60);
            long stored = database.outcomesStored(agent);
            result.figure("outcomes: %d reported in %d batches, %d acknowledged, %d in the buckets; answers %s; "
                    + "route() failures %d (the killed instance)", feeder.outcomesSent(), feeder.batchCount(),
                    feeder.outcomesAcknowledged(), stored, feeder.answersSummary(), feeder.routeFailures.get());
            result.check(drained && stored == feeder.outcomesSent(), "every outcome reported is in the buckets "
                    + "exactly once, across the kill");
        } finally {
            if (restart != null) {
                long waiting = System.nanoTime();
                try {
                    Cluster.join(restart, "the restart", 300);
                    result.figure("the killed instance was ready again %.1f s after the rollout's end",
                            Deadline.millisSince(waiting) / 1000);
                } catch (IllegalStateException e) {
                    result.check(false, "the killed instance restarted: " + e.getMessage());
                }
            }
        }
        return result;
    }

    private static int weight(Cluster cluster, String agent) throws Exception {
        for (Api api : cluster.apis.values()) {
            try {
                return weight(api, agent);
            } catch (Exception down) {
                // the other one
            }
        }
        return -1;
    }

    /** The rollout's weight, 0 when none runs. */
    private static int weight(Api api, String agent) throws Exception {
        JsonNode rollout = api.data(STATE, Map.of("agent", agent, "environment", Fixtures.ENV)).path("deployment")
                .path("rollout");
        return rollout.isObject() ? rollout.path("weight").asInt() : 0;
    }

    /**
     * The instance that judged over the last 1.5 intervals while the other skipped (from
     * {@code tightrope_scheduler_passes_total{pass="judge"}}), or null.
     */
    static String judgeHolder(Cluster cluster) throws Exception {
        Map<String, Double> before = new java.util.HashMap<>();
        for (String name : new String[] {"A", "B"}) {
            before.put(name, judged(cluster.api(name)));
        }
        Thread.sleep((long) (1500 * cluster.intervals.judgeSeconds()));
        String holder = null;
        for (String name : new String[] {"A", "B"}) {
            if (judged(cluster.api(name)) > before.get(name)) {
                if (holder != null) {
                    return null;
                }
                holder = name;
            }
        }
        return holder;
    }

    private static double judged(Api api) throws Exception {
        return Metrics.value(api.metrics(), "tightrope_scheduler_passes_total", "pass", "judge", "outcome", "ran");
    }
}
