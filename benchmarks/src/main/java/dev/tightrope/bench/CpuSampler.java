package dev.tightrope.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the server process (Linux {@code /proc/PID/stat}), of this client (JMX) and of the whole machine
 * ({@code /proc/stat}), so each measured window can say how many CPU microseconds the server spent per request and
 * how busy the machine was with other work. Missing files (not Linux, no pid) read as NaN.
 */
final class CpuSampler {

    private final long serverPid;
    private final double ticksPerSecond;

    CpuSampler(long serverPid, int ticksPerSecond) {
        this.serverPid = serverPid;
        this.ticksPerSecond = ticksPerSecond;
    }

    record Sample(double server, double client, double machineBusy) {
        Sample minus(Sample earlier) {
            return new Sample(server - earlier.server, client - earlier.client, machineBusy - earlier.machineBusy);
        }
    }

    Sample sample() {
        return new Sample(serverSeconds(), clientSeconds(), machineBusySeconds());
    }

    /**
     * CPU seconds the server's JIT compiler threads have used so far (threads named "C1/C2 CompilerThread…"), or NaN.
     * When it stops growing, the server's hot code is compiled: the warm-up can end.
     */
    double compilerSeconds() {
        if (serverPid <= 0) {
            return Double.NaN;
        }
        double total = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/" + serverPid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        total += ticks(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException | RuntimeException e) {
                    // thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return total;
    }

    private double ticks(String stat) {
        // fields after the command name in parentheses: state is field 3, utime 14, stime 15
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / ticksPerSecond;
    }

    private double serverSeconds() {
        if (serverPid <= 0) {
            return Double.NaN;
        }
        try {
            return ticks(Files.readString(Path.of("/proc/" + serverPid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double clientSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    private double machineBusySeconds() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            // user nice system idle iowait irq softirq steal
            for (int i = 1; i <= 8 && i < f.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
