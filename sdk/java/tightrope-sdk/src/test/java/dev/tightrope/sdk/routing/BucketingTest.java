package dev.tightrope.sdk.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import dev.tightrope.sdk.json.Json;

class BucketingTest {

    /** sdk/test-vectors/bucketing.json, generated from the server's own Bucketing. */
    static Path vectors() {
        return Path.of(System.getProperty("tightrope.bucketingVectors", "../../test-vectors/bucketing.json"));
    }

    @Test
    void reproducesEveryBucketAndArmOfTheSharedVectors() throws IOException {
        Map<String, Object> file = Json.parseObject(Files.readString(vectors(), StandardCharsets.UTF_8));
        assertEquals(10_000L, file.get("buckets"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) file.get("cases");
        assertTrue(cases.size() >= 1016, "only " + cases.size() + " cases");
        List<String> wrong = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            String salt = (String) c.get("salt");
            String key = (String) c.get("routingKey");
            int weight = ((Long) c.get("weight")).intValue();
            long bucket = (Long) c.get("bucket");
            Arm arm = Arm.valueOf((String) c.get("arm"));
            Arm routed = Bucketing.arm(salt, weight, true, key, null);
            if (Bucketing.bucket(salt, key) != bucket || Bucketing.stickyArm(salt, key, weight) != arm
                    || routed != (weight == 0 ? Arm.STABLE : arm)) {
                wrong.add(salt + " " + key + " " + weight);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void hasTheWorkedExampleOfTheRuntimeApiDocsIncludingADigestWithItsTopBitSet() {
        assertEquals(6180, Bucketing.bucket("salt-1", "user-42"));
        assertEquals(Arm.STABLE, Bucketing.stickyArm("salt-1", "user-42", 5));
        assertEquals(Arm.STABLE, Bucketing.stickyArm("salt-1", "user-42", 61));
        assertEquals(Arm.CANARY, Bucketing.stickyArm("salt-1", "user-42", 62));
        assertEquals(8693, Bucketing.bucket("salt-2", "user-42"), "read unsigned, not -2923");
    }

    @Test
    void computesTheRuleAsTheSlowObviousBigIntegerWayDoes() throws NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 5_000; i++) {
            String salt = "s" + (i % 7) + "-" + ((i * 2654435761L) % 1000);
            String key = "key-" + i + "-" + "é".repeat(i % 5) + "🚀";
            byte[] digest = sha256.digest((salt + ":" + key).getBytes(StandardCharsets.UTF_8));
            byte[] first = java.util.Arrays.copyOf(digest, 8);
            int expected = new BigInteger(1, first).mod(BigInteger.valueOf(10_000)).intValue();
            assertEquals(expected, Bucketing.bucket(salt, key), salt + " " + key);
        }
    }

    @Test
    void bucketsAnUnpairedSurrogateAsUFffdWithTheSameNumbersAsThePythonAndTypeScriptSdks() {
        assertEquals(Bucketing.bucket("salt-1", "a\uFFFD"), Bucketing.bucket("salt-1", "a\uD800"));
        assertEquals(4944, Bucketing.bucket("salt-1", "a\uD800"), "not '?', which getBytes(UTF_8) would write");
        assertEquals(2754, Bucketing.bucket("salt-1", "a\uD800b\uD83D\uDE00\uDC00"), "a pair is its character");
        assertEquals(Bucketing.bucket("salt-1", "\uFFFD"), Bucketing.bucket("salt-1", "\uDC00"));
        assertTrue(Bucketing.bucket("salt-1", "🚀") != Bucketing.bucket("salt-1", "\uFFFD\uFFFD"), "a pair is one code point");
    }

    @Test
    void routesByWeightWithoutAKeyZeroNeverAndHundredAlways() {
        RandomGenerator high = fixed(9_999);
        RandomGenerator low = fixed(0);
        assertEquals(Arm.STABLE, Bucketing.arm("s", 0, true, "k", high));
        assertEquals(Arm.STABLE, Bucketing.arm("s", 50, false, "k", low));
        assertEquals(Arm.CANARY, Bucketing.arm("s", 100, true, null, high));
        assertEquals(Arm.STABLE, Bucketing.arm("s", 0, true, null, low));
        assertEquals(Arm.CANARY, Bucketing.arm("s", 1, true, "", fixed(99)), "draw 99 < 100");
        assertEquals(Arm.STABLE, Bucketing.arm("s", 1, true, null, fixed(100)), "draw 100");
        SplittableRandom random = new SplittableRandom(1);
        int canary = 0;
        for (int i = 0; i < 10_000; i++) {
            canary += Bucketing.arm("s", 25, true, null, random) == Arm.CANARY ? 1 : 0;
        }
        assertTrue(canary > 2_300 && canary < 2_700, canary + " of 10 000 at 25 %");
    }

    @Test
    void refusesWhatTheRuleDoesNotDefineWithClearErrors() {
        assertEquals("a rollout salt is required (a non-empty string)",
                assertThrows(IllegalArgumentException.class, () -> Bucketing.bucket("", "k")).getMessage());
        assertEquals("a routing key is required for sticky bucketing (a non-empty string)",
                assertThrows(IllegalArgumentException.class, () -> Bucketing.bucket("s", null)).getMessage());
        assertEquals("weight must be a whole number from 0 to 100, was 101",
                assertThrows(IllegalArgumentException.class, () -> Bucketing.threshold(101)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bucketing.threshold(-1));
        assertEquals(500, Bucketing.threshold(5));
        assertEquals(10_000, Bucketing.threshold(100));
    }

    @Test
    void givesEachThreadItsOwnDigest() throws InterruptedException {
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    if (Bucketing.bucket("salt-1", "user-42") != 6180) {
                        failures.add(new AssertionError("a shared digest mixed two inputs"));
                        return;
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
    }

    private static RandomGenerator fixed(int draw) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new AssertionError("only nextInt(bound) is used");
            }

            @Override
            public int nextInt(int bound) {
                assertEquals(Bucketing.BUCKETS, bound);
                return draw;
            }
        };
    }
}
