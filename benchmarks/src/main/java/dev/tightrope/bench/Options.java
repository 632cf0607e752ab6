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
    final int pollers;
    final int pollIntervalMillis;
    final int canaryWeight;
    final int rollbackTimeoutMillis;
    final int rollbackMaxSeconds;
    final long serverPid;
    final int clockTicks;
    final String environment;
    /** API token sent with every request (environment variable TIGHTROPE_TOKEN, never a command-line argument). */
    final String token;

    private Options(Map<String, String> values) {
        token = System.getenv("TIGHTROPE_TOKEN");
        url = values.getOrDefault("url", "http://127.0.0.1:8080");
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--url must be http://HOST:PORT, got " + url);
        }
        // connect to the checked address itself, so the name cannot resolve elsewhere later
        host = requireLoopback(uri.getHost());
        port = uri.getPort() < 0 ? 80 : uri.getPort();
        phases = values.getOrDefault("phases", "throughput,rollback");
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
        pollers = bounded(values, "pollers", 4, 1, 64);
        pollIntervalMillis = bounded(values, "poll-interval-ms", 0, 0, 1_000);
        canaryWeight = bounded(values, "canary-weight", 100, 1, 100);
        rollbackTimeoutMillis = bounded(values, "rollback-timeout-ms", 5_000, 100, 60_000);
        rollbackMaxSeconds = bounded(values, "rollback-max-seconds", 120, 1, 1_800);
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
                  --phases LIST             throughput,rollback (default both)
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
                 target B (rollback until every route() answers the old version):
                  --rollbacks N             rollbacks timed (default 100)
                  --rollback-warmup N       untimed rollbacks first, to warm the JIT (default 20)
                  --pollers N               concurrent route() pollers, each with its own routing key (default 4)
                  --poll-interval-ms MS     pause of each poller between answer and next query (default 0: none)
                  --canary-weight W         weight of the canary that half of the iterations roll back (default 100)
                  --rollback-timeout-ms MS  give up on one iteration after this (default 5000)
                  --rollback-max-seconds S  stop target B after this (default 120)
                 other:
                  --server-pid PID          server process, to report its CPU time per request (Linux /proc)
                  --clock-ticks N           USER_HZ of /proc/<pid>/stat (default 100; getconf CLK_TCK)
                  --environment NAME        deployment environment (default production)
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
