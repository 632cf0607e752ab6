package dev.tightrope.telemetry.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.telemetry.domain.BucketStats;
import dev.tightrope.telemetry.domain.LatencyHistogram;
import dev.tightrope.telemetry.domain.OutcomeRange;
import dev.tightrope.telemetry.domain.TimedBucket;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Many windows of outcome buckets in one round trip each, for work that reads every deployment at once (the trigger
 * rules' pass): the ranges go to PostgreSQL as arrays, joined to the buckets by their primary key, so a pass over a
 * thousand deployments costs a handful of queries, not thousands.
 *
 * <p>Two shapes: {@link #buckets} returns each range's buckets one by one (newest first), {@link #sums} only each
 * range's total (summed by PostgreSQL, so an hour of buckets comes back as one row).
 */
@ApplicationScoped
public class OutcomeRangeStore {

    private static final String RANGES = "unnest($1::int[], $2::bigint[], $3::int[], $4::text[], $5::timestamptz[], "
            + "$6::timestamptz[]) as r(i, d, v, a, f, t)";
    /** Each range looked up on its own by the primary key (a lateral join), never by scanning the table. */
    private static final String IN_RANGE = "b.deployment_id = r.d and b.version = r.v and b.arm = r.a "
            + "and b.bucket_start >= r.f and b.bucket_start < r.t";
    private static final String COLUMNS = "requests, errors, completions, completion_reported, eval_count, "
            + "latency_sum, latency_sum_squares, log_latency_sum, log_latency_sum_squares, cost_sum, "
            + "cost_sum_squares, tokens_sum, tokens_sum_squares, eval_sum, eval_sum_squares";
    static final String BUCKETS = "select r.i, b.* from " + RANGES + " cross join lateral "
            + "(select bucket_start, " + COLUMNS + " from outcome_bucket b where " + IN_RANGE + ") b "
            + "order by r.i, b.bucket_start desc";
    static final String SUMS = "select r.i, s.* from " + RANGES + " cross join lateral (select "
            + "coalesce(sum(requests), 0)::bigint as requests, coalesce(sum(errors), 0)::bigint as errors, "
            + "coalesce(sum(completions), 0)::bigint as completions, "
            + "coalesce(sum(completion_reported), 0)::bigint as completion_reported, "
            + "coalesce(sum(eval_count), 0)::bigint as eval_count, coalesce(sum(latency_sum), 0) as latency_sum, "
            + "coalesce(sum(latency_sum_squares), 0) as latency_sum_squares, "
            + "coalesce(sum(log_latency_sum), 0) as log_latency_sum, "
            + "coalesce(sum(log_latency_sum_squares), 0) as log_latency_sum_squares, "
            + "coalesce(sum(cost_sum), 0) as cost_sum, coalesce(sum(cost_sum_squares), 0) as cost_sum_squares, "
            + "coalesce(sum(tokens_sum), 0) as tokens_sum, coalesce(sum(tokens_sum_squares), 0) as tokens_sum_squares, "
            + "coalesce(sum(eval_sum), 0) as eval_sum, coalesce(sum(eval_sum_squares), 0) as eval_sum_squares "
            + "from outcome_bucket b where " + IN_RANGE + ") s";
    static final String TOOLS = "select r.i, b.bucket_start, b.tool, b.calls, b.errors, b.latency_sum from " + RANGES
            + " cross join lateral (select bucket_start, tool, calls, errors, latency_sum from outcome_bucket_tool b "
            + "where " + IN_RANGE + ") b";
    static final String TOOL_SUMS = "select r.i, b.tool, b.calls, b.errors, b.latency_sum from " + RANGES
            + " cross join lateral (select tool, sum(calls)::bigint as calls, sum(errors)::bigint as errors, "
            + "sum(latency_sum) as latency_sum from outcome_bucket_tool b where " + IN_RANGE + " group by tool) b";
    static final String HISTOGRAMS = "select r.i, h.bucket_start, h.histogram from " + RANGES + " cross join lateral "
            + "(select bucket_start, latency_histogram as histogram from outcome_bucket b where " + IN_RANGE
            + " and latency_histogram is not null union all select bucket_start, histogram "
            + "from outcome_bucket_histogram b where " + IN_RANGE + ") h";

    private final Pool pool;

    OutcomeRangeStore(Pool pool) {
        this.pool = pool;
    }

    /** Each range's buckets, newest first, in the order of the ranges (an empty list for a range without any). */
    public Uni<List<List<TimedBucket>>> buckets(List<OutcomeRange> ranges) {
        if (ranges.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(BUCKETS).execute(arguments(ranges, range -> true)).chain(sums -> tools(ranges,
                TOOLS, true).chain(tools -> histograms(ranges).map(histograms -> {
                    List<List<TimedBucket>> result = emptyLists(ranges.size());
                    for (Row row : sums) {
                        int i = row.getInteger("i");
                        Instant start = row.getOffsetDateTime("bucket_start").toInstant();
                        BucketKey key = new BucketKey(i, start);
                        result.get(i).add(new TimedBucket(start, stats(row,
                                histograms.getOrDefault(key, new LatencyHistogram()),
                                tools.getOrDefault(key, Map.of()))));
                    }
                    return result;
                })));
    }

    /** Each range's total, in the order of the ranges (empty stats for a range without buckets). */
    public Uni<List<BucketStats>> sums(List<OutcomeRange> ranges) {
        if (ranges.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(SUMS).execute(arguments(ranges, range -> true)).chain(sums -> tools(ranges,
                TOOL_SUMS, false).map(tools -> {
                    List<BucketStats> result = new ArrayList<>(ranges.size());
                    for (int i = 0; i < ranges.size(); i++) {
                        result.add(new BucketStats());
                    }
                    for (Row row : sums) {
                        int i = row.getInteger("i");
                        result.set(i, stats(row, new LatencyHistogram(), tools.getOrDefault(new BucketKey(i, null),
                                Map.of())));
                    }
                    return result;
                }));
    }

    private Uni<Map<BucketKey, Map<String, BucketStats.ToolStats>>> tools(List<OutcomeRange> ranges, String query,
            boolean perBucket) {
        if (ranges.stream().noneMatch(OutcomeRange::tools)) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(query).execute(arguments(ranges, OutcomeRange::tools)).map(rows -> {
            Map<BucketKey, Map<String, BucketStats.ToolStats>> tools = new HashMap<>();
            for (Row row : rows) {
                BucketKey key = new BucketKey(row.getInteger("i"),
                        perBucket ? row.getOffsetDateTime("bucket_start").toInstant() : null);
                tools.computeIfAbsent(key, k -> new HashMap<>()).put(row.getString("tool"), new BucketStats.ToolStats(
                        row.getLong("calls"), row.getLong("errors"), row.getDouble("latency_sum")));
            }
            return tools;
        });
    }

    private Uni<Map<BucketKey, LatencyHistogram>> histograms(List<OutcomeRange> ranges) {
        if (ranges.stream().noneMatch(OutcomeRange::histograms)) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(HISTOGRAMS).execute(arguments(ranges, OutcomeRange::histograms)).map(rows -> {
            Map<BucketKey, LatencyHistogram> merged = new HashMap<>();
            for (Row row : rows) {
                merged.computeIfAbsent(new BucketKey(row.getInteger("i"),
                        row.getOffsetDateTime("bucket_start").toInstant()), key -> new LatencyHistogram())
                        .add(LatencyHistogram.fromBytes(row.getBuffer("histogram").getBytes()));
            }
            return merged;
        });
    }

    /** The ranges as six arrays; a range the query should not read gets an empty interval. */
    private static Tuple arguments(List<OutcomeRange> ranges, java.util.function.Predicate<OutcomeRange> wanted) {
        int n = ranges.size();
        Integer[] index = new Integer[n];
        Long[] deployments = new Long[n];
        Integer[] versions = new Integer[n];
        String[] arms = new String[n];
        OffsetDateTime[] from = new OffsetDateTime[n];
        OffsetDateTime[] to = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            OutcomeRange range = ranges.get(i);
            index[i] = i;
            deployments[i] = range.deploymentId();
            versions[i] = range.version();
            arms[i] = range.arm().name();
            from[i] = utc(range.from());
            to[i] = utc(wanted.test(range) ? range.to() : range.from());
        }
        return Tuple.tuple().addArrayOfInteger(index).addArrayOfLong(deployments).addArrayOfInteger(versions)
                .addArrayOfString(arms).addArrayOfOffsetDateTime(from).addArrayOfOffsetDateTime(to);
    }

    private static BucketStats stats(Row s, LatencyHistogram latency, Map<String, BucketStats.ToolStats> tools) {
        long[] counts = {s.getLong("requests"), s.getLong("errors"), s.getLong("completions"),
            s.getLong("completion_reported"), s.getLong("eval_count")};
        double[] values = {s.getDouble("latency_sum"), s.getDouble("latency_sum_squares"),
            s.getDouble("log_latency_sum"), s.getDouble("log_latency_sum_squares"), s.getDouble("cost_sum"),
            s.getDouble("cost_sum_squares"), s.getDouble("tokens_sum"), s.getDouble("tokens_sum_squares"),
            s.getDouble("eval_sum"), s.getDouble("eval_sum_squares")};
        return BucketStats.of(counts, values, latency, tools);
    }

    private static List<List<TimedBucket>> emptyLists(int n) {
        List<List<TimedBucket>> lists = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A range's bucket (start null: the range's total). */
    private record BucketKey(int range, Instant start) {
    }
}
