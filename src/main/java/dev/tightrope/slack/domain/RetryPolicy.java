package dev.tightrope.slack.domain;

import java.time.Duration;

/**
 * When to try a Slack post again. A post is retried when Slack (or the network) failed, not when the request was
 * wrong: connection errors, timeouts, HTTP 429 and 5xx are retried; other 4xx (an invalid payload, a revoked or
 * archived webhook: 400, 403, 404, 410) are final. 2xx is success.
 *
 * <p>Backoff doubles from {@code initialBackoff} up to {@code maxBackoff}; a 429's {@code Retry-After} is honoured
 * when longer (but capped at {@code maxBackoff}). With the defaults (1 s, 30 s, 5 attempts) the waits after failed
 * attempts 1, 2, 3, 4 are 1 s, 2 s, 4 s, 8 s, and attempt 5 is the last: about 15 s of trying in all.
 *
 * @param maxAttempts    attempts in all, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** What to do after an attempt. */
    public sealed interface Decision {
        record Done() implements Decision {
        }

        record RetryAfter(Duration delay) implements Decision {
        }

        /** @param reason why it is final, for logs */
        record GiveUp(String reason) implements Decision {
        }
    }

    /**
     * @param attempt    the attempt that just ended, from 1
     * @param status     its HTTP status, or {@code null} when there was no answer (connection error, timeout)
     * @param retryAfter the answer's {@code Retry-After}, or {@code null}
     */
    public Decision after(int attempt, Integer status, Duration retryAfter) {
        if (status != null && status >= 200 && status < 300) {
            return new Decision.Done();
        }
        boolean retryable = status == null || status == 429 || status >= 500;
        if (!retryable) {
            return new Decision.GiveUp("HTTP " + status + " is not worth retrying");
        }
        if (attempt >= maxAttempts) {
            return new Decision.GiveUp("no success after " + attempt + " attempts");
        }
        Duration delay = backoff(attempt);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
        }
        return new Decision.RetryAfter(delay);
    }

    /** The wait after failed attempt {@code attempt}: initial × 2^(attempt−1), at most maxBackoff. */
    public Duration backoff(int attempt) {
        Duration delay = initialBackoff;
        for (int i = 1; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
