package dev.tightrope.platform.instance;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Periodic work that must run on one instance at a time (the judge's run, the rules' pass): each pass is one
 * transaction that first tries a PostgreSQL advisory lock held until the transaction ends; an instance that cannot
 * take it skips the pass.
 *
 * <p>Why a lock per pass rather than a leader holding a lock on a dedicated connection: no instance holds anything
 * between passes, so a dead instance, a lost connection or a long GC pause can never keep the others waiting; the
 * next pass on any instance takes over, at most one interval later. The price is that consecutive passes may run on
 * different instances, which is why everything a pass knows is in the database.
 */
@ApplicationScoped
public class ExclusivePasses {

    /** The lock of the canary judge's run. */
    public static final long JUDGE = 7_460_311_001L;
    /** The lock of the trigger rules' evaluation pass. */
    public static final long RULES = 7_460_311_002L;
    /** The lock of the scheduled rollback drills' pass. */
    public static final long DRILLS = 7_460_311_003L;

    private final Pool pool;

    ExclusivePasses(Pool pool) {
        this.pool = pool;
    }

    /**
     * Runs the work in a transaction holding the lock; the work's result, or {@code null} without running it when
     * another instance holds the lock now.
     */
    public <T> Uni<T> run(long lock, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(connection -> connection.query("select pg_try_advisory_xact_lock(" + lock
                + ") as taken").execute().chain(rows -> Boolean.TRUE.equals(rows.iterator().next()
                        .getBoolean("taken")) ? work.apply(connection) : Uni.createFrom().nullItem()));
    }
}
