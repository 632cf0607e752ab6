package dev.tightrope.platform.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

import io.vertx.core.VertxException;

class ErrorTranslatorTest {

    /**
     * With statements pipelined, one may still be queued when its connection closes; the client fails it with this
     * message (Vert.x SQL client 4.5). Nothing was sent, nothing applied: the database is unavailable, not a bug.
     */
    @Test
    void aStatementQueuedOnAConnectionThatClosedIsUnavailable() {
        VertxException failure = new VertxException(
                "Pending requests failed to be sent due to connection has been closed.", new RuntimeException());
        assertThat(ErrorTranslator.codeOf(failure)).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void aStatementOnAConnectionNoLongerActiveIsUnavailable() {
        assertThat(ErrorTranslator.codeOf(new VertxException("Connection is not active now, current status: CLOSED")))
                .isEqualTo(ErrorCode.UNAVAILABLE);
    }

    /** PostgreSQL stopped while a statement was in flight: the socket is reset under it. */
    @Test
    void aConnectionResetUnderAStatementIsUnavailable() {
        assertThat(ErrorTranslator.codeOf(new java.net.SocketException("Connection reset")))
                .isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(ErrorTranslator.codeOf(new VertxException(new java.io.IOException("recvAddress(..) failed: "
                + "Connection reset by peer")))).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void aBugIsInternalWithACorrelationIdInTheMessageAndTheDetailsButNoJavaText() {
        TightropeException first = ErrorTranslator.translate(new NullPointerException("x is null"));
        TightropeException second = ErrorTranslator.translate(new IllegalStateException("boom"));
        assertThat(first.code()).isEqualTo(ErrorCode.INTERNAL);
        String id = (String) first.details().get("errorId");
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(first.getMessage()).isEqualTo("Internal error " + id + "; the server log has the details.");
        assertThat(second.details().get("errorId")).isNotEqualTo(id);
    }

    @Test
    void textPostgresCannotStoreIsValidation() {
        PgException untranslatable = new PgException("invalid byte sequence", "ERROR", "22021", "detail");
        assertThat(ErrorTranslator.codeOf(untranslatable)).isEqualTo(ErrorCode.VALIDATION);
    }
}
