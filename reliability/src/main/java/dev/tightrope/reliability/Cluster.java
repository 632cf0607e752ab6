package dev.tightrope.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The two instances and the database under test, and the control script that kills, starts and stops them
 * ({@code reliability/ctl.sh WORK <action> [A|B]}). Every call of the script has a time limit.
 */
final class Cluster {

    final Map<String, Api> apis;
    private final Path ctl;
    private final Path work;
    final String jdbcUrl;
    final Intervals intervals;

    /** The scheduler intervals the instances were started with (tightrope.rules.every, tightrope.judge.every). */
    record Intervals(double rulesSeconds, double judgeSeconds) {
    }

    Cluster(Api a, Api b, Path ctl, Path work, String jdbcUrl, Intervals intervals) {
        this.apis = Map.of("A", a, "B", b);
        this.ctl = ctl;
        this.work = work;
        this.jdbcUrl = jdbcUrl;
        this.intervals = intervals;
    }

    Api a() {
        return apis.get("A");
    }

    Api b() {
        return apis.get("B");
    }

    Api api(String name) {
        return apis.get(name);
    }

    static String other(String name) {
        return "A".equals(name) ? "B" : "A";
    }

    /** Runs {@code ctl.sh WORK action args…} and waits for it, at most {@code maxSeconds}; fails on a non-zero exit. */
    void ctl(long maxSeconds, String action, String... args) throws IOException, InterruptedException {
        Process process = ctlAsync(action, args);
        if (!process.waitFor(maxSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("ctl.sh " + action + " " + String.join(" ", args) + " took more than "
                    + maxSeconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("ctl.sh " + action + " " + String.join(" ", args) + " exited with "
                    + process.exitValue());
        }
    }

    /** Starts {@code ctl.sh WORK action args…} without waiting; its output goes to ours. */
    Process ctlAsync(String action, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", ctl.toString(), work.toString(), action));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).inheritIO().start();
    }

    /** Waits for a process started by {@link #ctlAsync}; fails when it runs too long or exits non-zero. */
    static void join(Process process, String what, long maxSeconds) throws InterruptedException {
        if (!process.waitFor(maxSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(what + " took more than " + maxSeconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " exited with " + process.exitValue());
        }
    }
}
