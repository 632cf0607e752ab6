package dev.tightrope.platform.error;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Turns any failure into a {@link TightropeException}: the one place that decides what a client sees.
 *
 * <ul>
 * <li>{@link TightropeException} passes through;</li>
 * <li>PostgreSQL errors become codes (from the client's PgException or Hibernate's JDBCException): unique violation,
 * serialization failure, deadlock and lock timeout → CONFLICT (retry); check violation, a value too long or out of
 * range, text PostgreSQL cannot store → VALIDATION; immutability trigger → CONFLICT;</li>
 * <li>an unreachable database (refused, reset or closed connection, pool timeout) → UNAVAILABLE, nothing applied;</li>
 * <li>Quarkus security failures → UNAUTHENTICATED (no or an invalid credential) or FORBIDDEN (a role check);</li>
 * <li>anything else is a bug → INTERNAL with a generic message and an error id; the stack trace goes to the log
 * only.</li>
 * </ul>
 */
public final class ErrorTranslator {

    private static final Logger LOG = Logger.getLogger(ErrorTranslator.class);

    private ErrorTranslator() {
    }

    public static TightropeException translate(Throwable failure) {
        return translate(failure, true);
    }

    /**
     * The code the failure reaches the client with, for records such as audit entries; unlike {@link #translate}
     * it logs nothing (the failure is logged once, when it is answered).
     */
    public static ErrorCode codeOf(Throwable failure) {
        return translate(failure, false).code();
    }

    /** The project's own exception among the failure and its causes, or null when there is none. */
    public static TightropeException known(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TightropeException known) {
                return known;
            }
        }
        return null;
    }

    private static TightropeException translate(Throwable failure, boolean log) {
        TightropeException known = known(failure);
        if (known != null) {
            return known;
        }
        Throwable cause = unwrap(failure);
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                TightropeException mapped = fromSqlState(pg.getSqlState(), pg.getConstraint(), pg.getErrorMessage());
                if (mapped != null) {
                    return mapped;
                }
                break;
            }
            if (t instanceof JDBCException jdbc) { // Hibernate's form of the same errors
                TightropeException mapped = fromSqlState(jdbc.getSQLState(),
                        jdbc instanceof ConstraintViolationException violation ? violation.getConstraintName() : null,
                        jdbc.getErrorMessage());
                if (mapped != null) {
                    return mapped;
                }
            }
            if (isConnectionFailure(t)) {
                if (log) {
                    LOG.warnf("Database unavailable: %s", t.toString());
                }
                return TightropeException.unavailable(
                        "The database is unavailable; nothing was changed. Retry in a few seconds.", null);
            }
        }
        // after the causes: a credential that could not be checked because the database is down is UNAVAILABLE
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof UnauthorizedException) {
                return new TightropeException(ErrorCode.UNAUTHENTICATED, "This API needs a valid API token.");
            }
            if (t instanceof ForbiddenException) {
                return new TightropeException(ErrorCode.FORBIDDEN, "The caller's role does not allow this.");
            }
        }
        String errorId = newErrorId();
        if (log) {
            LOG.errorf(cause, "Unexpected error %s", errorId);
        }
        return new TightropeException(ErrorCode.INTERNAL,
                "Internal error " + errorId + "; the server log has the details.", Map.of("errorId", errorId));
    }

    /**
     * A fresh id for one INTERNAL error: sent to the client ({@code extensions.errorId}) and written to the log with
     * the details, so a person can report it and an operator find it. 16 hex digits, random.
     */
    public static String newErrorId() {
        return String.format("%016x", java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    private static TightropeException fromSqlState(String state, String constraint, String message) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "23505" -> new TightropeException(ErrorCode.CONFLICT,
                    "The change conflicts with existing data (" + constraint + "); reload and retry.",
                    Map.of("constraint", String.valueOf(constraint)));
            case "40001", "40P01", "55P03" -> TightropeException.conflict(
                    "A concurrent change won the race; retry the request.");
            case "23514", "23502", "22001", "22003", "22P05", "22021", "22008" -> TightropeException.validation(
                    "The database rejected the value: " + message);
            case "23001" -> TightropeException.conflict(message);
            case "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004" ->
                TightropeException.unavailable("The database is unavailable; nothing was changed. Retry shortly.", null);
            default -> null;
        };
    }

    private static boolean isConnectionFailure(Throwable t) {
        // SocketException: refused (ConnectException) and also a connection reset while a statement was in flight,
        // e.g. PostgreSQL going down under a query (the multi-instance suite's outage saw one answered INTERNAL)
        if (t instanceof SocketException || t instanceof ClosedChannelException || t instanceof TimeoutException) {
            return true;
        }
        String name = t.getClass().getName();
        String message = String.valueOf(t.getMessage());
        return name.endsWith("ClosedConnectionException")
                || name.endsWith("ConnectTimeoutException")
                || message.contains("Connection refused")
                || message.contains("Connection reset") // Netty's native transports report it as an IOException
                || message.contains("Timeout while waiting for a connection")
                || message.contains("Connection is not active")
                || message.contains("Failed to obtain connection")
                || message.contains("Pending requests are closed")
                // a statement queued behind others on a connection that closed before it was sent (pipelining)
                || message.contains("Pending requests failed to be sent");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t.getClass().getName().endsWith("CompositeException")
                || t.getClass().getName().endsWith("DataFetcherException")) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
