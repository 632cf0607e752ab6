package dev.tightrope.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the warnings PostgreSQL sends the application's reactive client, which the client logs ("Backend notice:
 * severity='WARNING', code='25001', …"). Code 25001, "there is already a transaction in progress", answers a BEGIN
 * on a connection that is still inside a transaction: a connection went back to the pool without COMMIT or
 * ROLLBACK. The next user's BEGIN then joins that transaction, so the leak heals itself on reuse and leaves no trace
 * in the database; this notice is what is left of it.
 */
public final class BackendNotices implements AutoCloseable {

    private static final String CLIENT_LOGGER = "io.vertx.sqlclient.impl.SocketConnectionBase";
    private static final String TRANSACTION_IN_PROGRESS = "code='25001'";

    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message != null && message.startsWith("Backend notice")) {
                notices.add(message);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private BackendNotices() {
        Logger.getLogger(CLIENT_LOGGER).addHandler(handler);
    }

    /** Starts collecting; {@link #close} stops. */
    public static BackendNotices collect() {
        return new BackendNotices();
    }

    /** The "there is already a transaction in progress" notices collected so far. */
    public List<String> transactionAlreadyInProgress() {
        return notices.stream().filter(notice -> notice.contains(TRANSACTION_IN_PROGRESS)).toList();
    }

    @Override
    public void close() {
        Logger.getLogger(CLIENT_LOGGER).removeHandler(handler);
    }
}
