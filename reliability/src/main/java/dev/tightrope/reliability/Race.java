package dev.tightrope.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * 5. Conflicting traffic changes at once, spread over both instances. Round 1: 200 rollbacks, all with
 * {@code expectedGeneration} = the current generation: exactly one wins, the others answer CONFLICT. Round 2: 200
 * changes without {@code expectedGeneration} (startRollout and rollback alternating): each is answered, every
 * success is one event with a generation of its own, and the history stays contiguous. Both instances' route() agree
 * at the end.
 */
final class Race {

    /** How long one change may take to be answered: they queue on the deployment's row lock. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(90);

    private Race() {
    }

    static Result run(Cluster cluster, int concurrent) throws Exception {
        Result result = new Result("5 " + concurrent + " concurrent conflicting rollbacks");
        Api a = cluster.a();
        Api b = cluster.b();
        String agent = Fixtures.agent(a, "rel-race", 2);
        Fixtures.deploy(a, agent, 1);
        long generation = Fixtures.startRollout(a, agent, 2, 30);
        // both instances know the canary before the race starts
        Deadline.await(Duration.ofSeconds(10), 20, () -> routeGeneration(b, agent, "k") == generation);

        // ------------------------------------------------------------------------- round 1: expectedGeneration
        List<CompletableFuture<Api.Answer>> answers = new ArrayList<>();
        Stats answerTimes = new Stats();
        long sent = System.nanoTime();
        for (int i = 0; i < concurrent; i++) {
            answers.add(timed((i % 2 == 0 ? a : b).graphqlAsync(Fixtures.ROLLBACK, Map.of("agent", agent,
                    "environment", Fixtures.ENV, "expectedGeneration", generation), ANSWER_WITHIN), sent,
                    answerTimes));
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        List<Long> winners = new ArrayList<>();
        boolean currentGenerationNamed = true;
        for (CompletableFuture<Api.Answer> future : answers) {
            Api.Answer answer = settle(future);
            String outcome = answer == null ? "no answer" : answer.outcome();
            outcomes.merge(outcome, 1, Integer::sum);
            if (answer != null && answer.ok()) {
                winners.add(answer.data("rollback").path("generation").asLong());
            } else if (answer != null && "CONFLICT".equals(answer.code())) {
                JsonNode current = answer.body().path("errors").path(0).path("extensions").path("currentGeneration");
                currentGenerationNamed &= current.isNumber();
            }
        }
        result.figure("round 1: %d rollbacks with expectedGeneration %d, half through A and half through B, all "
                + "answered in %.0f ms (each: %s): %s", concurrent, generation, Deadline.millisSince(sent),
                answerTimes.summary(), outcomes);
        result.check(winners.size() == 1 && winners.get(0) == generation + 1, "exactly one winner, at generation "
                + (generation + 1) + ": " + winners);
        result.check(outcomes.getOrDefault("CONFLICT", 0) == concurrent - 1, "the other " + (concurrent - 1)
                + " answered CONFLICT");
        result.check(currentGenerationNamed, "every CONFLICT names extensions.currentGeneration");

        // ---------------------------------------------------------------------- round 2: no expectedGeneration
        long before = Fixtures.generation(a, agent);
        answers.clear();
        sent = System.nanoTime();
        for (int i = 0; i < concurrent; i++) {
            Api api = i % 2 == 0 ? a : b;
            if (i % 4 < 2) {
                answers.add(api.graphqlAsync("mutation($agent: String!, $environment: String!, $weight: Int!) { "
                        + "startRollout(agent: $agent, environment: $environment, version: 2, weight: $weight) { "
                        + "generation } }", Map.of("agent", agent, "environment", Fixtures.ENV, "weight",
                                10 + i % 80), ANSWER_WITHIN));
            } else {
                answers.add(api.graphqlAsync(Fixtures.ROLLBACK, Map.of("agent", agent, "environment",
                        Fixtures.ENV), ANSWER_WITHIN));
            }
        }
        Map<String, Integer> mixed = new TreeMap<>();
        List<Long> committed = new ArrayList<>();
        for (CompletableFuture<Api.Answer> future : answers) {
            Api.Answer answer = settle(future);
            String outcome = answer == null ? "no answer" : answer.outcome();
            mixed.merge(outcome, 1, Integer::sum);
            if (answer != null && answer.ok()) {
                JsonNode data = answer.body().path("data");
                committed.add(data.path(data.has("rollback") ? "rollback" : "startRollout").path("generation")
                        .asLong());
            }
        }
        long after = Fixtures.generation(a, agent);
        result.figure("round 2: %d changes without expectedGeneration (startRollout and rollback alternating), "
                + "answered in %.0f ms: %s; generation %d -> %d", concurrent, Deadline.millisSince(sent), mixed,
                before, after);
        // VALIDATION: the change did not fit the state it met (a canary while one runs, a rollback with nothing to
        // go back to); CONFLICT: it lost a race. Anything else (INTERNAL, UNAVAILABLE, no answer) is a failure.
        result.check(mixed.keySet().stream().allMatch(k -> k.equals("OK") || k.equals("CONFLICT")
                || k.equals("VALIDATION")), "every change answered OK, CONFLICT or VALIDATION");
        result.check(committed.stream().distinct().count() == committed.size(), "each success has a generation of "
                + "its own");
        result.check(after - before == committed.size(), "the generation rose by exactly the " + committed.size()
                + " successes");

        List<JsonNode> events = Fixtures.events(a, agent);
        String problem = Fixtures.historyProblem(events);
        result.check(problem == null && events.get(events.size() - 1).path("generation").asLong() == after,
                "history: " + events.size() + " events, generations 1.." + after + " contiguous and unique"
                        + (problem == null ? "" : " (" + problem + ")"));

        // both instances route alike at the end
        boolean agree = Deadline.await(Duration.ofSeconds(10), 50, () -> {
            for (int k = 0; k < 20; k++) {
                String key = "agree-" + k;
                if (!route(a, agent, key).equals(route(b, agent, key))) {
                    return false;
                }
            }
            return routeGeneration(a, agent, "x") == after;
        });
        result.check(agree, "A and B route 20 keys alike, at generation " + after);
        return result;
    }

    private static CompletableFuture<Api.Answer> timed(CompletableFuture<Api.Answer> answer, long sent,
            Stats stats) {
        return answer.whenComplete((ignored, error) -> stats.add(Deadline.millisSince(sent)));
    }

    private static Api.Answer settle(CompletableFuture<Api.Answer> future) {
        try {
            return future.get(ANSWER_WITHIN.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private static long routeGeneration(Api api, String agent, String key) throws Exception {
        return api.data(RoutePoller.ROUTE, Map.of("agent", agent, "environment", Fixtures.ENV, "routingKey", key))
                .path("route").path("generation").asLong();
    }

    private static String route(Api api, String agent, String key) throws Exception {
        JsonNode route = api.data(RoutePoller.ROUTE, Map.of("agent", agent, "environment", Fixtures.ENV,
                "routingKey", key)).path("route");
        return route.path("generation").asLong() + "/" + route.path("version").asInt() + "/"
                + route.path("arm").asText();
    }
}
