package dev.tightrope.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The multi-instance and fault suite (docs/reliability.md). Started by {@code reliability/run.sh}, which starts one
 * PostgreSQL and two Tightrope instances on loopback and passes their addresses; this runs the scenarios, prints
 * each check as it goes, then a summary table, and exits 1 when any scenario failed.
 */
public final class Suite {

    private Suite() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String token = System.getenv("REL_TOKEN");
        if (token == null || token.isBlank()) {
            usage("REL_TOKEN (an ADMIN token of both instances) is not set");
        }
        Cluster cluster = new Cluster(new Api("A", required(options, "a"), token),
                new Api("B", required(options, "b"), token), Path.of(required(options, "ctl")),
                Path.of(required(options, "work")), required(options, "jdbc"),
                new Cluster.Intervals(Double.parseDouble(options.getOrDefault("rules-every", "2")),
                        Double.parseDouble(options.getOrDefault("judge-every", "2"))));
        Api.requireLoopback(java.net.URI.create(cluster.jdbcUrl.replace("jdbc:postgresql:", "http:")));
        Database database = new Database(cluster.jdbcUrl);
        Set<String> chosen = Set.of(options.getOrDefault("scenarios", "1,2,3,4,5").split(","));
        int rollbacks = Integer.parseInt(options.getOrDefault("rollbacks", "50"));
        int outage = Integer.parseInt(options.getOrDefault("outage", "60"));
        int concurrent = Integer.parseInt(options.getOrDefault("concurrent", "200"));

        List<Result> results = new ArrayList<>();
        long suiteStarted = System.nanoTime();
        for (String scenario : List.of("1", "2", "3", "4", "5")) {
            if (!chosen.contains(scenario)) {
                continue;
            }
            System.out.println();
            System.out.println("== scenario " + scenario);
            long started = System.nanoTime();
            Result result;
            try {
                result = switch (scenario) {
                    case "1" -> Propagation.run(cluster, rollbacks, 5);
                    case "2" -> Passes.run(cluster);
                    case "3" -> RolloutCrash.run(cluster, database);
                    case "4" -> Outage.run(cluster, database, outage);
                    default -> Race.run(cluster, concurrent);
                };
            } catch (Exception e) {
                result = new Result("scenario " + scenario);
                result.check(false, "it stopped with " + e);
                e.printStackTrace(System.out);
            }
            result.millis = (System.nanoTime() - started) / 1_000_000;
            results.add(result);
            System.out.printf(Locale.ROOT, "== scenario %s: %s in %.1f s%n", scenario,
                    result.pass() ? "PASS" : "FAIL", result.millis / 1000.0);
            if (!result.pass() && !"2".equals(scenario) && !ensureBothUp(cluster)) {
                System.out.println("== an instance is down and could not be restarted: stopping here");
                break;
            }
        }

        System.out.println();
        System.out.println("== summary");
        System.out.println("| Scenario | Result | Time | Figures |");
        System.out.println("|---|---|---|---|");
        boolean all = !results.isEmpty();
        for (Result result : results) {
            all &= result.pass();
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f s | %s |%n", result.name,
                    result.pass() ? "PASS" : "FAIL (" + String.join("; ", result.failures) + ")",
                    result.millis / 1000.0, String.join("<br>", result.figures));
        }
        System.out.printf(Locale.ROOT, "== %s: %d of %d scenarios passed in %.0f s%n", all ? "PASS" : "FAIL",
                results.stream().filter(Result::pass).count(), results.size(),
                (System.nanoTime() - suiteStarted) / 1e9);
        System.exit(all ? 0 : 1);
    }

    /** After a failed scenario: both instances up again (restarting one that is down), so the next can run. */
    private static boolean ensureBothUp(Cluster cluster) {
        try {
            for (String name : List.of("A", "B")) {
                boolean up;
                try {
                    up = cluster.api(name).get("/q/health/ready").status() == 200;
                } catch (Exception down) {
                    up = false;
                }
                if (!up) {
                    cluster.ctl(300, "start", name);
                }
            }
            return true;
        } catch (Exception e) {
            System.out.println("   " + e);
            return false;
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("unexpected argument " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            usage("--" + name + " is required");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: REL_TOKEN=tr_… java -jar tightrope-reliability.jar --a URL --b URL --ctl ctl.sh "
                + "--work DIR --jdbc jdbc:postgresql://127.0.0.1:PORT/postgres [--scenarios 1,2,3,4,5] "
                + "[--rollbacks 50] [--outage 60] [--concurrent 200] [--rules-every 2] [--judge-every 2]");
        System.exit(2);
    }
}
