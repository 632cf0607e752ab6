package dev.tightrope.sdk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.tightrope.sdk.Tightrope;
import dev.tightrope.sdk.routing.Decision;

/**
 * Local {@code route()} of the Java SDK: one routing decision from the client's memory, no network.
 *
 * <p>A client is made without a server ({@code start(false)}) and reads a configuration with a 25 % canary from
 * its file cache, as the TypeScript benchmark (E) does. Each call routes another of a million distinct keys, so
 * nothing is cached by key: the cost is the string concatenation, its UTF-8 bytes, the SHA-256 digest, the bucket
 * and the decision object. SampleTime mode times single calls (JMH samples invocations with
 * {@code System.nanoTime()}, about 25 ns of resolution here, well below the call).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteBenchmark {

    private static final int KEYS = 1 << 20;

    private Path folder;
    private Tightrope client;
    private String[] keys;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("tightrope-bench-");
        Path cache = folder.resolve("config.json");
        Files.writeString(cache, "{\"agent\":\"support-bot\",\"environment\":\"production\",\"generation\":7,"
                + "\"weight\":25,\"salt\":\"9f86d081884c7d65\",\"rolloutId\":\"12\",\"toolGates\":{},"
                + "\"stable\":" + version(13) + ",\"canary\":" + version(14) + "}");
        client = Tightrope.create(Tightrope.builder().url("http://127.0.0.1:9").token("tr_bench")
                .agent("support-bot").cacheFile(cache).start(false).logger(null).build());
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "customer-" + i;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close(Duration.ofMillis(100));
        Files.deleteIfExists(folder.resolve("config.json"));
        Files.deleteIfExists(folder);
    }

    /** A sticky decision for a routing key. */
    @Benchmark
    public Decision route() {
        String key = keys[next];
        next = (next + 1) & (KEYS - 1);
        return client.route(key);
    }

    /** A keyless decision (random by weight): no digest, for comparison. */
    @Benchmark
    public Decision routeWithoutKey() {
        return client.route();
    }

    private static String version(int n) {
        return "{\"version\":" + n + ",\"snapshotHash\":\"h" + n + "\",\"prompt\":{\"system\":\"You are v" + n + ".\"},"
                + "\"model\":{\"provider\":\"openai\",\"modelId\":\"gpt-4o\"},\"tools\":{\"tools\":[{\"name\":"
                + "\"lookup_order\"}]},\"guardrails\":{},\"knowledgeBase\":{\"indexId\":\"kb\"}}";
    }
}
