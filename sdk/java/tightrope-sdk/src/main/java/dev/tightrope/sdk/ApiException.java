package dev.tightrope.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * The server refused a request: {@link #status()} is the HTTP status, {@link #code()} the error code of the
 * project's error shape ({@code errors[0].extensions.code}, e.g. {@code FORBIDDEN}, or {@code HTTP_<status>} when
 * the body had none), and {@link #retryAfter()} the {@code Retry-After} the server asked for.
 */
public final class ApiException extends TightropeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String detail;
    private final transient Duration retryAfter;

    public ApiException(int status, String code, String detail, Duration retryAfter) {
        super(code + " (HTTP " + status + "): " + detail);
        this.status = status;
        this.code = code;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The server's message. */
    public String detail() {
        return detail;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether the same request may succeed later: 429 (overloaded), or a server error (5xx). */
    public boolean retryable() {
        return status == 429 || status >= 500;
    }
}
