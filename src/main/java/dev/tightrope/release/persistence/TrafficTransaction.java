package dev.tightrope.release.persistence;

import java.util.Iterator;
import java.util.List;

import org.jboss.logging.Logger;

import dev.tightrope.release.persistence.TrafficStore.Decision;
import dev.tightrope.release.persistence.TrafficStore.LockRequest;
import dev.tightrope.release.persistence.TrafficStore.LockedDeployment;
import dev.tightrope.release.persistence.TrafficStore.RecordedEvent;
import dev.tightrope.release.persistence.TrafficStore.Written;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * One traffic change's transaction on one pooled connection, as {@link TrafficStore#inTransaction} hands it to the
 * work: the locked deployment, the event recorded under the request's idempotency key, and {@link #write}.
 *
 * <p><b>Flights.</b> The statements of one round trip are sent one after the other, each without waiting for the
 * answer to the one before (the client pipelines them on the connection, in the order they are called here; the
 * Vert.x futures below are eager). Their answers are read once all have come, in sending order, and the first
 * failure is the one reported: a later statement of the same flight usually fails only because PostgreSQL aborted
 * the transaction at the earlier one ("current transaction is aborted"). So when WRITE fails, its own error reaches
 * the caller (mapped to the same codes as before), and COMMIT, which PostgreSQL then answers with ROLLBACK, is not
 * mistaken for success. When COMMIT itself fails, the change fails.
 *
 * <p><b>Never back to the pool inside a transaction.</b> The transaction is over when COMMIT has been answered,
 * successfully or with an error from PostgreSQL (a failed COMMIT ends the transaction block there). In every other
 * case, whatever happened (a decision refused after LOCK, an exception between LOCK and WRITE, a failed LOCK or
 * BEGIN, a replayed request that writes nothing), {@link #end} sends ROLLBACK and waits for its answer before the
 * connection is released. ROLLBACK cannot fail on a live session (outside a transaction it is only a warning), so
 * if it fails the connection is broken, and the pool discards broken connections. A caller that gives up (the
 * request is cancelled) does not stop this: {@code Pool.withConnection} subscribes to the work on its own and only
 * releases the connection when it has completed.
 *
 * <p>Not thread-safe, and needs not be: the client completes the futures of one connection on one context, and
 * each step runs after the previous one's answer.
 */
public final class TrafficTransaction {

    private static final Logger LOG = Logger.getLogger(TrafficTransaction.class);

    private final SqlConnection connection;
    private boolean begun;
    private boolean ended;
    private boolean writeSent;
    private LockedDeployment locked;
    private RecordedEvent replayed;

    TrafficTransaction(SqlConnection connection) {
        this.connection = connection;
    }

    /** The deployment, locked until the transaction ends, with what a decision on it needs. */
    public LockedDeployment locked() {
        return locked;
    }

    /** The event recorded under the request's idempotency key (read after the lock was taken), or {@code null}. */
    public RecordedEvent replayed() {
        return replayed;
    }

    /**
     * Writes the decision and commits, in one round trip: WRITE and COMMIT are sent together. At most once per
     * transaction; nothing is sent until the returned Uni is subscribed to.
     *
     * @return what was written, once committed; a failure if anything was not (WRITE's error first)
     */
    public Uni<Written> write(Decision decision) {
        return Uni.createFrom().deferred(() -> {
            if (writeSent) {
                throw new IllegalStateException("a traffic change writes once");
            }
            writeSent = true;
            Future<RowSet<Row>> write = execute(TrafficStore.WRITE, TrafficStore.writeArguments(decision));
            Future<RowSet<Row>> commit = connection.query("COMMIT").execute();
            return UniHelper.toUni(answered(write, commit).transform(flight -> {
                ended = commit.succeeded() || commit.cause() instanceof PgException;
                return flight.succeeded()
                        ? Future.succeededFuture(TrafficStore.toWritten(first(write.result())))
                        : Future.failedFuture(flight.cause());
            }));
        });
    }

    /**
     * Writes the decision as {@link #write} would, then rolls the transaction back instead of committing: a
     * rehearsal (a rollback drill's dry run). Every statement, constraint and lock of the real change runs, nothing
     * stays, and since nothing commits, no instance is notified. At most once per transaction, instead of write.
     *
     * @return what would have been written; a failure where the real change would have failed
     */
    public Uni<Written> rehearse(Decision decision) {
        return Uni.createFrom().deferred(() -> {
            if (writeSent) {
                throw new IllegalStateException("a traffic change writes once");
            }
            writeSent = true;
            Future<RowSet<Row>> write = execute(TrafficStore.WRITE, TrafficStore.writeArguments(decision));
            Future<RowSet<Row>> rollback = connection.query("ROLLBACK").execute();
            return UniHelper.toUni(answered(write, rollback).transform(flight -> {
                ended = rollback.succeeded();
                return flight.succeeded()
                        ? Future.succeededFuture(TrafficStore.toWritten(first(write.result())))
                        : Future.failedFuture(flight.cause());
            }));
        });
    }

    /**
     * First round trip: BEGIN, LOCK, READ and (with a key) REPLAY. On a deployment's first use LOCK finds no row: a
     * second round trip creates it (an insert that a concurrent first use may have beaten) and sends LOCK, READ and
     * REPLAY again.
     */
    Future<Void> open(LockRequest request) {
        begun = true;
        Future<RowSet<Row>> begin = connection.query("BEGIN").execute();
        Future<RowSet<Row>> lock = execute(TrafficStore.LOCK, TrafficStore.lockArguments(request));
        Future<RowSet<Row>> state = execute(TrafficStore.READ, TrafficStore.readArguments(request));
        Future<RowSet<Row>> replay = replay(request);
        return answered(begin, lock, state, replay).compose(ignored -> {
            if (lock.result().size() > 0) {
                return read(state.result(), replay.result());
            }
            Future<RowSet<Row>> create = execute(TrafficStore.CREATE, TrafficStore.createArguments(request));
            Future<RowSet<Row>> lockAgain = execute(TrafficStore.LOCK, TrafficStore.lockArguments(request));
            Future<RowSet<Row>> stateAgain = execute(TrafficStore.READ, TrafficStore.readArguments(request));
            Future<RowSet<Row>> replayAgain = replay(request);
            return answered(create, lockAgain, stateAgain, replayAgain)
                    .compose(created -> read(stateAgain.result(), replayAgain.result()));
        });
    }

    /**
     * Ends what is still open, then passes the work's outcome on: ROLLBACK unless COMMIT was answered, and the
     * connection is only released (by the caller, {@code withConnection}) once ROLLBACK has been answered.
     */
    <T> Uni<T> end(T item, Throwable failure) {
        if (!begun || ended) {
            return outcome(item, failure);
        }
        return UniHelper.toUni(connection.query("ROLLBACK").execute()).onItemOrFailure()
                .transformToUni((rows, rollbackFailure) -> {
                    if (rollbackFailure != null) {
                        // only on a broken connection, which the pool discards instead of reusing
                        LOG.debugf("ROLLBACK of a traffic change failed: %s", rollbackFailure.toString());
                    } else {
                        ended = true;
                    }
                    return outcome(item, failure);
                });
    }

    private Future<RowSet<Row>> replay(LockRequest request) {
        return request.idempotencyKey() == null ? Future.succeededFuture()
                : execute(TrafficStore.REPLAY, Tuple.of(request.idempotencyKey(), request.agentId(),
                        request.environment()));
    }

    private Future<Void> read(RowSet<Row> lock, RowSet<Row> replay) {
        Row row = first(lock);
        if (row == null) {
            return Future.failedFuture(new IllegalStateException("the deployment row was created but not found"));
        }
        locked = TrafficStore.toLocked(row);
        Row previous = replay == null ? null : first(replay);
        replayed = previous == null ? null : TrafficStore.toRecorded(previous);
        return Future.succeededFuture();
    }

    private Future<RowSet<Row>> execute(String sql, Tuple arguments) {
        return connection.preparedQuery(sql).execute(arguments);
    }

    /** Completes when every statement of the flight has been answered; fails with the first failure sent. */
    private static Future<Void> answered(Future<?>... flight) {
        return Future.join(List.of(flight)).transform(all -> {
            for (Future<?> statement : flight) {
                if (statement.failed()) {
                    return Future.failedFuture(statement.cause());
                }
            }
            return Future.succeededFuture();
        });
    }

    private static Row first(RowSet<Row> rows) {
        Iterator<Row> iterator = rows.iterator();
        return iterator.hasNext() ? iterator.next() : null;
    }

    private static <T> Uni<T> outcome(T item, Throwable failure) {
        return failure != null ? Uni.createFrom().failure(failure) : Uni.createFrom().item(item);
    }
}
