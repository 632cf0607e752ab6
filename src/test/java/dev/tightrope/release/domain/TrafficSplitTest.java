package dev.tightrope.release.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TrafficSplitTest {

    private static final int DRAWS = 100_000;

    /** Fails the test if the split draws a random number where it must not (sticky keys, no canary, weight 0). */
    private static final RandomGenerator NO_DRAWS = () -> {
        throw new AssertionError("no random draw expected");
    };

    private static final Rollout CANARY = new Rollout(42L, 4, 3, 30, "salt-a", RolloutStatus.RUNNING);

    static Stream<Arguments> statesWithoutActiveRollout() {
        return Stream.of(
                arguments("stable only", new DeploymentState(3, 7, null)),
                arguments("promoted rollout left in state",
                        new DeploymentState(3, 7, CANARY.withStatus(RolloutStatus.PROMOTED))),
                arguments("rolled-back rollout left in state",
                        new DeploymentState(3, 7, CANARY.withStatus(RolloutStatus.ROLLED_BACK))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statesWithoutActiveRollout")
    void withoutActiveRolloutEverythingGoesToStable(String name, DeploymentState state) {
        TrafficSplit split = TrafficSplit.of(state);

        assertThat(split).isEqualTo(new TrafficSplit(3, null, 0, null, null));
        for (String key : new String[] {null, "", "user-42", "user-7", "anything"}) {
            assertThat(split.arm(key, NO_DRAWS)).as("key %s", key).isEqualTo(Arm.STABLE);
        }
        assertThat(split.versionOf(Arm.STABLE)).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RUNNING", "PAUSED"})
    void activeRolloutGivesTheCanary(RolloutStatus status) {
        TrafficSplit split = TrafficSplit.of(new DeploymentState(3, 7, CANARY.withStatus(status)));

        assertThat(split).isEqualTo(new TrafficSplit(3, 4, 30, "salt-a", 42L));
        assertThat(split.versionOf(Arm.STABLE)).isEqualTo(3);
        assertThat(split.versionOf(Arm.CANARY)).isEqualTo(4);
    }

    @Test
    void nothingDeployedHasNoSplit() {
        assertThatThrownBy(() -> TrafficSplit.of(DeploymentState.NEW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing deployed");
    }

    @Test
    void weightZeroIsAlwaysStableWithOrWithoutKey() {
        TrafficSplit split = split(0);

        assertThat(split.arm(null, NO_DRAWS)).isEqualTo(Arm.STABLE);
        assertThat(split.arm("", NO_DRAWS)).isEqualTo(Arm.STABLE);
        assertThat(IntStream.range(0, 10_000).mapToObj(i -> split.arm("user-" + i, NO_DRAWS)))
                .containsOnly(Arm.STABLE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void withoutKeyTheArmIsRandomByWeight(String noKey) {
        TrafficSplit split = split(30);
        SplittableRandom random = new SplittableRandom(20_240_601L);

        long canary = IntStream.range(0, DRAWS).filter(i -> split.arm(noKey, random) == Arm.CANARY).count();

        // Binomial(100 000, 0.3) has a standard deviation of 0.145 %; 1 % is about 7 of them.
        assertThat((double) canary / DRAWS).isCloseTo(0.30, within(0.01));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void withoutKeyTheDrawIsTheBucketingOne(String noKey) {
        TrafficSplit split = split(30);
        SplittableRandom forSplit = new SplittableRandom(7);
        SplittableRandom forBucketing = new SplittableRandom(7);

        for (int i = 0; i < 1_000; i++) {
            assertThat(split.arm(noKey, forSplit)).isEqualTo(Bucketing.randomArm(30, forBucketing));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100})
    void withoutKeyTheExtremeWeightsAreCertain(int weight) {
        SplittableRandom random = new SplittableRandom(1);
        Arm only = weight == 0 ? Arm.STABLE : Arm.CANARY;

        assertThat(IntStream.range(0, 10_000).mapToObj(i -> split(weight).arm(null, random))).containsOnly(only);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 30, 62, 99, 100})
    void withKeyTheArmIsTheStickyBucketingArm(int weight) {
        TrafficSplit split = split(weight);
        int canary = 0;
        for (int i = 0; i < 20_000; i++) {
            String key = "user-" + i;
            Arm arm = split.arm(key, NO_DRAWS);
            assertThat(arm).as(key).isEqualTo(Bucketing.arm("salt-a", key, weight));
            assertThat(split.arm(key, NO_DRAWS)).as("%s again", key).isEqualTo(arm);
            canary += arm == Arm.CANARY ? 1 : 0;
        }
        assertThat(canary / 20_000.0).isCloseTo(weight / 100.0, within(0.02));
    }

    /** user-42 is in bucket 6180 under salt-1 (see Bucketing): CANARY from 62 % on, and the version follows. */
    @ParameterizedTest
    @CsvSource({"61, STABLE, 3", "62, CANARY, 4", "100, CANARY, 4"})
    void withKeyKnownAnswer(int weight, Arm expected, int version) {
        TrafficSplit split = new TrafficSplit(3, 4, weight, "salt-1", 42L);

        Arm arm = split.arm("user-42", NO_DRAWS);

        assertThat(arm).isEqualTo(expected);
        assertThat(split.versionOf(arm)).isEqualTo(version);
    }

    @Test
    void theSaltDecidesTheStickySide() {
        // Bucket 6180 under salt-1 but 8693 under salt-2: at 70 % the same key lands on different sides.
        assertThat(new TrafficSplit(3, 4, 70, "salt-1", 1L).arm("user-42", NO_DRAWS)).isEqualTo(Arm.CANARY);
        assertThat(new TrafficSplit(3, 4, 70, "salt-2", 2L).arm("user-42", NO_DRAWS)).isEqualTo(Arm.STABLE);
    }

    private static TrafficSplit split(int weight) {
        return TrafficSplit.of(new DeploymentState(3, 7, CANARY.withWeight(weight)));
    }
}
