package dev.tightrope.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * 1. A rollback sent through instance A, seen on instance B: by {@code route()} polled without pause, by a
 * {@code configChanged} WebSocket subscription and by the SSE configuration stream. Each iteration starts a canary
 * by hand on A (untimed, until B shows it everywhere), then times the rollback from sending it on A until each of
 * B's three shows the rolled-back generation with the canary gone.
 */
final class Propagation {

    private Propagation() {
    }

    static Result run(Cluster cluster, int rollbacks, int warmUp) throws Exception {
        Result result = new Result("1 cross-instance propagation");
        Api a = cluster.a();
        Api b = cluster.b();
        String agent = Fixtures.agent(a, "rel-prop", 2);
        Fixtures.deploy(a, agent, 1);
        long maxSeconds = 600;
        Stats route = new Stats();
        Stats ws = new Stats();
        Stats sse = new Stats();
        Stats answer = new Stats();
        int late = 0;
        int wrong = 0;
        try (RoutePoller poller = new RoutePoller(b, agent, Fixtures.ENV, "customer-1", maxSeconds);
                WsWatcher socket = new WsWatcher(b, agent, Fixtures.ENV, maxSeconds);
                SseWatcher stream = new SseWatcher(b, agent, Fixtures.ENV, maxSeconds)) {
            List<Watcher> watchers = List.of(poller, socket, stream);
            long first = Fixtures.generation(a, agent);
            boolean up = Deadline.await(Duration.ofSeconds(30), 20, () -> watchers.stream()
                    .allMatch(w -> w.latest() >= first));
            if (!result.check(up, "B's route(), configChanged and SSE stream show the deployment within 30 s")) {
                return result;
            }
            for (int i = 0; i < warmUp + rollbacks; i++) {
                long canary = Fixtures.startRollout(a, agent, 2, 50);
                if (!Deadline.await(Duration.ofSeconds(10), 5, () -> watchers.stream()
                        .allMatch(w -> w.latest() >= canary))) {
                    late++;
                    continue;
                }
                long sent = System.nanoTime();
                Api.Answer rollback = a.graphql(Fixtures.ROLLBACK, Map.of("agent", agent, "environment",
                        Fixtures.ENV));
                answer.add(Deadline.millisSince(sent));
                if (!rollback.ok()) {
                    result.check(false, "rollback " + i + " on A answered " + rollback.text());
                    return result;
                }
                long generation = rollback.data("rollback").path("generation").asLong();
                boolean seen = Deadline.await(Duration.ofSeconds(5), 1, () -> watchers.stream()
                        .allMatch(w -> w.latest() >= generation));
                if (!seen) {
                    late++;
                    continue;
                }
                if (i < warmUp) {
                    continue;
                }
                for (Watcher watcher : watchers) {
                    Watcher.Seen at = watcher.firstAtLeast(generation);
                    if (at.stable() != 1 || at.canary() != null) {
                        wrong++;
                    }
                    double millis = (at.atNanos() - sent) / 1e6;
                    (watcher == poller ? route : watcher == socket ? ws : sse).add(millis);
                }
            }
            result.figure("rollback answered on A: %s", answer.summary());
            result.figure("B route():        %s", route.summary());
            result.figure("B configChanged:  %s", ws.summary());
            result.figure("B SSE stream:     %s", sse.summary());
            result.figure("route() answers on B during the run: %d (errors %d); socket reconnects %d, stream "
                    + "reconnects %d (last errors: socket %s, stream %s)", poller.answers.get(), poller.errors.get(),
                    socket.disconnects.get(), stream.disconnects.get(), socket.lastError, stream.lastError);
            result.check(late == 0, "every change reached all three of B within its deadline (10 s for the canary, "
                    + "5 s for the rollback): " + late + " late");
            result.check(wrong == 0, "each showed version 1 without a canary after the rollback: " + wrong
                    + " wrong");
            result.check(route.count() == rollbacks && ws.count() == rollbacks && sse.count() == rollbacks,
                    rollbacks + " timed rollbacks on each of the three");
        }
        return result;
    }
}
