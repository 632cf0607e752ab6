package dev.tightrope.telemetry.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.telemetry.domain.BucketKey;
import dev.tightrope.telemetry.domain.BucketStats;
import dev.tightrope.telemetry.domain.LatencyHistogram;
import dev.tightrope.telemetry.domain.OutcomeBatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Stores a batch of outcomes as bucket deltas, in one transaction with its batch id (plain SQL on the reactive
 * client): the batch is counted once and whole, or not at all.
 *
 * <ol>
 * <li>the batch id is claimed ({@code INSERT ... ON CONFLICT DO NOTHING}); if it was claimed before, the
 * transaction is rolled back and the batch reported as a duplicate;</li>
 * <li>every bucket row the batch touches is made to exist, then locked and read ({@code SELECT ... FOR UPDATE}),
 * in {@link BucketKey} order, so concurrent batches on the same buckets queue instead of deadlocking;</li>
 * <li>counts and sums are added in SQL; the latency histogram, which SQL cannot add, is merged here and written
 * back under the lock; per-tool rows are added with upserts;</li>
 * <li>COMMIT. A 2xx answer is only given after it.</li>
 * </ol>
 * A batch takes seven round trips whatever its size (BEGIN, claim, ensure, lock, add, tools, COMMIT); the rows
 * of one step go in one batch of the client.
 */
@ApplicationScoped
public class OutcomeStore {

    static final String CLAIM = "insert into outcome_batch (batch_id, received_at, outcomes) values ($1, $2, $3) "
            + "on conflict (batch_id) do nothing returning batch_id";

    static final String ENSURE = "insert into outcome_bucket (deployment_id, version, arm, bucket_start, updated_at) "
            + "values ($1, $2, $3, $4, $5) on conflict do nothing";

    static final String LOCK = "select latency_histogram from outcome_bucket where deployment_id = $1 and version = $2 "
            + "and arm = $3 and bucket_start = $4 for update";

    static final String ADD = "update outcome_bucket set requests = requests + $5, errors = errors + $6, "
            + "completions = completions + $7, completion_reported = completion_reported + $8, "
            + "eval_count = eval_count + $9, latency_sum = latency_sum + $10, "
            + "latency_sum_squares = latency_sum_squares + $11, log_latency_sum = log_latency_sum + $12, "
            + "log_latency_sum_squares = log_latency_sum_squares + $13, cost_sum = cost_sum + $14, "
            + "cost_sum_squares = cost_sum_squares + $15, tokens_sum = tokens_sum + $16, "
            + "tokens_sum_squares = tokens_sum_squares + $17, eval_sum = eval_sum + $18, "
            + "eval_sum_squares = eval_sum_squares + $19, latency_histogram = $20, updated_at = $21 "
            + "where deployment_id = $1 and version = $2 and arm = $3 and bucket_start = $4";

    static final String ADD_TOOL = "insert into outcome_bucket_tool (deployment_id, version, arm, bucket_start, tool, "
            + "calls, errors, latency_sum) values ($1, $2, $3, $4, $5, $6, $7, $8) "
            + "on conflict (deployment_id, version, arm, bucket_start, tool) do update set "
            + "calls = outcome_bucket_tool.calls + excluded.calls, errors = outcome_bucket_tool.errors + excluded.errors, "
            + "latency_sum = outcome_bucket_tool.latency_sum + excluded.latency_sum";

    private final Pool pool;

    OutcomeStore(Pool pool) {
        this.pool = pool;
    }

    /** What storing a batch did. */
    public enum Stored {
        /** Committed: every outcome is in its bucket. */
        STORED,
        /** The batch id was stored before; nothing was added. */
        DUPLICATE
    }

    /**
     * Adds the batch's deltas to their buckets, once per {@code batchId} (null: no deduplication).
     *
     * @return STORED once committed, DUPLICATE when the id was counted before; a failure when nothing was stored
     */
    public Uni<Stored> store(String batchId, OutcomeBatch batch, Instant now) {
        OffsetDateTime at = utc(now);
        return pool.withTransaction(connection -> claim(connection, batchId, batch.outcomes(), at)
                .chain(claimed -> {
                    if (!claimed) {
                        return Uni.createFrom().failure(new Duplicate());
                    }
                    return batch.isEmpty() ? Uni.createFrom().item(Stored.STORED) : add(connection, batch, at);
                }))
                .onFailure(Duplicate.class).recoverWithItem(Stored.DUPLICATE);
    }

    /** Deletes buckets that started, and batch ids received, before {@code cutoff}; the number of buckets deleted. */
    public Uni<Integer> deleteOlderThan(Instant cutoff) {
        OffsetDateTime at = utc(cutoff);
        return pool.withTransaction(connection -> connection
                .preparedQuery("delete from outcome_bucket where bucket_start < $1").execute(Tuple.of(at))
                .chain(buckets -> connection.preparedQuery("delete from outcome_batch where received_at < $1")
                        .execute(Tuple.of(at)).replaceWith(buckets.rowCount())));
    }

    private static Uni<Boolean> claim(SqlConnection connection, String batchId, int outcomes, OffsetDateTime at) {
        if (batchId == null) {
            return Uni.createFrom().item(true);
        }
        return connection.preparedQuery(CLAIM).execute(Tuple.of(batchId, at, outcomes))
                .map(rows -> rows.size() == 1);
    }

    private static Uni<Stored> add(SqlConnection connection, OutcomeBatch batch, OffsetDateTime at) {
        List<Tuple> keys = new ArrayList<>();
        List<Tuple> ensure = new ArrayList<>();
        for (BucketKey key : batch.deltas().keySet()) {
            keys.add(key(key));
            ensure.add(key(key).addValue(at));
        }
        return connection.preparedQuery(ENSURE).executeBatch(ensure)
                .chain(() -> connection.preparedQuery(LOCK).executeBatch(keys))
                .chain(locked -> write(connection, batch, histograms(locked), at))
                .replaceWith(Stored.STORED);
    }

    private static Uni<Void> write(SqlConnection connection, OutcomeBatch batch, List<byte[]> stored,
            OffsetDateTime at) {
        List<Tuple> updates = new ArrayList<>();
        List<Tuple> tools = new ArrayList<>();
        int i = 0;
        for (Map.Entry<BucketKey, BucketStats> entry : batch.deltas().entrySet()) {
            BucketStats delta = entry.getValue();
            LatencyHistogram merged = LatencyHistogram.fromBytes(stored.get(i++));
            merged.add(delta.latency());
            updates.add(key(entry.getKey()).addLong(delta.requests()).addLong(delta.errors())
                    .addLong(delta.completions()).addLong(delta.completionReported()).addLong(delta.evalCount())
                    .addDouble(delta.latencySum()).addDouble(delta.latencySumSquares())
                    .addDouble(delta.logLatencySum()).addDouble(delta.logLatencySumSquares())
                    .addDouble(delta.costSum()).addDouble(delta.costSumSquares()).addDouble(delta.tokensSum())
                    .addDouble(delta.tokensSumSquares()).addDouble(delta.evalSum()).addDouble(delta.evalSumSquares())
                    .addBuffer(Buffer.buffer(merged.toBytes())).addValue(at));
            delta.tools().forEach((tool, stats) -> tools.add(key(entry.getKey()).addString(tool)
                    .addLong(stats.calls()).addLong(stats.errors()).addDouble(stats.latencySum())));
        }
        Uni<RowSet<Row>> added = connection.preparedQuery(ADD).executeBatch(updates);
        return tools.isEmpty() ? added.replaceWithVoid()
                : added.chain(() -> connection.preparedQuery(ADD_TOOL).executeBatch(tools)).replaceWithVoid();
    }

    /** The stored histogram of every locked bucket, in the order the keys were sent (one row set per key). */
    private static List<byte[]> histograms(RowSet<Row> locked) {
        List<byte[]> histograms = new ArrayList<>();
        for (RowSet<Row> rows = locked; rows != null; rows = rows.next()) {
            byte[] bytes = null;
            for (Row row : rows) {
                Buffer buffer = row.getBuffer("latency_histogram");
                bytes = buffer == null ? null : buffer.getBytes();
            }
            histograms.add(bytes);
        }
        return histograms;
    }

    private static Tuple key(BucketKey key) {
        return Tuple.of(key.deploymentId(), key.version(), key.arm().name(), utc(key.start()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A batch id counted before: rolls the transaction back. */
    private static final class Duplicate extends RuntimeException {
        Duplicate() {
            super("duplicate batch", null, false, false);
        }
    }
}
