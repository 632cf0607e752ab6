package dev.tightrope.sdk.http;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The wait a {@code Retry-After} header asks for: seconds (Tightrope sends whole seconds; {@code 2.5} is read
 * too) or an HTTP date, capped at {@link #MAXIMUM}. Nothing (empty) for a missing or unreadable header, or a
 * negative number: then the caller's backoff applies.
 */
public final class RetryAfter {

    /** The longest wait read from a header: a server asking for an hour is not taken literally. */
    public static final Duration MAXIMUM = Duration.ofMinutes(5);

    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String text = header.trim();
        Duration wait;
        if (SECONDS.matcher(text).matches()) {
            wait = Duration.ofNanos(new BigDecimal(text).movePointRight(9).longValueExact());
        } else {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = Duration.between(now, at);
                wait = wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.of(wait.compareTo(MAXIMUM) > 0 ? MAXIMUM : wait);
    }
}
