package dev.tightrope.release.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BucketingTest {

    private static final int KEY_COUNT = 100_000;

    /** Reproducible "user ids": UUID strings from a seeded generator, so shares are the same on every run. */
    private static final List<String> KEYS = keys(KEY_COUNT, 20_240_601L);

    // Expected values computed outside Java, e.g. for the first row:
    //   printf 'salt-1:user-42' | sha256sum        → 01c6e86e43ec5524…
    //   python3 -c 'print(0x01c6e86e43ec5524 % 10000)' → 6180
    @ParameterizedTest
    @CsvSource({
            "salt-1, user-42, 6180",
            // First byte 0x89: the top bit is set, so a signed remainder would be negative (-2923).
            "salt-2, user-42, 8693",
            "salt-1, user-7,  8047",
            "salt-1, user-2,  3316",
            // UTF-8 bytes of "é" (c3 a9), not UTF-16 or Latin-1.
            "salt-1, é,       7903"
    })
    void bucketMatchesKnownAnswers(String salt, String key, int expected) {
        assertThat(Bucketing.bucket(salt, key)).isEqualTo(expected);
    }

    @Test
    void bucketMatchesAnIndependentRecomputation() throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("salt-1:user-42".getBytes(StandardCharsets.UTF_8));
        long firstEight = ByteBuffer.wrap(hash, 0, Long.BYTES).getLong();
        int expected = (int) Long.remainderUnsigned(firstEight, 10_000);

        assertThat(Bucketing.bucket("salt-1", "user-42")).isEqualTo(expected).isEqualTo(6180);
    }

    @ParameterizedTest
    @CsvSource({"4, STABLE", "50, STABLE", "61, STABLE", "62, CANARY", "75, CANARY", "100, CANARY"})
    void workedExampleFromTheJavadoc(int weight, Arm expected) {
        assertThat(Bucketing.arm("salt-1", "user-42", weight)).isEqualTo(expected);
    }

    @Test
    void sameKeyAlwaysGetsTheSameArmForOneSalt() {
        for (String key : KEYS.subList(0, 2_000)) {
            Arm first = Bucketing.arm("salt-sticky", key, 50);
            for (int call = 0; call < 3; call++) {
                assertThat(Bucketing.arm("salt-sticky", key, 50)).as(key).isEqualTo(first);
            }
        }
    }

    @Test
    void fivePercentGoesToTheCanary() {
        assertThat(canaryShare("salt-five", 5)).isCloseTo(0.05, within(0.003));
    }

    // Tolerances are several standard deviations of a binomial share over 100 000 keys (σ ≈ 0.16 % at 50 %);
    // 0 % and 100 % are exact because the threshold is 0 or every bucket.
    @ParameterizedTest
    @CsvSource({
            "0,   0.000",
            "1,   0.001",
            "5,   0.003",
            "25,  0.005",
            "50,  0.005",
            "100, 0.000"
    })
    void canaryShareFollowsTheWeight(int weight, double tolerance) {
        assertThat(canaryShare("salt-table", weight)).isCloseTo(weight / 100.0, within(tolerance));
    }

    @Test
    void raisingTheWeightNeverMovesAKeyBackToStable() {
        int[] weights = {5, 25, 50, 100};
        for (String key : KEYS) {
            boolean inCanary = false;
            for (int weight : weights) {
                Arm arm = Bucketing.arm("salt-advance", key, weight);
                if (inCanary) {
                    assertThat(arm).as("%s at %d %%", key, weight).isEqualTo(Arm.CANARY);
                }
                inCanary = arm == Arm.CANARY;
            }
            assertThat(inCanary).as("everyone is in the canary at 100 %").isTrue();
        }
    }

    @Test
    void aNewSaltReshufflesHalfTheKeysAtFiftyPercent() {
        long changed = KEYS.stream()
                .filter(key -> Bucketing.arm("salt-A", key, 50) != Bucketing.arm("salt-B", key, 50))
                .count();
        assertThat(changed / (double) KEY_COUNT).isBetween(0.45, 0.55);
    }

    @Test
    void canarySetsOfTwoSaltsOverlapOnlyByChance() {
        List<String> canaryUnderA = KEYS.stream()
                .filter(key -> Bucketing.arm("salt-A", key, 5) == Arm.CANARY)
                .toList();
        long alsoUnderB = canaryUnderA.stream()
                .filter(key -> Bucketing.arm("salt-B", key, 5) == Arm.CANARY)
                .count();
        // Independent salts: being a guinea pig last time makes you no more likely (≈ 5 %) to be one again.
        assertThat(alsoUnderB / (double) canaryUnderA.size()).isBetween(0.03, 0.07);
    }

    @Test
    void randomArmFollowsTheWeight() {
        SplittableRandom random = new SplittableRandom(7L);
        int canary = 0;
        for (int draw = 0; draw < KEY_COUNT; draw++) {
            if (Bucketing.randomArm(5, random) == Arm.CANARY) {
                canary++;
            }
        }
        assertThat(canary / (double) KEY_COUNT).isCloseTo(0.05, within(0.003));
    }

    @ParameterizedTest
    @CsvSource({"0, STABLE", "100, CANARY"})
    void randomArmIsCertainAtTheEnds(int weight, Arm expected) {
        SplittableRandom random = new SplittableRandom(11L);
        for (int draw = 0; draw < 10_000; draw++) {
            assertThat(Bucketing.randomArm(weight, random)).isEqualTo(expected);
        }
    }

    @Test
    void bucketIsAlwaysInRange() {
        IntSummaryStatistics buckets = KEYS.stream().mapToInt(key -> Bucketing.bucket("salt-range", key))
                .summaryStatistics();
        assertThat(buckets.getMin()).isGreaterThanOrEqualTo(0);
        assertThat(buckets.getMax()).isLessThanOrEqualTo(Bucketing.BUCKETS - 1);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 100", "5, 500", "50, 5000", "100, 10000"})
    void thresholdIsAHundredBucketsPerPercent(int weight, int expected) {
        assertThat(Bucketing.thresholdFor(weight)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void weightsOutsideZeroToHundredAreRejected(int weight) {
        assertThatThrownBy(() -> Bucketing.thresholdFor(weight)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bucketing.arm("salt", "key", weight)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bucketing.randomArm(weight, new SplittableRandom(1L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingRoutingKeyOrSaltIsRejected(String missing) {
        assertThatThrownBy(() -> Bucketing.bucket("salt", missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("randomArm");
        assertThatThrownBy(() -> Bucketing.bucket(missing, "key")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentBucketingMatchesSingleThreaded() throws Exception {
        List<String> keys = KEYS.subList(0, 20_000);
        int[] expected = keys.stream().mapToInt(key -> Bucketing.bucket("salt-threads", key)).toArray();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * keys.size() / threads; // different starting points, so threads interleave differently
                Callable<int[]> task = () -> {
                    start.await();
                    int[] buckets = new int[keys.size()];
                    for (int i = 0; i < keys.size(); i++) {
                        int index = (i + offset) % keys.size();
                        buckets[index] = Bucketing.bucket("salt-threads", keys.get(index));
                    }
                    return buckets;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<int[]> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @CsvSource({"255, 00000000000000ff", "-1, ffffffffffffffff", "0, 0000000000000000",
            "81985529216486895, 0123456789abcdef"})
    void newSaltIsSixteenZeroPaddedLowercaseHexDigits(long randomLong, String expected) {
        RandomGenerator fixed = () -> randomLong;
        assertThat(Bucketing.newSalt(fixed)).isEqualTo(expected);
    }

    @Test
    void newSaltsDiffer() {
        SplittableRandom random = new SplittableRandom(3L);
        String first = Bucketing.newSalt(random);
        assertThat(first).matches("[0-9a-f]{16}").isNotEqualTo(Bucketing.newSalt(random));
    }

    private static double canaryShare(String salt, int weight) {
        long canary = KEYS.stream().filter(key -> Bucketing.arm(salt, key, weight) == Arm.CANARY).count();
        return canary / (double) KEY_COUNT;
    }

    private static List<String> keys(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        return List.copyOf(keys);
    }
}
