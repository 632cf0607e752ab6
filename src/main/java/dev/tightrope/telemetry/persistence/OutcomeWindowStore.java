package dev.tightrope.telemetry.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.Arm;
import dev.tightrope.telemetry.domain.BucketStats;
import dev.tightrope.telemetry.domain.LatencyHistogram;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads windows of outcome buckets: the sum of one deployment's version and arm over the buckets of a time range. */
@ApplicationScoped
public class OutcomeWindowStore {

    static final String SUM = "select coalesce(sum(requests), 0)::bigint as requests, "
            + "coalesce(sum(errors), 0)::bigint as errors, coalesce(sum(completions), 0)::bigint as completions, "
            + "coalesce(sum(completion_reported), 0)::bigint as completion_reported, "
            + "coalesce(sum(eval_count), 0)::bigint as eval_count, "
            + "coalesce(sum(latency_sum), 0) as latency_sum, coalesce(sum(latency_sum_squares), 0) as latency_sum_squares, "
            + "coalesce(sum(log_latency_sum), 0) as log_latency_sum, "
            + "coalesce(sum(log_latency_sum_squares), 0) as log_latency_sum_squares, "
            + "coalesce(sum(cost_sum), 0) as cost_sum, coalesce(sum(cost_sum_squares), 0) as cost_sum_squares, "
            + "coalesce(sum(tokens_sum), 0) as tokens_sum, coalesce(sum(tokens_sum_squares), 0) as tokens_sum_squares, "
            + "coalesce(sum(eval_sum), 0) as eval_sum, coalesce(sum(eval_sum_squares), 0) as eval_sum_squares "
            + "from outcome_bucket where deployment_id = $1 and version = $2 and arm = $3 "
            + "and bucket_start >= $4 and bucket_start < $5";

    /** The compacted histograms of the buckets and the parts not compacted yet. */
    static final String HISTOGRAMS = "select latency_histogram from outcome_bucket where deployment_id = $1 "
            + "and version = $2 and arm = $3 and bucket_start >= $4 and bucket_start < $5 "
            + "and latency_histogram is not null "
            + "union all select histogram from outcome_bucket_histogram where deployment_id = $1 "
            + "and version = $2 and arm = $3 and bucket_start >= $4 and bucket_start < $5";

    static final String TOOLS = "select coalesce(sum(calls), 0)::bigint as calls, "
            + "coalesce(sum(errors), 0)::bigint as errors, coalesce(sum(latency_sum), 0) as latency_sum "
            + "from outcome_bucket_tool where deployment_id = $1 and version = $2 and arm = $3 "
            + "and bucket_start >= $4 and bucket_start < $5";

    private final Pool pool;

    OutcomeWindowStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * The sum of the buckets that start in [from, to): counts, sums, the merged latency histogram, and the tool
     * calls of all tools together (under the name {@code "*"}).
     */
    public Uni<BucketStats> sum(long deploymentId, int version, Arm arm, Instant from, Instant to) {
        Tuple range = Tuple.of(deploymentId, version, arm.name(), utc(from), utc(to));
        return pool.preparedQuery(SUM).execute(range).chain(sums -> pool.preparedQuery(HISTOGRAMS).execute(range)
                .chain(histograms -> pool.preparedQuery(TOOLS).execute(range).map(tools -> {
                    LatencyHistogram latency = new LatencyHistogram();
                    for (Row row : histograms) {
                        Buffer bytes = row.getBuffer("latency_histogram");
                        latency.add(LatencyHistogram.fromBytes(bytes.getBytes()));
                    }
                    Row s = sums.iterator().next();
                    Row t = tools.iterator().next();
                    long[] counts = {s.getLong("requests"), s.getLong("errors"), s.getLong("completions"),
                        s.getLong("completion_reported"), s.getLong("eval_count")};
                    double[] values = {s.getDouble("latency_sum"), s.getDouble("latency_sum_squares"),
                        s.getDouble("log_latency_sum"), s.getDouble("log_latency_sum_squares"),
                        s.getDouble("cost_sum"), s.getDouble("cost_sum_squares"), s.getDouble("tokens_sum"),
                        s.getDouble("tokens_sum_squares"), s.getDouble("eval_sum"), s.getDouble("eval_sum_squares")};
                    Map<String, BucketStats.ToolStats> all = t.getLong("calls") == 0 ? Map.of()
                            : Map.of("*", new BucketStats.ToolStats(t.getLong("calls"), t.getLong("errors"),
                                    t.getDouble("latency_sum")));
                    return BucketStats.of(counts, values, latency, all);
                })));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
