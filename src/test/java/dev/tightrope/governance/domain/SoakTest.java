package dev.tightrope.governance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoakTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    /**
     * A staging history as "hours:kind:from>to" steps (kind F forward, R rollback of the stable version, O other),
     * the hour of "now", and what the soak of version 14 says.
     */
    @ParameterizedTest(name = "{0} at +{1} h → satisfied {2}, {3}")
    @CsvSource(delimiter = '|', value = {
            "0:F:13>14                    | 3   | false | version 14 has been stable in staging for 3 h of the required 24 h",
            "0:F:13>14                    | 24  | true  | version 14 has been stable in staging for 24 h of the required 24 h",
            "0:F:13>14;30:F:14>15         | 40  | true  | version 14 was stable in staging for 30 h of the required 24 h",
            "0:F:13>14;10:F:14>15         | 40  | false | version 14 was stable in staging for 10 h of the required 24 h",
            "0:F:13>14;30:R:14>13         | 40  | false | version 14 was rolled back in staging after 30 h as the stable version; it needs 24 h there without a rollback",
            "0:F:13>14;2:O:15>14;20:O:15>14 | 25 | true | version 14 has been stable in staging for 25 h of the required 24 h",
            "0:F:13>14;5:F:14>15;6:R:15>14 | 26  | false | version 14 has been stable in staging for 20 h of the required 24 h",
            "0:F:13>14;5:F:14>15;6:R:15>14 | 30  | true  | version 14 has been stable in staging for 24 h of the required 24 h",
            "0:F:12>13                    | 50  | false | version 14 has never been the stable version in staging; it needs 24 h there first",
            "-                            | 50  | false | version 14 has never been the stable version in staging; it needs 24 h there first",
            "0:O:13>14                    | 50  | false | version 14 has never been the stable version in staging; it needs 24 h there first"})
    void theLatestStablePeriodCountsUnlessItEndedInARollback(String steps, int nowHours, boolean satisfied,
            String explanation) {
        Soak.Result result = Soak.evaluate(history(steps), 14, "staging", DAY, T0.plus(Duration.ofHours(nowHours)));
        assertThat(result.satisfied()).isEqualTo(satisfied);
        assertThat(result.explanation()).isEqualTo(explanation);
    }

    @Test
    void durationsReadLikePeople() {
        assertThat(Soak.human(Duration.ofMinutes(45))).isEqualTo("45 min");
        assertThat(Soak.human(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(Soak.human(Duration.ofHours(24))).isEqualTo("24 h");
        assertThat(Soak.human(Duration.ofHours(52))).isEqualTo("2 d 4 h");
        assertThat(Soak.human(Duration.ofDays(3))).isEqualTo("3 d");
    }

    @Test
    void anAgentsOwnProtectionReplacesTheEnvironmentsRule() {
        Protection everyAgent = new Protection(1, null, "production", true, null, null, T0, "token:admin");
        Protection ownRule = new Protection(2, "support-bot", "production", false, "staging", DAY, T0, "token:admin");
        Protection elsewhere = new Protection(3, "support-bot", "eu-production", true, null, null, T0, "token:a");
        List<Protection> all = List.of(everyAgent, ownRule, elsewhere);
        assertThat(Protection.effective(all, "support-bot", "production")).contains(ownRule);
        assertThat(Protection.effective(all, "billing-bot", "production")).contains(everyAgent);
        assertThat(Protection.effective(all, "billing-bot", "staging")).isEqualTo(Optional.empty());
        assertThat(ownRule.requiresSoak()).isTrue();
        assertThat(everyAgent.requiresSoak()).isFalse();
    }

    private static List<Soak.Change> history(String steps) {
        List<Soak.Change> changes = new ArrayList<>();
        if (steps.equals("-")) {
            return changes;
        }
        for (String step : steps.split(";")) {
            String[] parts = step.strip().split(":");
            String[] versions = parts[2].split(">");
            Soak.Kind kind = switch (parts[1]) {
                case "F" -> Soak.Kind.FORWARD;
                case "R" -> Soak.Kind.ROLLBACK;
                default -> Soak.Kind.OTHER;
            };
            changes.add(new Soak.Change(kind, Integer.valueOf(versions[0]), Integer.valueOf(versions[1]),
                    T0.plus(Duration.ofHours(Integer.parseInt(parts[0])))));
        }
        return changes;
    }
}
