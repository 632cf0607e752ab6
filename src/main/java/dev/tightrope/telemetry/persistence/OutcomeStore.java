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
 * <li>the batch id is claimed ({@code INSERT ... ON CONFLICT DO NOTHING}) with the batch's fingerprint; if it was
 * claimed before, the first batch's count and fingerprint are read, the transaction is rolled back, and the batch
 * is reported as a duplicate (the same fingerprint: a retry) or as another batch under a used id;</li>
 * <li>counts and sums are added to the bucket rows with one upsert each ({@code INSERT ... ON CONFLICT DO UPDATE SET
 * requests = requests + excluded.requests, ...}), in {@link BucketKey} order, so concurrent batches on the same
 * buckets queue on the rows' locks instead of deadlocking; the latency histogram, which SQL cannot add, is
 * appended as a part ({@code outcome_bucket_histogram}, merged later by {@code OutcomeCompaction}); per-tool rows
 * are added with upserts. The three are sent together;</li>
 * <li>COMMIT. A 2xx answer is only given after it.</li>
 * </ol>
 * A batch takes four round trips whatever its size (BEGIN, claim, the writes, COMMIT), and holds its bucket rows'
 * locks only from its upsert to its COMMIT.
 */
@ApplicationScoped
public class OutcomeStore {

    static final String CLAIM = "insert into outcome_batch (batch_id, received_at, outcomes, fingerprint) "
            + "values ($1, $2, $3, $4) on conflict (batch_id) do nothing returning batch_id";

    /** The batch that claimed an id first: read after the claim found it taken (committed, under READ COMMITTED). */
    static final String CLAIMED = "select outcomes, fingerprint from outcome_batch where batch_id = $1";

    static final String ADD = "insert into outcome_bucket (deployment_id, version, arm, bucket_start, requests, "
            + "errors, completions, completion_reported, eval_count, latency_sum, latency_sum_squares, log_latency_sum, "
            + "log_latency_sum_squares, cost_sum, cost_sum_squares, tokens_sum, tokens_sum_squares, eval_sum, "
            + "eval_sum_squares, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
            + "$16, $17, $18, $19, $20) on conflict (deployment_id, version, arm, bucket_start) do update set "
            + "requests = outcome_bucket.requests + excluded.requests, errors = outcome_bucket.errors + excluded.errors, "
            + "completions = outcome_bucket.completions + excluded.completions, "
            + "completion_reported = outcome_bucket.completion_reported + excluded.completion_reported, "
            + "eval_count = outcome_bucket.eval_count + excluded.eval_count, "
            + "latency_sum = outcome_bucket.latency_sum + excluded.latency_sum, "
            + "latency_sum_squares = outcome_bucket.latency_sum_squares + excluded.latency_sum_squares, "
            + "log_latency_sum = outcome_bucket.log_latency_sum + excluded.log_latency_sum, "
            + "log_latency_sum_squares = outcome_bucket.log_latency_sum_squares + excluded.log_latency_sum_squares, "
            + "cost_sum = outcome_bucket.cost_sum + excluded.cost_sum, "
            + "cost_sum_squares = outcome_bucket.cost_sum_squares + excluded.cost_sum_squares, "
            + "tokens_sum = outcome_bucket.tokens_sum + excluded.tokens_sum, "
            + "tokens_sum_squares = outcome_bucket.tokens_sum_squares + excluded.tokens_sum_squares, "
            + "eval_sum = outcome_bucket.eval_sum + excluded.eval_sum, "
            + "eval_sum_squares = outcome_bucket.eval_sum_squares + excluded.eval_sum_squares, "
            + "updated_at = excluded.updated_at";

    static final String ADD_HISTOGRAM = "insert into outcome_bucket_histogram (deployment_id, version, arm, "
            + "bucket_start, histogram) values ($1, $2, $3, $4, $5)";

    static final String ADD_TOOL = "insert into outcome_bucket_tool (deployment_id, version, arm, bucket_start, tool, "
            + "calls, errors, latency_sum) values ($1, $2, $3, $4, $5, $6, $7, $8) "
            + "on conflict (deployment_id, version, arm, bucket_start, tool) do update set "
            + "calls = outcome_bucket_tool.calls + excluded.calls, errors = outcome_bucket_tool.errors + excluded.errors, "
            + "latency_sum = outcome_bucket_tool.latency_sum + excluded.latency_sum";

    private final Pool pool;

    OutcomeStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * What storing a batch did.
     *
     * @param outcome what happened
     * @param counted the outcomes counted: this batch's when STORED, the first batch's under this id otherwise
     */
    public record Stored(Outcome outcome, int counted) {

        /** What happened to a batch. */
        public enum Outcome {
            /** Committed: every outcome is in its bucket. */
            STORED,
            /** The batch id was stored before for the same outcomes (a retry); nothing was added. */
            DUPLICATE,
            /** The batch id was stored before for other outcomes; nothing was added. */
            OTHER_BATCH
        }
    }

    /**
     * Adds the batch's deltas to their buckets, once per {@code batchId} (null: no deduplication).
     *
     * @param fingerprint what the batch contained (compared with the first batch of the id; null: not compared)
     * @return STORED once committed, DUPLICATE or OTHER_BATCH when the id was counted before; a failure when
     *         nothing was stored
     */
    public Uni<Stored> store(String batchId, String fingerprint, OutcomeBatch batch, Instant now) {
        OffsetDateTime at = utc(now);
        return pool.withTransaction(connection -> claim(connection, batchId, fingerprint, batch.outcomes(), at)
                .chain(earlier -> {
                    if (earlier != null) {
                        return Uni.createFrom().failure(new Duplicate(earlier));
                    }
                    Stored stored = new Stored(Stored.Outcome.STORED, batch.outcomes());
                    return batch.isEmpty() ? Uni.createFrom().item(stored) : add(connection, batch, at, stored);
                }))
                .onFailure(Duplicate.class).recoverWithItem(failure -> ((Duplicate) failure).earlier);
    }

    /** Deletes buckets that started, and batch ids received, before {@code cutoff}; the number of buckets deleted. */
    public Uni<Integer> deleteOlderThan(Instant cutoff) {
        OffsetDateTime at = utc(cutoff);
        return pool.withTransaction(connection -> connection
                .preparedQuery("delete from outcome_bucket where bucket_start < $1").execute(Tuple.of(at))
                .chain(buckets -> connection.preparedQuery("delete from outcome_batch where received_at < $1")
                        .execute(Tuple.of(at)).replaceWith(buckets.rowCount())));
    }

    /** Claims the batch id; null when it is this batch's now, else what the batch that claimed it first was. */
    private static Uni<Stored> claim(SqlConnection connection, String batchId, String fingerprint, int outcomes,
            OffsetDateTime at) {
        if (batchId == null) {
            return Uni.createFrom().nullItem();
        }
        return connection.preparedQuery(CLAIM).execute(Tuple.of(batchId, at, outcomes, fingerprint))
                .chain(rows -> rows.size() == 1 ? Uni.createFrom().<Stored>nullItem()
                        : connection.preparedQuery(CLAIMED).execute(Tuple.of(batchId)).map(found -> {
                            Row first = found.iterator().next();
                            String earlier = first.getString("fingerprint");
                            boolean same = earlier == null || fingerprint == null || earlier.equals(fingerprint);
                            return new Stored(same ? Stored.Outcome.DUPLICATE : Stored.Outcome.OTHER_BATCH,
                                    first.getInteger("outcomes"));
                        }));
    }

    /**
     * The bucket upserts, the histogram parts and the tool upserts, sent together (the client pipelines them on the
     * connection); the bucket rows are locked from their upsert until COMMIT only.
     */
    private static Uni<Stored> add(SqlConnection connection, OutcomeBatch batch, OffsetDateTime at, Stored stored) {
        List<Tuple> buckets = new ArrayList<>();
        List<Tuple> histograms = new ArrayList<>();
        List<Tuple> tools = new ArrayList<>();
        for (Map.Entry<BucketKey, BucketStats> entry : batch.deltas().entrySet()) {
            BucketStats delta = entry.getValue();
            buckets.add(key(entry.getKey()).addLong(delta.requests()).addLong(delta.errors())
                    .addLong(delta.completions()).addLong(delta.completionReported()).addLong(delta.evalCount())
                    .addDouble(delta.latencySum()).addDouble(delta.latencySumSquares())
                    .addDouble(delta.logLatencySum()).addDouble(delta.logLatencySumSquares())
                    .addDouble(delta.costSum()).addDouble(delta.costSumSquares()).addDouble(delta.tokensSum())
                    .addDouble(delta.tokensSumSquares()).addDouble(delta.evalSum()).addDouble(delta.evalSumSquares())
                    .addValue(at));
            histograms.add(key(entry.getKey()).addBuffer(Buffer.buffer(delta.latency().toBytes())));
            delta.tools().forEach((tool, stats) -> tools.add(key(entry.getKey()).addString(tool)
                    .addLong(stats.calls()).addLong(stats.errors()).addDouble(stats.latencySum())));
        }
        Uni<RowSet<Row>> added = connection.preparedQuery(ADD).executeBatch(buckets);
        Uni<RowSet<Row>> parts = connection.preparedQuery(ADD_HISTOGRAM).executeBatch(histograms);
        Uni<RowSet<Row>> perTool = tools.isEmpty() ? Uni.createFrom().nullItem()
                : connection.preparedQuery(ADD_TOOL).executeBatch(tools);
        // subscribed at once, so the three go out without waiting for each other's answers
        return Uni.combine().all().unis(added, parts, perTool).discardItems().replaceWith(stored);
    }

    private static Tuple key(BucketKey key) {
        return Tuple.of(key.deploymentId(), key.version(), key.arm().name(), utc(key.start()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A batch id counted before: rolls the transaction back. */
    private static final class Duplicate extends RuntimeException {
        private final transient Stored earlier;

        Duplicate(Stored earlier) {
            super("duplicate batch", null, false, false);
            this.earlier = earlier;
        }
    }
}
