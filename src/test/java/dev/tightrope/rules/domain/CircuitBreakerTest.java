package dev.tightrope.rules.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CircuitBreakerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Rule RULE = RuleParser.parse("IF tool_error_rate(search) > 50% THEN disable_tool");
    private static final Duration OPEN_FOR = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0} since T0, at +{1}s, calls since half-open {2} at {3} errors → {4}")
    @CsvSource(textBlock = """
        CLOSED,    100, 100, 0.90, STAY
        OPEN,      59,  0,   NaN,  STAY
        OPEN,      60,  0,   NaN,  HALF_OPEN
        HALF_OPEN, 10,  19,  0.90, STAY
        HALF_OPEN, 10,  20,  0.90, OPEN
        HALF_OPEN, 10,  20,  0.10, CLOSE
        HALF_OPEN, 10,  20,  0.50, CLOSE
        HALF_OPEN, 10,  0,   NaN,  STAY
        """)
    void theStateMachine(CircuitBreaker.State state, long seconds, long calls, double errorRate,
            CircuitBreaker.Move move) {
        assertThat(CircuitBreaker.next(state, T0, RULE, new Observation(errorRate, calls, Double.NaN),
                T0.plusSeconds(seconds), OPEN_FOR)).isEqualTo(move);
    }

    @org.junit.jupiter.api.Test
    void aBreakerWhoseRuleWasDeletedHalfOpensOnTimeAndCloses() {
        Observation none = new Observation(Double.NaN, 0, Double.NaN);
        assertThat(CircuitBreaker.next(CircuitBreaker.State.OPEN, T0, null, none, T0.plusSeconds(59), OPEN_FOR))
                .isEqualTo(CircuitBreaker.Move.STAY);
        assertThat(CircuitBreaker.next(CircuitBreaker.State.OPEN, T0, null, none, T0.plusSeconds(60), OPEN_FOR))
                .isEqualTo(CircuitBreaker.Move.HALF_OPEN);
        assertThat(CircuitBreaker.next(CircuitBreaker.State.HALF_OPEN, T0, null, none, T0, OPEN_FOR))
                .isEqualTo(CircuitBreaker.Move.CLOSE);
    }
}
