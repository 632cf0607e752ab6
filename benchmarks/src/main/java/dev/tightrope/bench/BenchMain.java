package dev.tightrope.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/**
 * Benchmarks of Tightrope (docs/benchmarks.md):
 *
 * <ul>
 * <li><b>A</b>: route() over HTTP GraphQL against the HTTP ceiling of the same server ({@code GET /bench/ceiling}),
 * closed loop, N keep-alive connections; throughput and latency percentiles, alternating the two targets in slices
 * so background load hits both alike. Target: route &ge; 40 % of the ceiling's throughput.</li>
 * <li><b>B</b>: rollback &rarr; every route() answers the old version: time from sending the rollback mutation
 * until each of a few pollers (different routing keys) has seen the rolled-back-to version. Alternates rolling
 * back a canary and rolling back a newly deployed stable version. Target: p99 &lt; 50 ms.</li>
 * <li><b>C</b>: rollback &rarr; delivered to every {@code configChanged} subscriber: the same rollbacks as B, observed
 * by (by default) 1,000 GraphQL WebSocket subscriptions instead of pollers ({@link SubscriberPhase}). Target: p99
 * &lt; 200 ms.</li>
 * <li><b>D</b>: outcome ingestion over the NDJSON endpoint against its parse-only ceiling ({@link IngestPhase}).
 * Targets: &ge; 150 000 outcomes/s, batch p99 &lt; 50 ms, &ge; half the parse-only rate.</li>
 * <li><b>F</b>: one pass of the trigger rules' evaluator over 1 000 deployments ({@link RulesPhase}). Target:
 * &lt; 500 ms.</li>
 * </ul>
 *
 * It creates its own agent (three versions) and deploys it, so it needs only an empty running server. Every phase is
 * bounded in time, and only loopback addresses are accepted as the server.
 */
public final class BenchMain {

    private static final int V1 = RollbackLoop.V1;
    private static final int V2 = RollbackLoop.V2;
    private static final int V3 = RollbackLoop.V3;

    private final Options options;
    private final Vertx vertx;
    private final Api api;
    private final CpuSampler cpu;
    private String agent;

    private BenchMain(Options options) {
        this.options = options;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.clientThreads + 1)
                .setWorkerPoolSize(2).setBlockedThreadCheckInterval(10_000));
        this.api = new Api(vertx, options, 2);
        this.cpu = new CpuSampler(options.serverPid, options.clockTicks);
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        BenchMain bench = new BenchMain(options);
        int status;
        try {
            status = bench.run();
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            status = 1;
        } finally {
            bench.vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        System.exit(status);
    }

    private int run() throws Exception {
        System.out.printf(Locale.ROOT, "Tightrope benchmarks  %s  server %s  processors %d%n", Instant.now(),
                options.url, Runtime.getRuntime().availableProcessors());
        setup();
        boolean ok = true;
        if (options.runs("throughput")) {
            ok &= throughput();
        }
        if (options.runs("rollback")) {
            ok &= rollbacks();
        }
        if (options.runs("subscribers")) {
            ok &= new SubscriberPhase(vertx, api, options, cpu, agent, false).run();
        }
        if (options.runs("sse")) {
            ok &= new SubscriberPhase(vertx, api, options, cpu, agent, true).run();
        }
        if (options.runs("ingest")) {
            ok &= new IngestPhase(vertx, options, cpu, agent).run();
        }
        if (options.runs("rules")) {
            ok &= new RulesPhase(vertx, api, options).run();
        }
        return ok ? 0 : 1;
    }

    // ---------------------------------------------------------------------------------------------------- setup

    private void setup() {
        agent = "bench-" + Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        api.call(Api.CREATE_AGENT, new JsonObject().put("input", new JsonObject().put("slug", agent)
                .put("name", "Benchmark agent " + agent).put("description", "created by benchmarks/")));
        api.call(Api.CREATE_VERSION, new JsonObject().put("input", Api.firstVersion(agent)));
        for (int v = 2; v <= V3; v++) {
            api.call(Api.CREATE_VERSION, new JsonObject().put("input", Api.nextVersion(agent, v)));
        }
        JsonObject deployed = api.traffic("deploy", Api.DEPLOY,
                Api.vars(agent, options.environment).put("version", V1));
        System.out.printf(Locale.ROOT, "setup: agent %s, versions 1..3, version 1 deployed to %s (generation %d)%n",
                agent, options.environment, deployed.getLong("generation"));
    }

    // ---------------------------------------------------------------------------------------------- target A

    private boolean throughput() throws Exception {
        if (options.routeCanaryWeight > 0) {
            api.traffic("startRollout", Api.START_ROLLOUT,
                    Api.vars(agent, options.environment).put("version", V2).put("weight", options.routeCanaryWeight));
        }
        Target ceiling = Target.ceiling(options);
        Target route = Target.route(options, agent);
        List<LoadWorker> workers = startWorkers();
        int sliceSeconds = Math.max(1, options.durationSeconds / options.rounds);
        System.out.printf(Locale.ROOT, "%nA. route() vs HTTP ceiling: %d connections on %d client event loops, "
                + "warm-up up to %d s per target, then %d round(s) of %d s per target (+1 s settle each), route "
                + "fields: %s, canary weight during the run: %d %%%n", options.connections, options.clientThreads,
                options.warmupSeconds, options.rounds, sliceSeconds, options.routeFields,
                options.routeCanaryWeight);

        List<Target> targets = new ArrayList<>();
        if (options.loads("ceiling")) {
            targets.add(ceiling);
        }
        if (options.loads("route")) {
            targets.add(route);
        }
        if (options.extraGet != null) {
            targets.add(Target.extra(options, agent));
        }
        List<String> warmups = new ArrayList<>();
        for (Target target : targets) {
            warmups.add(warmUp(workers, target));
        }
        Map<String, LoadWorker.PhaseResult> totals = new LinkedHashMap<>();
        List<String> slices = new ArrayList<>();
        for (int round = 0; round < options.rounds; round++) {
            for (Target target : targets) {
                LoadWorker.PhaseResult slice = phase(workers, target, 1, sliceSeconds);
                slices.add(String.format(Locale.ROOT, "round %d %-8s %9.0f req/s  p99 %s ms  server CPU %s / "
                        + "client CPU %s / machine busy %s cores", round + 1, target.name,
                        slice.ok() / slice.seconds, Report.ms(slice.histogram, 99),
                        Report.fmt(slice.serverCpuSeconds / slice.seconds),
                        Report.fmt(slice.clientCpuSeconds / slice.seconds),
                        Report.fmt(slice.machineBusySeconds / slice.seconds)));
                totals.computeIfAbsent(target.name, LoadWorker.PhaseResult::new).add(slice);
            }
        }
        if (options.routeCanaryWeight > 0) {
            api.traffic("rollback", Api.ROLLBACK, Api.vars(agent, options.environment));
        }

        System.out.println();
        warmups.forEach(System.out::println);
        slices.forEach(System.out::println);
        System.out.println();
        System.out.println(Report.row("target", "ok", "p50 ms", "p90 ms", "p99 ms", "max ms", "mean ms", "req/s",
                "errors", "resp bytes", "srv µs/req", "cli µs/req", "srv cores", "busy cores"));
        for (LoadWorker.PhaseResult r : totals.values()) {
            double seconds = r.seconds;
            System.out.println(Report.latencyRow(r.target, r.histogram,
                    String.format(Locale.ROOT, "%.0f", r.ok() / seconds), r.errors, r.lastBytes,
                    Report.fmt(r.serverCpuSeconds * 1e6 / Math.max(1, r.ok())),
                    Report.fmt(r.clientCpuSeconds * 1e6 / Math.max(1, r.ok())),
                    Report.fmt(r.serverCpuSeconds / seconds), Report.fmt(r.machineBusySeconds / seconds)));
            if (r.firstError != null) {
                System.out.println("  first error: " + r.firstError);
            }
        }
        LoadWorker.PhaseResult c = totals.get("ceiling");
        LoadWorker.PhaseResult rt = totals.get("route");
        undeploy(workers);
        LoadWorker.PhaseResult extra = totals.get("extra");
        if (extra != null && c != null) {
            System.out.printf(Locale.ROOT, "%nextra / ceiling throughput: %.1f %%%n",
                    100 * (extra.ok() / extra.seconds) / (c.ok() / c.seconds));
        }
        if (c == null || rt == null) {
            return totals.values().stream().allMatch(r -> r.errors == 0);
        }
        double ratio = (rt.ok() / rt.seconds) / (c.ok() / c.seconds);
        double cpuRatio = (c.serverCpuSeconds / Math.max(1, c.ok())) / (rt.serverCpuSeconds / Math.max(1, rt.ok()));
        boolean pass = ratio >= 0.40;
        System.out.printf(Locale.ROOT, "%nroute / ceiling throughput: %.1f %%  (target >= 40 %%: %s)%n", ratio * 100,
                pass ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "server CPU per request, ceiling / route: %.1f %%  (what the ratio would be "
                + "if the server had the cores to itself and CPU were the only limit)%n", cpuRatio * 100);
        return rt.errors == 0 && c.errors == 0;
    }

    /**
     * Loads the target in 5 s windows until the server's JIT has settled, after at least 10 s and at most
     * {@code --warmup} seconds: its compiler threads used less than 2 % of the window and throughput moved by less
     * than 5 % from the window before. (Without --server-pid only the throughput counts.)
     */
    private String warmUp(List<LoadWorker> workers, Target target) throws Exception {
        StringBuilder rates = new StringBuilder();
        int window = 5;
        int elapsed = 0;
        double previous = -1;
        boolean settled = false;
        long errors = 0;
        double compilerBefore = cpu.compilerSeconds();
        while (elapsed + window <= options.warmupSeconds) {
            LoadWorker.PhaseResult result = phase(workers, target, 0, window);
            elapsed += window;
            errors += result.errors;
            double compilerNow = cpu.compilerSeconds();
            double compiling = (compilerNow - compilerBefore) / window;
            compilerBefore = compilerNow;
            double rate = result.ok() / (double) window;
            rates.append(rates.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.0f", rate));
            if (!Double.isNaN(compiling)) {
                rates.append(String.format(Locale.ROOT, "/%.0f%%", compiling * 100));
            }
            boolean jitQuiet = Double.isNaN(compiling) || compiling < 0.02;
            if (elapsed >= 10 && jitQuiet && previous > 0 && Math.abs(rate - previous) / previous < 0.05) {
                settled = true;
                break;
            }
            previous = rate;
        }
        return String.format(Locale.ROOT, "warm-up %-8s %3d s, req/s/JIT compiler share of a core, per 5 s window: "
                + "%s%s%s", target.name, elapsed,
                rates, settled ? " (settled)" : elapsed == 0 ? "" : " (not settled)",
                errors == 0 ? "" : ", " + errors + " errors");
    }

    private List<LoadWorker> startWorkers() throws Exception {
        List<LoadWorker> workers = new ArrayList<>();
        List<Future<String>> deployed = new ArrayList<>();
        int perWorker = options.connections / options.clientThreads;
        int extra = options.connections % options.clientThreads;
        for (int i = 0; i < options.clientThreads; i++) {
            LoadWorker worker = new LoadWorker(perWorker + (i < extra ? 1 : 0), i * 7919);
            workers.add(worker);
            deployed.add(vertx.deployVerticle(worker));
        }
        Future.all(deployed).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return workers;
    }

    private void undeploy(List<LoadWorker> workers) throws Exception {
        for (LoadWorker worker : workers) {
            vertx.undeploy(worker.deploymentID()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** One bounded phase on all workers; CPU is sampled at the edges of the measured window. */
    private LoadWorker.PhaseResult phase(List<LoadWorker> workers, Target target, int warmupSeconds,
            int measureSeconds) throws Exception {
        long start = System.nanoTime();
        long warmupEnd = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long measureEnd = warmupEnd + TimeUnit.SECONDS.toNanos(measureSeconds);
        List<Future<LoadWorker.PhaseResult>> futures = new ArrayList<>();
        for (LoadWorker worker : workers) {
            futures.add(worker.run(target, warmupEnd, measureEnd));
        }
        sleepUntil(warmupEnd);
        CpuSampler.Sample before = cpu.sample();
        sleepUntil(measureEnd);
        CpuSampler.Sample used = cpu.sample().minus(before);
        CompositeFuture all = Future.all(futures).toCompletionStage().toCompletableFuture()
                .get(measureSeconds + warmupSeconds + 30L, TimeUnit.SECONDS);
        LoadWorker.PhaseResult merged = new LoadWorker.PhaseResult(target.name);
        for (int i = 0; i < all.size(); i++) {
            merged.add(all.resultAt(i));
        }
        merged.seconds = measureSeconds;
        merged.serverCpuSeconds = used.server();
        merged.clientCpuSeconds = used.client();
        merged.machineBusySeconds = used.machineBusy();
        if (merged.warmupErrors > 0 && measureSeconds == 0) {
            System.out.printf(Locale.ROOT, "  warm-up of %s: %d errors, first: %s%n", target.name,
                    merged.warmupErrors, merged.firstError);
        }
        return merged;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        }
    }

    // ---------------------------------------------------------------------------------------------- target B

    private boolean rollbacks() throws Exception {
        long pollersEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.rollbackWarmupSeconds
                + options.rollbackMaxSeconds + 5L);
        Pollers pollers = new Pollers(options, agent, pollersEnd);
        vertx.deployVerticle(pollers).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "%nB. rollback -> every route() answers the old version: %d rollbacks timed after at "
                + "least %d untimed (until the JIT settles), %d pollers (routing keys poller-0..%d, %s), mutation on "
                + "the same instance; odd iterations "
                + "roll back a canary (weight %d %%) of version 2, even ones a newly deployed stable version 3; both "
                + "return to version 1%n", options.rollbacks, options.rollbackWarmup, options.pollers, options.pollers - 1,
                options.pollIntervalMillis == 0 ? "continuous" : "pausing " + options.pollIntervalMillis + " ms",
                options.canaryWeight);

        RollbackLoop loop = new RollbackLoop(api, options, agent, pollers, options.rollbackTimeoutMillis);
        RollbackWarmUp warmUp = new RollbackWarmUp(cpu, options, api, agent);
        String firstFailure = warmUp.run(loop);
        System.out.println(warmUp.summary());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.rollbackMaxSeconds);
        Histogram all = new Histogram(LoadWorker.MAX_MICROS, 3);
        Histogram firstPoller = new Histogram(LoadWorker.MAX_MICROS, 3);
        Histogram mutation = new Histogram(LoadWorker.MAX_MICROS, 3);
        Histogram commit = new Histogram(LoadWorker.MAX_MICROS, 3);
        Map<String, Histogram> byKind = new LinkedHashMap<>();
        byKind.put("canary rollback", new Histogram(LoadWorker.MAX_MICROS, 3));
        byKind.put("stable rollback", new Histogram(LoadWorker.MAX_MICROS, 3));
        List<Long> sequence = new ArrayList<>();
        int failures = warmUp.failures();
        int done = 0;
        for (int t = 0; t < options.rollbacks && System.nanoTime() < deadline; t++) {
            try {
                RollbackLoop.Iteration it = loop.run(warmUp.done() + t);
                long micros = it.lastMicros();
                sequence.add(micros);
                all.recordValue(Math.min(LoadWorker.MAX_MICROS, micros));
                byKind.get(it.canary() ? "canary rollback" : "stable rollback")
                        .recordValue(Math.min(LoadWorker.MAX_MICROS, micros));
                firstPoller.recordValue(Math.min(LoadWorker.MAX_MICROS, it.firstMicros()));
                mutation.recordValue(Math.min(LoadWorker.MAX_MICROS, it.answeredMicros()));
                commit.recordValue(it.commitMicros());
                done++;
            } catch (Exception e) {
                failures++;
                if (firstFailure == null) {
                    firstFailure = e.toString();
                }
                loop.recover();
            }
        }
        pollers.stopAndWait(15);

        System.out.println();
        System.out.println(Report.row("measure (ms)", "n", "p50", "p90", "p99", "max", "mean"));
        System.out.println(Report.latencyRow("all pollers see v1", all));
        for (Map.Entry<String, Histogram> kind : byKind.entrySet()) {
            System.out.println(Report.latencyRow("  " + kind.getKey(), kind.getValue()));
        }
        System.out.println(Report.latencyRow("first poller sees v1", firstPoller));
        System.out.println(Report.latencyRow("mutation answered", mutation));
        System.out.println(Report.latencyRow("server commitMillis", commit));
        System.out.println(Report.latencyRow("poll round trip", pollers.roundTrips));
        System.out.printf(Locale.ROOT, "trend (median ms of each tenth of the timed rollbacks, in order): %s%n",
                Report.trend(sequence));
        System.out.printf(Locale.ROOT, "rollbacks timed: %d, failed: %d%s; poller errors: %d%s%n", done, failures,
                firstFailure == null ? "" : " (first: " + firstFailure + ")", pollers.errors,
                pollers.firstError == null ? "" : " (first: " + pollers.firstError + ")");
        boolean pass = all.getTotalCount() > 0 && all.getValueAtPercentile(99) < 50_000;
        System.out.printf(Locale.ROOT, "rollback -> all pollers on v1, p99: %s ms  (target < 50 ms: %s)%n",
                Report.ms(all, 99), pass ? "MET" : "NOT MET");
        return failures == 0 && done == options.rollbacks;
    }
}
