package dev.tightrope.telemetry.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.telemetry.domain.LatencyHistogram;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Merges the histogram parts of closed buckets into their bucket rows. Per bucket, in one transaction: the bucket
 * row is locked, its parts are deleted (and read by the delete), merged with the bucket's histogram, and written
 * back. A part is merged exactly once, also with several instances compacting at once: the lock orders them and the
 * delete takes each part once.
 */
@ApplicationScoped
public class OutcomeCompactionStore {

    static final String CLOSED = "select distinct deployment_id, version, arm, bucket_start from "
            + "outcome_bucket_histogram where bucket_start < $1 limit $2";

    private final Pool pool;

    OutcomeCompactionStore(Pool pool) {
        this.pool = pool;
    }

    /** Compacts up to {@code limit} buckets that started before {@code cutoff}; the number of parts merged. */
    public Uni<Integer> compact(Instant cutoff, int limit) {
        return pool.preparedQuery(CLOSED).execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), limit))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(this::compactBucket)
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> compactBucket(Row bucket) {
        Tuple key = Tuple.of(bucket.getLong("deployment_id"), bucket.getInteger("version"), bucket.getString("arm"),
                bucket.getOffsetDateTime("bucket_start"));
        return pool.withTransaction(connection -> connection.preparedQuery("select latency_histogram from "
                + "outcome_bucket where deployment_id = $1 and version = $2 and arm = $3 and bucket_start = $4 "
                + "for update").execute(key)
                .chain(locked -> connection.preparedQuery("delete from outcome_bucket_histogram where "
                        + "deployment_id = $1 and version = $2 and arm = $3 and bucket_start = $4 returning histogram")
                        .execute(key).chain(parts -> {
                            Buffer stored = locked.iterator().hasNext()
                                    ? locked.iterator().next().getBuffer("latency_histogram") : null;
                            LatencyHistogram merged = LatencyHistogram.fromBytes(stored == null ? null
                                    : stored.getBytes());
                            int count = 0;
                            for (Row part : parts) {
                                merged.add(LatencyHistogram.fromBytes(part.getBuffer("histogram").getBytes()));
                                count++;
                            }
                            int merges = count;
                            return connection.preparedQuery("update outcome_bucket set latency_histogram = $5 "
                                    + "where deployment_id = $1 and version = $2 and arm = $3 and bucket_start = $4")
                                    .execute(Tuple.of(bucket.getLong("deployment_id"), bucket.getInteger("version"),
                                            bucket.getString("arm"), bucket.getOffsetDateTime("bucket_start"))
                                            .addBuffer(Buffer.buffer(merged.toBytes())))
                                    .replaceWith(merges);
                        })));
    }
}
