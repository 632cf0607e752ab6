package dev.tightrope.slack.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    @ParameterizedTest(name = "after failed attempt {0}: wait {1} s")
    @CsvSource({"1, 1", "2, 2", "3, 4", "4, 8"})
    void backoffDoubles(int attempt, long seconds) {
        assertThat(policy.after(attempt, 500, null)).isEqualTo(new RetryPolicy.Decision.RetryAfter(
                Duration.ofSeconds(seconds)));
    }

    @Test
    void backoffIsCapped() {
        RetryPolicy many = new RetryPolicy(20, Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(many.backoff(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(many.backoff(19)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        assertThat(policy.after(5, 503, null)).isInstanceOf(RetryPolicy.Decision.GiveUp.class);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({"400", "403", "404", "410"})
    void clientErrorsAreFinal(int status) {
        assertThat(policy.after(1, status, null)).isInstanceOf(RetryPolicy.Decision.GiveUp.class);
    }

    @Test
    void successConnectionErrorsAndRateLimits() {
        assertThat(policy.after(1, 200, null)).isEqualTo(new RetryPolicy.Decision.Done());
        assertThat(policy.after(2, null, null)).isEqualTo(new RetryPolicy.Decision.RetryAfter(Duration.ofSeconds(2)));
        assertThat(policy.after(1, 429, Duration.ofSeconds(7)))
                .isEqualTo(new RetryPolicy.Decision.RetryAfter(Duration.ofSeconds(7)));
        assertThat(policy.after(1, 429, Duration.ofSeconds(120)))
                .as("Retry-After is capped").isEqualTo(new RetryPolicy.Decision.RetryAfter(Duration.ofSeconds(30)));
    }
}
