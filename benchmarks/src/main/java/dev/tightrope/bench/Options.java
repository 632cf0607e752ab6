package dev.tightrope.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line options, each {@code --name value}. Every number is bounded, so no run can go on for long or open an
 * unbounded number of connections, and the target must be a loopback address.
 */
final class Options {

    /** Options without a value: present means on. */
    private static final java.util.Set<String> FLAGS = java.util.Set.of("--ack");

    final String url;
    final String host;
    final int port;
    final String phases;
    final String targets;
    final String extraGet;
    final int warmupSeconds;
    final int durationSeconds;
    final int rounds;
    final int connections;
    final int clientThreads;
    final int routeKeys;
    final String routeFields;
    final int routeCanaryWeight;
    final int rollbacks;
    final int rollbackWarmup;
    final int rollbackWarmupMax;
    final int rollbackWarmupSeconds;
    final boolean warmUpWithOtherTraffic;
    final int pollers;
    final int pollIntervalMillis;
    final int canaryWeight;
    final int rollbackTimeoutMillis;
    final int rollbackMaxSeconds;
    final int subscribers;
    final int subscribeConcurrency;
    final int subscribeTimeoutSeconds;
    final int settleTimeoutMillis;
    final int subscribersMaxSeconds;
    final boolean ack;
    final int ackConnections;
    final String token;
    final long serverPid;
    final int clockTicks;
    final String environment;
    final int ingestSeconds;
    final int ingestWarmupSeconds;
    final int ingestConnections;
    final int ingestBatch;
    final int rulesDeployments;
    final int rulesDeep;
    final int rulesPasses;

    private Options(Map<String, String> values) {
        url = values.getOrDefault("url", "http://127.0.0.1:8080");
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--url must be http://HOST:PORT, got " + url);
        }
        // connect to the checked address itself, so the name cannot resolve elsewhere later
        host = requireLoopback(uri.getHost());
        port = uri.getPort() < 0 ? 80 : uri.getPort();
        phases = values.getOrDefault("phases", "throughput,rollback,subscribers");
        targets = values.getOrDefault("targets", "ceiling,route");
        extraGet = values.get("extra-get");
        if (extraGet != null && !extraGet.startsWith("/")) {
            throw new IllegalArgumentException("--extra-get takes a path of the same server, e.g. /some/path?x=1");
        }
        warmupSeconds = bounded(values, "warmup", 90, 0, 600);
        durationSeconds = bounded(values, "duration", 20, 1, 600);
        rounds = bounded(values, "rounds", 2, 1, 20);
        connections = bounded(values, "connections", 64, 1, 1024);
        clientThreads = bounded(values, "client-threads", 2, 1, 16);
        routeKeys = bounded(values, "route-keys", 1024, 1, 100_000);
        routeFields = values.getOrDefault("route-fields", "full");
        if (!routeFields.equals("full") && !routeFields.equals("minimal")) {
            throw new IllegalArgumentException("--route-fields is full or minimal");
        }
        routeCanaryWeight = bounded(values, "route-canary-weight", 10, 0, 100);
        rollbacks = bounded(values, "rollbacks", 100, 1, 10_000);
        rollbackWarmup = bounded(values, "rollback-warmup", 20, 0, 10_000);
        rollbackWarmupMax = bounded(values, "rollback-warmup-max", 5_000, 0, 100_000);
        rollbackWarmupSeconds = bounded(values, "rollback-warmup-seconds", 300, 0, 3_600);
        String warmUpWith = values.getOrDefault("rollback-warmup-with", "rollbacks");
        if (!warmUpWith.equals("rollbacks") && !warmUpWith.equals("other-traffic")) {
            throw new IllegalArgumentException("--rollback-warmup-with must be rollbacks or other-traffic");
        }
        warmUpWithOtherTraffic = warmUpWith.equals("other-traffic");
        pollers = bounded(values, "pollers", 4, 1, 64);
        pollIntervalMillis = bounded(values, "poll-interval-ms", 0, 0, 1_000);
        canaryWeight = bounded(values, "canary-weight", 100, 1, 100);
        rollbackTimeoutMillis = bounded(values, "rollback-timeout-ms", 5_000, 100, 60_000);
        rollbackMaxSeconds = bounded(values, "rollback-max-seconds", 120, 1, 1_800);
        subscribers = bounded(values, "subscribers", 1000, 1, 10_000);
        subscribeConcurrency = bounded(values, "subscribe-concurrency", 50, 1, 1_000);
        subscribeTimeoutSeconds = bounded(values, "subscribe-timeout-s", 180, 1, 1_800);
        settleTimeoutMillis = bounded(values, "settle-timeout-ms", 30_000, 100, 600_000);
        subscribersMaxSeconds = bounded(values, "subscribers-max-seconds", 300, 1, 3_600);
        ack = Boolean.parseBoolean(values.getOrDefault("ack", "false"));
        ingestSeconds = bounded(values, "ingest-seconds", 20, 1, 600);
        ingestWarmupSeconds = bounded(values, "ingest-warmup", 20, 0, 600);
        ingestConnections = bounded(values, "ingest-connections", 4, 1, 256);
        ingestBatch = bounded(values, "ingest-batch", 1_000, 1, 10_000);
        rulesDeployments = bounded(values, "rules-deployments", 1_000, 4, 10_000);
        rulesDeep = bounded(values, "rules-deep", 20, 0, 1_000);
        rulesPasses = bounded(values, "rules-passes", 21, 2, 200);
        ackConnections = bounded(values, "ack-connections", 8, 1, 256);
        // --token, else the environment (run.sh passes its throwaway token there: never on a command line)
        token = values.getOrDefault("token", System.getenv("TIGHTROPE_TOKEN"));
        if (token != null && (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new IllegalArgumentException("--token must be printable ASCII without spaces");
        }
        serverPid = Long.parseLong(values.getOrDefault("server-pid", "0"));
        clockTicks = bounded(values, "clock-ticks", 100, 1, 100_000);
        environment = values.getOrDefault("environment", "production");
    }

    static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(usage());
                System.exit(0);
            }
            if (FLAGS.contains(arg)) {
                values.put(arg.substring(2), "true");
                continue;
            }
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + arg + "\n" + usage());
            }
            values.put(arg.substring(2), args[++i]);
        }
        return new Options(values);
    }

    boolean runs(String phase) {
        return listed(phases, phase);
    }

    boolean loads(String target) {
        return listed(targets, target);
    }

    private static boolean listed(String list, String item) {
        for (String p : list.split(",")) {
            if (p.strip().equals(item)) {
                return true;
            }
        }
        return false;
    }

    static String usage() {
        return """
                TIGHTROPE_TOKEN=tr_... java -jar tightrope-benchmarks.jar [--name value]...
                  (TIGHTROPE_TOKEN: an ADMIN API token of the server, sent as Authorization: Bearer)
                  --url URL                 server, loopback only (default http://127.0.0.1:8080)
                  --phases LIST             throughput,rollback,subscribers (default all three: A, B, C), sse (C over
                                            the runtime API's Server-Sent Events stream), ingest (D), rules (F)
                  --ingest-seconds N        D: seconds per target, ingest and parse-only (20)
                  --ingest-warmup N         D: seconds of ingestion first, not counted (20)
                  --ingest-connections N    D: concurrent batches (4)
                  --ingest-batch N          D: outcomes per batch (1000)
                  --rules-deployments N     F: deployments at the last step (1000; steps of a quarter and a half first)
                  --rules-deep N            F: deployments that also get 14 days of history (20)
                  --rules-passes N          F: passes per step, the first one not counted (21)
                 target A (route() vs the /bench/ceiling endpoint):
                  --targets LIST            ceiling,route (default both; one alone e.g. to profile it)
                  --extra-get PATH          also load GET PATH of the same server as target "extra" (an answer
                                            starting with '{', status 200), e.g. to compare an experimental
                                            endpoint; {agent} in PATH is replaced by the benchmark's agent
                  --warmup S                longest warm-up per target (default 90): 5 s windows until the server's
                                            JIT compiler is idle (< 2 % of a core) and throughput moves < 5 %
                                            from the window before; at least 10 s (0 = none)
                  --duration S              measured seconds per target, split over the rounds (default 20)
                  --rounds N                measured slices per target, alternating ceiling/route (default 2)
                  --connections N           concurrent keep-alive connections, one request each (default 64)
                  --client-threads N        client event loops (default 2)
                  --route-keys N            distinct routing keys cycled through (default 1024)
                  --route-fields F          full (every field, as a runtime asks) or minimal (default full)
                  --route-canary-weight W   canary weight during target A, 0 = stable only (default 10)
                 targets B and C (rollback until every route() poller / configChanged subscriber has the old version):
                  --rollbacks N             rollbacks timed, in B and again in C (default 100)
                  --rollback-warmup N       untimed rollbacks first, at least, to warm the JIT (default 20); then more
                                            in windows of 20 until the server's JIT compiler threads use < 2 % of a
                                            core, up to --rollback-warmup-max N (default 5000) and
                                            --rollback-warmup-seconds S (default 300); max = N: exactly N (a cold server)
                  --rollback-warmup-with W  rollbacks (default), or other-traffic: warm up with what a server in use
                                            serves besides traffic changes (a dashboard's deployment query and a
                                            runtime's acknowledgeConfig, in turn) until the JIT settles, then only
                                            --rollback-warmup N rollbacks
                  --pollers N               concurrent route() pollers, each with its own routing key (default 4)
                  --poll-interval-ms MS     pause of each poller between answer and next query (default 0: none)
                  --canary-weight W         weight of the canary that half of the iterations roll back (default 100)
                  --rollback-timeout-ms MS  give up on one rollback when its answer, or every observer's sight of
                                            version 1 after the answer, takes longer (default 5000)
                  --rollback-max-seconds S  stop target B after this (default 120)
                 targets C and C-SSE (rollback delivered to every configChanged WebSocket / config stream subscriber):
                  --subscribers N           concurrent subscriptions, one WebSocket and runtimeId each, spread
                                            over the client event loops (default 1000)
                  --subscribe-concurrency N subscriptions being opened at a time (default 50)
                  --subscribe-timeout-s S   all subscriptions must be open (first config received) by then, else
                                            the target fails (default 180)
                  --settle-timeout-ms MS    every subscriber must have the untimed change before a rollback (and,
                                            with --ack, have acknowledged it) within this (default 30000)
                  --subscribers-max-seconds S  stop C's rollbacks after this (default 300)
                  --ack                     each subscriber acknowledges every config it receives (C:
                                            acknowledgeConfig; C-SSE: POST .../acknowledgements), as real
                                            runtimes do (default off); delivery is timed the same way either way
                  --ack-connections N       HTTP connections per client event loop for the acks (default 8)
                 other:
                  --server-pid PID          server process, to report its CPU time per request (Linux /proc)
                  --clock-ticks N           USER_HZ of /proc/<pid>/stat (default 100; getconf CLK_TCK)
                  --environment NAME        deployment environment (default production)
                  --token TOKEN             access token: sent as "Authorization: Bearer TOKEN" on every HTTP
                                            request and the WebSocket upgrade, and as {"authorization": "Bearer
                                            TOKEN"} in connection_init (default none); never printed
                """;
    }

    private static int bounded(Map<String, String> values, String name, int def, int min, int max) {
        String raw = values.get(name);
        int value = raw == null ? def : Integer.parseInt(raw);
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** Load goes only to this machine: every address the host name resolves to must be a loopback address. */
    private static String requireLoopback(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + host, e);
        }
        for (InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing to send load to " + host + " (" + address
                        + "): only loopback addresses (127.0.0.0/8, ::1) are allowed");
            }
        }
        return addresses[0].getHostAddress();
    }
}
