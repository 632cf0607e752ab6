package dev.tightrope.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 4. PostgreSQL stopped for a while (60 s) under two instances with runtimes routing, streaming and reporting:
 * route() keeps answering on both (fail-static), writes answer UNAVAILABLE, readiness and the database health group
 * are recorded; once PostgreSQL is back, writes succeed again, route() and both streams reflect a new change, and
 * every outcome accepted before, during (after its retries) and after the outage is in the buckets exactly once.
 */
final class Outage {

    private Outage() {
    }

    static Result run(Cluster cluster, Database database, int outageSeconds) throws Exception {
        Result result = new Result("4 PostgreSQL stopped for " + outageSeconds + " s");
        Api a = cluster.a();
        Api b = cluster.b();
        String agent = Fixtures.agent(a, "rel-outage", 2);
        Fixtures.deploy(a, agent, 1);
        long canary = Fixtures.startRollout(a, agent, 2, 50);
        long max = outageSeconds + 300L;
        try (RouteLoad loadA = new RouteLoad(a, agent, 10, max);
                RouteLoad loadB = new RouteLoad(b, agent, 10, max);
                RoutePoller pollerB = new RoutePoller(b, agent, Fixtures.ENV, "customer-1", max);
                WsWatcher socketB = new WsWatcher(b, agent, Fixtures.ENV, max);
                SseWatcher streamB = new SseWatcher(b, agent, Fixtures.ENV, max);
                Feeder feeder = new Feeder(List.of(a, b), agent, 10, 250, max)) {
            List<Watcher> watchers = List.of(pollerB, socketB, streamB);
            boolean up = Deadline.await(Duration.ofSeconds(30), 20, () -> watchers.stream()
                    .allMatch(w -> w.latest() >= canary) && socketB.acknowledged());
            result.check(up, "B's route(), configChanged and SSE stream follow the deployment before the outage");
            Thread.sleep(5_000);
            long[] beforeA = loadA.counts();
            long[] beforeB = loadB.counts();
            int socketDrops = socketB.disconnects.get();
            int streamDrops = streamB.disconnects.get();
            Map<String, Long> feederBefore = snapshot(feeder.answers);
            // the generations route() answers from here on: before the canary reached B, its first answers may
            // have been the deployment's generation
            loadA.generations.clear();
            loadB.generations.clear();

            // ---------------------------------------------------------------------------------------- outage
            long stopping = System.nanoTime();
            cluster.ctl(60, "pg-stop");
            long down = System.nanoTime();
            result.figure("PostgreSQL stopped (pg_ctl stop -m fast took %.1f s)", (down - stopping) / 1e9);
            Map<String, AtomicLong> writes = new ConcurrentHashMap<>();
            Map<String, AtomicLong> ready = new ConcurrentHashMap<>();
            Map<String, AtomicLong> databaseGroup = new ConcurrentHashMap<>();
            String unavailableBody = null;
            int probes = 0;
            long end = down + outageSeconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                for (Api api : List.of(a, b)) {
                    Api.Answer rollback = api.graphql(Fixtures.ROLLBACK, Map.of("agent", agent,
                            "environment", Fixtures.ENV));
                    count(writes, "rollback on " + api.name + ": HTTP " + rollback.status() + " "
                            + rollback.outcome());
                    if (unavailableBody == null && "UNAVAILABLE".equals(rollback.code())) {
                        unavailableBody = rollback.text();
                    }
                    Api.Answer report = api.graphql("mutation($outcomes: [OutcomeInput!]!) { "
                            + "reportOutcomes(outcomes: $outcomes) { accepted } }", Map.of("outcomes",
                            List.of(Map.of("agent", agent, "environment", Fixtures.ENV, "version", 1, "arm",
                                    "STABLE", "occurredAt", Instant.now().toString(), "status", "SUCCESS",
                                    "latencyMs", 100))));
                    count(writes, "reportOutcomes on " + api.name + ": HTTP " + report.status() + " "
                            + report.outcome());
                    Api.Answer health = api.get("/q/health/ready");
                    count(ready, api.name + ": HTTP " + health.status() + " " + health.body().path("status")
                            .asText());
                    Api.Answer group = api.get("/q/health/group/database");
                    count(databaseGroup, api.name + ": HTTP " + group.status() + " " + group.body().path("status")
                            .asText());
                }
                probes++;
                Thread.sleep(Math.max(0, Math.min(5_000, (end - System.nanoTime()) / 1_000_000)));
            }
            long[] duringA = minus(loadA.counts(), beforeA);
            long[] duringB = minus(loadB.counts(), beforeB);
            Map<String, Long> feederDuring = minus(snapshot(feeder.answers), feederBefore);
            result.figure("route() during the outage: A %d answered, %d failed %s; B %d answered, %d failed %s",
                    duringA[0], duringA[1], loadA.failures, duringB[0], duringB[1], loadB.failures);
            result.figure("writes during the outage (%d probes): %s", probes, new TreeMap<>(writes));
            result.figure("the UNAVAILABLE answer: %s", unavailableBody);
            result.figure("outcome batches (NDJSON) during the outage: %s; Retry-After headers so far %d",
                    feederDuring, feeder.retryAfterHeaders.get());
            result.figure("/q/health/ready during the outage: %s", new TreeMap<>(ready));
            result.figure("/q/health/group/database during the outage: %s", new TreeMap<>(databaseGroup));
            result.figure("streams on B during the outage: socket reconnects %d, SSE reconnects %d",
                    socketB.disconnects.get() - socketDrops, streamB.disconnects.get() - streamDrops);
            result.check(duringA[0] > 0 && duringB[0] > 0 && duringA[1] == 0 && duringB[1] == 0,
                    "route() kept answering on both instances, no error");
            result.check(loadA.generations.equals(Set.of(canary)) && loadB.generations.equals(Set.of(canary)),
                    "route() answered the canary's generation " + canary + " throughout: A " + loadA.generations
                            + ", B " + loadB.generations);
            // GraphQL answers its errors in a 200 (extensions.code); HTTP endpoints answer the code's status
            result.check(writes.keySet().stream().allMatch(k -> k.endsWith("HTTP 200 UNAVAILABLE")),
                    "every GraphQL write (rollback, reportOutcomes) answered code UNAVAILABLE");
            result.check(unavailableBody != null && unavailableBody.contains("nothing was changed"),
                    "the answer says nothing was changed");
            result.check(feederDuring.keySet().stream().allMatch(k -> k.equals("HTTP 503 UNAVAILABLE")
                    || k.equals("OK")) && feederDuring.getOrDefault("HTTP 503 UNAVAILABLE", 0L) > 0
                    && feeder.retryAfterHeaders.get() > 0,
                    "outcome batches (NDJSON) were refused with HTTP 503, code UNAVAILABLE and Retry-After (kept "
                            + "and sent again with their batch id)");
            result.check(ready.keySet().stream().allMatch(k -> k.endsWith("HTTP 200 UP")),
                    "readiness stayed UP on both (routing is fail-static)");
            result.check(databaseGroup.keySet().stream().allMatch(k -> k.endsWith("HTTP 503 DOWN")),
                    "the database health group said DOWN on both");
            result.check(socketB.disconnects.get() == socketDrops && streamB.disconnects.get() == streamDrops,
                    "B's subscription and stream stayed open");

            // ------------------------------------------------------------------------------------- recovery
            long starting = System.nanoTime();
            cluster.ctl(120, "pg-start");
            long back = System.nanoTime();
            result.figure("PostgreSQL started again (pg_ctl start -w took %.1f s); recovery timed from then",
                    (back - starting) / 1e9);
            double[] writeOk = {-1, -1};
            double[] healthy = {-1, -1};
            double[] delivered = {-1, -1, -1};
            long[] rolledBack = {-1};
            double[] rollbackOk = {-1};
            String key = "recovered-" + agent;
            boolean recovered = Deadline.await(Duration.ofSeconds(30), 20, () -> {
                double now = Deadline.millisSince(back) / 1000;
                for (int i = 0; i < 2; i++) {
                    Api api = i == 0 ? a : b;
                    if (writeOk[i] < 0) {
                        Api.Answer answer = api.graphql("mutation($outcomes: [OutcomeInput!]!, $batchId: String) "
                                + "{ reportOutcomes(outcomes: $outcomes, batchId: $batchId) { accepted } }",
                                Map.of("batchId", "probe-" + api.name + "-" + agent, "outcomes", List.of(Map.of(
                                        "agent", agent, "environment", Fixtures.ENV, "version", 1, "arm", "STABLE",
                                        "occurredAt", Instant.now().toString(), "status", "SUCCESS",
                                        "latencyMs", 100))));
                        if (answer.ok()) {
                            writeOk[i] = now;
                        }
                    }
                    if (healthy[i] < 0 && api.get("/q/health/group/database").status() == 200) {
                        healthy[i] = now;
                    }
                }
                if (rolledBack[0] < 0) {
                    Api.Answer rollback = a.graphql(Fixtures.ROLLBACK, Map.of("agent", agent, "environment",
                            Fixtures.ENV, "idempotencyKey", key));
                    if (rollback.ok()) {
                        rolledBack[0] = rollback.data("rollback").path("generation").asLong();
                        rollbackOk[0] = Deadline.millisSince(back) / 1000;
                    }
                }
                for (int i = 0; i < 3; i++) {
                    if (rolledBack[0] >= 0 && delivered[i] < 0) {
                        Watcher.Seen seen = watchers.get(i).firstAtLeast(rolledBack[0]);
                        if (seen != null) {
                            delivered[i] = (seen.atNanos() - back) / 1e9;
                        }
                    }
                }
                return writeOk[0] >= 0 && writeOk[1] >= 0 && healthy[0] >= 0 && healthy[1] >= 0
                        && delivered[0] >= 0 && delivered[1] >= 0 && delivered[2] >= 0;
            });
            result.figure("after PostgreSQL is back: a write succeeds on A after %.2f s, on B after %.2f s; the "
                    + "rollback through A commits after %.2f s (generation %d); B shows it by route() after %.2f s, "
                    + "configChanged %.2f s, SSE %.2f s; the database group is UP on A after %.2f s, on B after "
                    + "%.2f s", writeOk[0], writeOk[1], rollbackOk[0], rolledBack[0], delivered[0], delivered[1],
                    delivered[2], healthy[0], healthy[1]);
            result.check(writeOk[0] >= 0 && writeOk[1] >= 0, "writes succeed again on both instances");
            result.check(delivered[0] >= 0 && delivered[1] >= 0 && delivered[2] >= 0, "B's route(), "
                    + "configChanged and SSE stream deliver the change made through A after the outage");
            result.check(healthy[0] >= 0 && healthy[1] >= 0, "the database group is UP again on both");
            double worst = 0;
            for (double t : new double[] {writeOk[0], writeOk[1], rollbackOk[0], delivered[0], delivered[1],
                    delivered[2], healthy[0], healthy[1]}) {
                worst = Math.max(worst, t);
            }
            result.check(recovered && worst <= 5.0, String.format(java.util.Locale.ROOT,
                    "everything recovered within 5 s of PostgreSQL accepting connections (%.2f s)", worst));

            Thread.sleep(5_000);
            boolean drained = feeder.drain(60);
            long stored = database.outcomesStored(agent) - 2; // the two recovery probes above
            long[] batches = database.batchesStored(feeder.acknowledgedBatchIds());
            result.figure("outcomes: %d reported in %d batches (%d retried answers deduplicated), %d acknowledged, "
                    + "%d in the buckets; %d of the batch ids recorded; all answers %s", feeder.outcomesSent(),
                    feeder.batchCount(), feeder.deduplicated.get(), feeder.outcomesAcknowledged(), stored,
                    batches[0], feeder.answersSummary());
            result.check(drained, "every batch was acknowledged in the end (" + feeder.pendingCount() + " left)");
            result.check(stored == feeder.outcomesSent() && batches[0] == feeder.batchCount()
                    && batches[1] == feeder.outcomesSent(), "no accepted outcome lost, none counted twice");
        }
        return result;
    }

    private static void count(Map<String, AtomicLong> tally, String key) {
        tally.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                delta.put(k, d);
            }
        });
        return delta;
    }

    private static long[] minus(long[] after, long[] before) {
        return new long[] {after[0] - before[0], after[1] - before[1]};
    }
}
