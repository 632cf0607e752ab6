package dev.tightrope.release.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tightrope.release.domain.RollbackTarget.StableChange;

/**
 * Histories (oldest first, written as {@code D 1>2} for "DEPLOYED 1→2", {@code P} PROMOTED, {@code R} ROLLED_BACK,
 * {@code _} for "from nothing") and the version a rollback without a canary must return to.
 */
class RollbackTargetTest {

    static Stream<Arguments> histories() {
        return Stream.of(
                // The three examples of the class Javadoc.
                arguments("D _>1, D 1>2, D 2>3, R 3>2", 2, 1),
                arguments("D _>1, D 1>2, R 2>1", 1, null),
                arguments("D _>1, P 1>4", 4, 1),
                // No history at all, or only the first deploy.
                arguments("", 1, null),
                arguments("D _>1", 1, null),
                // The plain case: the version before the current one.
                arguments("D _>1, D 1>2", 2, 1),
                arguments("D _>1, D 1>2, D 2>3", 3, 2),
                // A second rollback keeps walking back instead of returning to the bad version.
                arguments("D _>1, D 1>2, D 2>3, R 3>2, R 2>1", 1, null),
                arguments("D _>1, D 1>2, D 2>3, D 3>4, R 4>3", 3, 2),
                arguments("D _>1, D 1>2, D 2>3, D 3>4, R 4>3, R 3>2", 2, 1),
                // Deploying the same version again: what counts is where it came from the last time.
                arguments("D _>1, D 1>2, D 2>1, D 1>2", 2, 1),
                arguments("D _>1, D 1>2, D 2>3, D 3>2", 2, 3),
                arguments("D _>1, D 1>2, D 2>1", 1, 2),
                // Promotions are forward moves just like deploys, and mix with them.
                arguments("D _>1, P 1>2, P 2>3", 3, 2),
                arguments("D _>1, D 1>2, P 2>5, R 5>2", 2, 1),
                arguments("D _>1, P 1>2, D 2>3, R 3>2", 2, 1),
                // A rollback to a version never seen going live forward has nowhere further to go.
                arguments("D _>1, D 1>2, D 2>3, R 3>7", 7, null),
                // Rollbacks are never forward moves, even when they are the latest move onto the current version.
                arguments("D _>1, D 1>3, R 3>2, D 2>3, R 3>2", 2, null),
                arguments("D _>5, D 5>6, R 6>5, D 5>7, R 7>5", 5, null),
                // Canary rollbacks (canary → unchanged stable) do not count either.
                arguments("D _>1, D 1>2, R 3>2, R 4>2", 2, 1),
                // Only the latest forward move onto the current version matters, not older ones.
                arguments("D _>1, D 1>4, D 4>2, D 2>4", 4, 2),
                // The current version never went live forward in this history (e.g. trimmed history): no target.
                arguments("D _>1, D 1>2", 9, null));
    }

    @ParameterizedTest(name = "[{0}] current {1} → {2}")
    @MethodSource("histories")
    void previousStableIsWhereTheCurrentVersionLastCameFromGoingForward(String history, int current,
            Integer expected) {
        assertThat(RollbackTarget.previousStable(parse(history), current)).isEqualTo(expected);
    }

    @Test
    void historyIsNotModified() {
        List<StableChange> history = parse("D _>1, D 1>2, D 2>3, R 3>2");
        List<StableChange> snapshot = List.copyOf(history);

        RollbackTarget.previousStable(history, 2);

        assertThat(history).isEqualTo(snapshot);
    }

    /** Parses the compact notation of the table, e.g. {@code "D _>1, P 1>4, R 4>1"}. */
    private static List<StableChange> parse(String history) {
        List<StableChange> changes = new ArrayList<>();
        if (history.isBlank()) {
            return changes;
        }
        for (String move : history.split(",\\s*")) {
            String[] typeAndVersions = move.trim().split(" ");
            String[] fromTo = typeAndVersions[1].split(">");
            TrafficChangeType type = switch (typeAndVersions[0]) {
                case "D" -> TrafficChangeType.DEPLOYED;
                case "P" -> TrafficChangeType.PROMOTED;
                case "R" -> TrafficChangeType.ROLLED_BACK;
                default -> throw new IllegalArgumentException("unknown move " + move);
            };
            Integer from = fromTo[0].equals("_") ? null : Integer.valueOf(fromTo[0]);
            changes.add(new StableChange(type, from, Integer.parseInt(fromTo[1])));
        }
        return changes;
    }
}
