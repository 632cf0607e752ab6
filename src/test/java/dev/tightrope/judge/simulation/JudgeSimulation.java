package dev.tightrope.judge.simulation;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Simulates canaries at one rollout weight and judges each at every look, with the judge and, on the same simulated
 * outcomes, with a naive per-look z-test and a Kayenta-style per-interval Mann-Whitney test; prints its parameters
 * and markdown tables. Seeded: the same options give the same tables, whatever the number of threads.
 *
 * <pre>
 * mvn -q -o test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.tightrope.judge.simulation.JudgeSimulation -Dexec.args="--runs 1000 --seed 42"
 * </pre>
 * {@code --help} lists every option with its default; docs/judge.md has the scenarios and their results.
 */
public final class JudgeSimulation {

    private JudgeSimulation() {
    }

    public static void main(String[] args) throws Exception {
        // UTF-8 whatever the locale (a bare shell's is ASCII, which would print every α, × and – as '?')
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(SimulationParameters.usage());
            return;
        }
        SimulationParameters parameters = SimulationParameters.parse(args);
        long start = System.nanoTime();
        SimulationResults results = run(parameters);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.print(new Report(results).markdown(seconds));
        out.flush();
    }

    static SimulationResults run(SimulationParameters parameters) throws Exception {
        CanarySimulator simulator = new CanarySimulator(parameters);
        ForkJoinPool pool = new ForkJoinPool(parameters.threads);
        try {
            List<CanarySimulator.RunResult> runs = pool.submit(() -> IntStream.range(0, parameters.runs).parallel()
                    .mapToObj(simulator::simulate).collect(Collectors.toList())).get();
            return new SimulationResults(simulator, runs);
        } finally {
            pool.shutdownNow();
        }
    }
}
