package dev.tightrope.release.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.release.domain.TrafficCommand.AdvanceRollout;
import dev.tightrope.release.domain.TrafficCommand.Deploy;
import dev.tightrope.release.domain.TrafficCommand.PauseRollout;
import dev.tightrope.release.domain.TrafficCommand.Promote;
import dev.tightrope.release.domain.TrafficCommand.ResumeRollout;
import dev.tightrope.release.domain.TrafficCommand.Rollback;
import dev.tightrope.release.domain.TrafficCommand.StartRollout;

/**
 * The deployment state machine as two tables: every allowed (state, command) with the change it makes, and every
 * refused one with the field and reason. The four states are: never deployed; stable 3 only; stable 3 with canary 4
 * at 30 % RUNNING; the same rollout PAUSED. All but the first are at generation 7.
 */
class TrafficTransitionsTest {

    private static final long GEN = 7;
    private static final DeploymentState NEW = DeploymentState.NEW;
    private static final DeploymentState STABLE = new DeploymentState(3, GEN, null);
    private static final Rollout CANARY = new Rollout(42L, 4, 3, 30, "salt-a", RolloutStatus.RUNNING);
    private static final DeploymentState RUNNING = new DeploymentState(3, GEN, CANARY);
    private static final DeploymentState PAUSED =
            new DeploymentState(3, GEN, CANARY.withStatus(RolloutStatus.PAUSED));

    /** What an allowed command must produce; {@code after} includes the generation (before + 1). */
    record Expected(TrafficChangeType type, DeploymentState after, Integer fromVersion, Integer toVersion,
            Integer weightBefore, Integer weightAfter) {
    }

    static Stream<Arguments> allowed() {
        Rollout at = CANARY; // shorthand for rows below
        return Stream.of(
                row("new: deploy 1", NEW, new Deploy(1), TrafficChangeType.DEPLOYED, st(1, 1), null, 1, null, null),
                row("stable: deploy newer", STABLE, new Deploy(4), TrafficChangeType.DEPLOYED, st(4), 3, 4, null, null),
                row("stable: deploy older", STABLE, new Deploy(2), TrafficChangeType.DEPLOYED, st(2), 3, 2, null, null),
                row("stable: start at 30", STABLE, new StartRollout(4, 30, "salt-b"), TrafficChangeType.ROLLOUT_STARTED,
                        rs(3, new Rollout(null, 4, 3, 30, "salt-b", RolloutStatus.RUNNING)), 3, 4, 0, 30),
                row("stable: start at 0", STABLE, new StartRollout(4, 0, "s"), TrafficChangeType.ROLLOUT_STARTED,
                        rs(3, new Rollout(null, 4, 3, 0, "s", RolloutStatus.RUNNING)), 3, 4, 0, 0),
                row("stable: start at 100", STABLE, new StartRollout(2, 100, "s"), TrafficChangeType.ROLLOUT_STARTED,
                        rs(3, new Rollout(null, 2, 3, 100, "s", RolloutStatus.RUNNING)), 3, 2, 0, 100),
                row("stable: rollback toVersion", STABLE, new Rollback(2, null), TrafficChangeType.ROLLED_BACK,
                        st(2), 3, 2, null, null),
                row("stable: rollback toVersion beats previousStable", STABLE, new Rollback(2, 1),
                        TrafficChangeType.ROLLED_BACK, st(2), 3, 2, null, null),
                row("stable: rollback to previousStable", STABLE, new Rollback(null, 1), TrafficChangeType.ROLLED_BACK,
                        st(1), 3, 1, null, null),
                row("running: advance up", RUNNING, new AdvanceRollout(50), TrafficChangeType.ROLLOUT_ADVANCED,
                        rs(3, at.withWeight(50)), 3, 4, 30, 50),
                row("running: advance down", RUNNING, new AdvanceRollout(10), TrafficChangeType.ROLLOUT_ADVANCED,
                        rs(3, at.withWeight(10)), 3, 4, 30, 10),
                row("running: advance to 0", RUNNING, new AdvanceRollout(0), TrafficChangeType.ROLLOUT_ADVANCED,
                        rs(3, at.withWeight(0)), 3, 4, 30, 0),
                row("running: advance to 100", RUNNING, new AdvanceRollout(100), TrafficChangeType.ROLLOUT_ADVANCED,
                        rs(3, at.withWeight(100)), 3, 4, 30, 100),
                row("running: promote", RUNNING, new Promote(), TrafficChangeType.PROMOTED, st(4), 3, 4, 30, 100),
                row("running: pause", RUNNING, new PauseRollout(), TrafficChangeType.ROLLOUT_PAUSED,
                        rs(3, at.withStatus(RolloutStatus.PAUSED)), 3, 4, 30, 30),
                row("running: rollback", RUNNING, new Rollback(null, null), TrafficChangeType.ROLLED_BACK, st(3),
                        4, 3, 30, 0),
                row("running: rollback toVersion = stable", RUNNING, new Rollback(3, null),
                        TrafficChangeType.ROLLED_BACK, st(3), 4, 3, 30, 0),
                row("running: rollback ignores previousStable", RUNNING, new Rollback(null, 1),
                        TrafficChangeType.ROLLED_BACK, st(3), 4, 3, 30, 0),
                row("paused: promote", PAUSED, new Promote(), TrafficChangeType.PROMOTED, st(4), 3, 4, 30, 100),
                row("paused: resume", PAUSED, new ResumeRollout(), TrafficChangeType.ROLLOUT_RESUMED, rs(3, at),
                        3, 4, 30, 30),
                row("paused: rollback", PAUSED, new Rollback(null, null), TrafficChangeType.ROLLED_BACK, st(3),
                        4, 3, 30, 0),
                row("paused: rollback toVersion = stable", PAUSED, new Rollback(3, 2), TrafficChangeType.ROLLED_BACK,
                        st(3), 4, 3, 30, 0));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("new: start", NEW, new StartRollout(1, 30, "s"), "version", "nothing is deployed yet"),
                arguments("new: advance", NEW, new AdvanceRollout(50), "", "nothing to advance"),
                arguments("new: promote", NEW, new Promote(), "", "nothing to promote"),
                arguments("new: pause", NEW, new PauseRollout(), "", "nothing to pause"),
                arguments("new: resume", NEW, new ResumeRollout(), "", "nothing to resume"),
                arguments("new: rollback", NEW, new Rollback(null, null), "", "nothing to roll back"),
                arguments("new: rollback toVersion", NEW, new Rollback(1, null), "", "nothing to roll back"),
                arguments("stable: deploy stable", STABLE, new Deploy(3), "version", "already the stable version"),
                arguments("stable: start stable", STABLE, new StartRollout(3, 30, "s"), "version",
                        "already the stable version"),
                arguments("stable: start at -1", STABLE, new StartRollout(4, -1, "s"), "weight", "between 0 and 100"),
                arguments("stable: start at 101", STABLE, new StartRollout(4, 101, "s"), "weight", "got 101"),
                arguments("stable: advance", STABLE, new AdvanceRollout(50), "", "nothing to advance"),
                arguments("stable: promote", STABLE, new Promote(), "", "nothing to promote"),
                arguments("stable: pause", STABLE, new PauseRollout(), "", "nothing to pause"),
                arguments("stable: resume", STABLE, new ResumeRollout(), "", "nothing to resume"),
                arguments("stable: rollback, no history", STABLE, new Rollback(null, null), "toVersion",
                        "no earlier version"),
                arguments("stable: rollback to stable", STABLE, new Rollback(3, null), "toVersion",
                        "already the stable version"),
                arguments("stable: previousStable = stable", STABLE, new Rollback(null, 3), "toVersion",
                        "already the stable version"),
                arguments("running: deploy", RUNNING, new Deploy(5), "version", "in progress"),
                arguments("running: deploy stable", RUNNING, new Deploy(3), "version", "in progress"),
                arguments("running: start", RUNNING, new StartRollout(5, 10, "s"), "version", "already in progress"),
                arguments("running: advance same", RUNNING, new AdvanceRollout(30), "weight", "already receives 30 %"),
                arguments("running: advance -1", RUNNING, new AdvanceRollout(-1), "weight", "got -1"),
                arguments("running: advance 101", RUNNING, new AdvanceRollout(101), "weight", "between 0 and 100"),
                arguments("running: resume", RUNNING, new ResumeRollout(), "", "not paused"),
                arguments("running: rollback elsewhere", RUNNING, new Rollback(2, null), "toVersion",
                        "name no version, or 3"),
                arguments("running: rollback to canary", RUNNING, new Rollback(4, 2), "toVersion",
                        "name no version, or 3"),
                arguments("paused: deploy", PAUSED, new Deploy(5), "version", "in progress"),
                arguments("paused: start", PAUSED, new StartRollout(5, 10, "s"), "version", "already in progress"),
                arguments("paused: advance", PAUSED, new AdvanceRollout(50), "weight", "paused; resume it"),
                arguments("paused: advance same", PAUSED, new AdvanceRollout(30), "weight", "paused; resume it"),
                arguments("paused: advance 101", PAUSED, new AdvanceRollout(101), "weight", "between 0 and 100"),
                arguments("paused: pause", PAUSED, new PauseRollout(), "", "already paused"),
                arguments("paused: rollback elsewhere", PAUSED, new Rollback(2, null), "toVersion",
                        "name no version, or 3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void allowedCommandMakesTheChange(String name, DeploymentState state, TrafficCommand command, Expected expected) {
        DeploymentState snapshot = copy(state);

        TrafficChange change = TrafficTransitions.apply(state, command, null);

        assertChange(change, state, expected);
        assertThat(state).isEqualTo(snapshot);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void matchingExpectedGenerationIsAllowed(String name, DeploymentState state, TrafficCommand command,
            Expected expected) {
        assertChange(TrafficTransitions.apply(state, command, state.generation()), state, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void staleExpectedGenerationIsAConflict(String name, DeploymentState state, TrafficCommand command) {
        DeploymentState snapshot = copy(state);
        for (long stale : new long[] {state.generation() - 1, state.generation() + 1}) {
            TightropeException e = refusal(state, command, stale);

            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(e.details()).containsExactly(Map.entry("currentGeneration", state.generation()));
            assertThat(e.getMessage()).contains("generation " + state.generation() + ", not " + stale)
                    .contains("nothing was changed");
        }
        assertThat(state).isEqualTo(snapshot);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedCommandIsAValidationError(String name, DeploymentState state, TrafficCommand command, String path,
            String fragment) {
        DeploymentState snapshot = copy(state);

        TightropeException e = refusal(state, command, null);

        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        assertThat(e.getMessage()).contains(fragment);
        assertThat(violations(e)).singleElement().satisfies(v -> {
            assertThat(v).containsEntry("path", path);
            assertThat((String) v.get("message")).contains(fragment);
        });
        assertThat(state).isEqualTo(snapshot);
    }

    /** A stale generation is reported as such even when the command would also be invalid: it is checked first. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void staleGenerationIsCheckedBeforeTheCommand(String name, DeploymentState state, TrafficCommand command) {
        TightropeException e = refusal(state, command, state.generation() + 3);

        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(e.details()).containsEntry("currentGeneration", state.generation());
    }

    @Test
    void aWholeLifecycleCountsGenerationsOneByOne() {
        List<TrafficCommand> commands = List.of(new Deploy(1), new StartRollout(2, 5, "s1"), new AdvanceRollout(25),
                new PauseRollout(), new ResumeRollout(), new AdvanceRollout(50), new Promote(), new Rollback(null, 1),
                new Deploy(3), new StartRollout(4, 10, "s2"), new Rollback(null, null), new Deploy(5));
        List<Integer> stableAfter = List.of(1, 1, 1, 1, 1, 1, 2, 1, 3, 3, 3, 5);
        DeploymentState state = DeploymentState.NEW;
        for (int i = 0; i < commands.size(); i++) {
            TrafficChange change = TrafficTransitions.apply(state, commands.get(i), (long) i);
            assertThat(change.before()).isSameAs(state);
            state = change.after();
            assertThat(state.generation()).as("generation after %s", commands.get(i)).isEqualTo(i + 1);
            assertThat(state.stableVersion()).as("stable after %s", commands.get(i)).isEqualTo(stableAfter.get(i));
        }
        assertThat(state.rollout()).isNull();
    }

    static Stream<Arguments> operations() {
        return Stream.of(arguments(new Deploy(1), "deploy"), arguments(new StartRollout(1, 5, "s"), "startRollout"),
                arguments(new AdvanceRollout(5), "advanceRollout"), arguments(new Promote(), "promote"),
                arguments(new PauseRollout(), "pauseRollout"), arguments(new ResumeRollout(), "resumeRollout"),
                arguments(new Rollback(null, null), "rollback"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("operations")
    void operationIsTheCommandNameInCamelCase(TrafficCommand command, String operation) {
        assertThat(command.operation()).isEqualTo(operation);
    }

    private static void assertChange(TrafficChange change, DeploymentState before, Expected expected) {
        assertThat(change.type()).isEqualTo(expected.type());
        assertThat(change.before()).isSameAs(before);
        assertThat(change.after().generation()).isEqualTo(before.generation() + 1);
        assertThat(change.after()).isEqualTo(expected.after());
        assertThat(change.fromVersion()).as("fromVersion").isEqualTo(expected.fromVersion());
        assertThat(change.toVersion()).as("toVersion").isEqualTo(expected.toVersion());
        assertThat(change.weightBefore()).as("weightBefore").isEqualTo(expected.weightBefore());
        assertThat(change.weightAfter()).as("weightAfter").isEqualTo(expected.weightAfter());
    }

    private static TightropeException refusal(DeploymentState state, TrafficCommand command, Long expected) {
        TightropeException e = catchThrowableOfType(TightropeException.class,
                () -> TrafficTransitions.apply(state, command, expected));
        assertThat(e).as("%s in %s must be refused", command, state).isNotNull();
        return e;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> violations(TightropeException e) {
        return (List<Map<String, Object>>) e.details().get("violations");
    }

    private static DeploymentState copy(DeploymentState s) {
        Rollout r = s.rollout();
        return new DeploymentState(s.stableVersion(), s.generation(),
                r == null ? null : new Rollout(r.id(), r.canaryVersion(), r.baselineVersion(), r.weight(), r.salt(),
                        r.status()));
    }

    private static Arguments row(String name, DeploymentState state, TrafficCommand command, TrafficChangeType type,
            DeploymentState after, Integer from, Integer to, Integer weightBefore, Integer weightAfter) {
        return arguments(name, state, command, new Expected(type, after, from, to, weightBefore, weightAfter));
    }

    /** Stable {@code version}, no rollout, at generation {@code GEN + 1}. */
    private static DeploymentState st(int version) {
        return st(version, GEN + 1);
    }

    private static DeploymentState st(int version, long generation) {
        return new DeploymentState(version, generation, null);
    }

    /** Stable {@code version} with {@code rollout}, at generation {@code GEN + 1}. */
    private static DeploymentState rs(int version, Rollout rollout) {
        return new DeploymentState(version, GEN + 1, rollout);
    }
}
