package dev.tightrope.platform.instance;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Periodic work that must run on one instance (the judge's run, the rules' pass, the drills' pass).
 *
 * <p>Two things make it one. Each pass is one transaction that first tries a PostgreSQL advisory lock held until
 * the transaction ends, so two passes never overlap; an instance that cannot take it skips the pass. And the
 * instance that ran the last pass keeps the next ones: a row of {@code exclusive_pass} names it and when its last
 * pass ended, and another instance takes the pass over only once that is older than the <em>lease</em>, one and a
 * half of the pass's intervals (the interval of this instance's configuration). The end, not the start: a pass that
 * takes longer than the interval makes the holder skip a tick, and must not look like a dead holder. Without the
 * row, every instance would run every pass at its own phase of the interval, one after the other: each deployment
 * evaluated and judged once per instance and interval instead of once. An instance that sees another's fresh lease
 * skips before it tries the lock: were it to take the lock only to find the lease taken, a holder whose tick fell in
 * that moment would find the lock busy and lose its pass (the multi-instance suite saw the holder lose passes so
 * on a busy machine).
 *
 * <p>Why a lease in a row rather than a leader holding a lock on a dedicated connection: no instance holds anything
 * open between passes, so a dead instance, a lost connection or a long GC pause keeps the others waiting at most
 * one lease; another instance then takes over as the lease runs out ({@link #retryAtTakeover}): at most one and a
 * half intervals after the holder's last pass. A holder whose pass fails (its transaction rolls back, the row with
 * it) stops renewing its lease, so an instance that cannot work hands over too. Consecutive passes may therefore run on different instances, which is
 * why everything a pass knows is in the database.
 *
 * <p>Metrics: {@code tightrope_scheduler_passes_total{pass, outcome="ran|skipped"}} counts this instance's passes
 * (skipped: another instance ran it or holds the lease), {@code tightrope_scheduler_takeovers_total{pass}} the
 * passes this instance took over from another, and {@code tightrope_scheduler_pass_held{pass}} is 1 while this
 * instance ran the last pass it tried.
 */
@ApplicationScoped
public class ExclusivePasses {

    private static final Logger LOG = Logger.getLogger(ExclusivePasses.class);

    /** The lock of the canary judge's run. */
    public static final long JUDGE = 7_460_311_001L;
    /** The lock of the trigger rules' evaluation pass. */
    public static final long RULES = 7_460_311_002L;
    /** The lock of the scheduled rollback drills' pass. */
    public static final long DRILLS = 7_460_311_003L;

    /** Each pass: its name in metrics, the property of its interval and that property's default. */
    private record Kind(String name, String everyProperty, String defaultEvery) {
    }

    private static final Map<Long, Kind> KINDS = Map.of(
            JUDGE, new Kind("judge", "tightrope.judge.every", "5S"),
            RULES, new Kind("rules", "tightrope.rules.every", "5S"),
            DRILLS, new Kind("drills", "tightrope.drills.every", "1M"));

    /**
     * The pass's advisory lock, tried only when no other instance holds a fresh lease (CASE evaluates its branches in
     * order, so the lock is not touched then); false when another holds the lease or runs the pass now, with how
     * many milliseconds another's fresh lease still has ({@code lease_left}, null without one).
     */
    private static final String TRY_LOCK = "select case when other.lease_left is not null then false "
            + "else pg_try_advisory_xact_lock($1) end as taken, other.lease_left from (select 1) one "
            + "left join lateral (select ceil(extract(epoch from (ran_at + make_interval(secs => $3::float8 / 1000) "
            + "- now())) * 1000)::bigint as lease_left from exclusive_pass where pass_lock = $1 and instance <> $2 "
            + "and ran_at >= now() - make_interval(secs => $3::float8 / 1000)) other on true";

    /** After another's lease runs out, this long more before the retry: the database's clock is the judge. */
    private static final long RETRY_MARGIN_MILLIS = 50;

    /**
     * Takes or renews the lease when this instance holds it or the holder's last pass is older than the lease; no row
     * when another instance holds it. Answers who held it before (null for the very first pass).
     */
    private static final String CLAIM = "with previous as (select instance from exclusive_pass where pass_lock = $1) "
            + "insert into exclusive_pass (pass_lock, instance, ran_at) values ($1, $2, now()) "
            + "on conflict (pass_lock) do update set instance = excluded.instance, ran_at = excluded.ran_at "
            + "where exclusive_pass.instance = excluded.instance "
            + "or exclusive_pass.ran_at < now() - make_interval(secs => $3::float8 / 1000) "
            + "returning (select instance from previous) as previous";

    /** At the end of a pass: its lease runs from now (clock time, not the transaction's start). */
    private static final String RENEW = "update exclusive_pass set ran_at = clock_timestamp() "
            + "where pass_lock = $1 and instance = $2";

    private final Pool pool;
    private final String instance;
    private final MeterRegistry registry;
    private final Map<Long, Duration> leases = new ConcurrentHashMap<>();
    private final Duration otherLease;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> held = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final Map<Long, Supplier<Uni<Void>>> retries = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> retryPending = new ConcurrentHashMap<>();
    private final Set<Long> scheduled = ConcurrentHashMap.newKeySet();

    @Inject
    ExclusivePasses(Pool pool, InstanceId instance, MeterRegistry registry, Vertx vertx) {
        this(pool, instance.value(), registry, null, vertx);
        for (Map.Entry<Long, Kind> kind : KINDS.entrySet()) {
            if (intervalOf(kind.getValue()) != null) {
                scheduled.add(kind.getKey());
            }
        }
    }

    /**
     * For tests: another instance on the same database, with one lease for every lock (null: from the config).
     *
     * @param vertx for the retries at another's lease end ({@link #retryAtTakeover}); null: none
     */
    ExclusivePasses(Pool pool, String instance, MeterRegistry registry, Duration lease, Vertx vertx) {
        this.pool = pool;
        this.instance = instance;
        this.registry = registry;
        this.vertx = vertx;
        this.otherLease = lease != null ? lease : Duration.ofSeconds(30);
        for (Map.Entry<Long, Kind> kind : KINDS.entrySet()) {
            leases.put(kind.getKey(), lease != null ? lease : leaseOf(kind.getValue()));
        }
    }

    /**
     * Makes the takeover prompt: when this instance skips the pass because another holds a fresh lease, it runs
     * {@code pass} (the scheduler's own pass, all of it) once more the moment that lease runs out, instead of waiting
     * for its next tick. Without it the takeover came up to one interval after the lease (2.5 intervals after the
     * holder's last pass); with it, right after the lease (1.5 intervals). While the holder lives, the retry finds its
     * renewed lease and only sets the next one: one cheap query more per interval on each other instance. Only for a
     * pass scheduled here (not {@code off}); a retry already waiting is not doubled.
     */
    public void retryAtTakeover(long lock, Supplier<Uni<Void>> pass) {
        retries.put(lock, pass);
    }

    /** For tests: retries as if the pass were scheduled here. */
    void scheduledHere(long lock) {
        scheduled.add(lock);
    }

    /**
     * Runs the work in a transaction holding the lock; the work's result, or {@code null} without running it when
     * another instance is running the pass now or holds its lease.
     */
    public <T> Uni<T> run(long lock, Function<SqlConnection, Uni<T>> work) {
        Duration lease = lease(lock);
        return pool.withTransaction(connection -> connection.preparedQuery(TRY_LOCK)
                .execute(Tuple.of(lock, instance, lease.toMillis())).chain(rows -> {
                    Row row = rows.iterator().next();
                    if (!Boolean.TRUE.equals(row.getBoolean("taken"))) {
                        Long leaseLeft = row.getLong("lease_left");
                        if (leaseLeft != null) {
                            retryAfter(lock, leaseLeft);
                        }
                        return Uni.createFrom().<Boolean>item(false);
                    }
                    return connection.preparedQuery(CLAIM).execute(Tuple.of(lock, instance, lease.toMillis()))
                            .map(claimed -> claimed(lock, claimed.iterator()));
                }).chain(mine -> {
                    count(lock, mine ? "ran" : "skipped");
                    if (!mine) {
                        return Uni.createFrom().<T>nullItem();
                    }
                    // the lease counts from the end of the pass: a pass longer than the interval (the next tick is
                    // skipped meanwhile) must not look like a dead holder to the other instances
                    return work.apply(connection).call(() -> connection.preparedQuery(RENEW)
                            .execute(Tuple.of(lock, instance)));
                }));
    }

    private void retryAfter(long lock, long leaseLeftMillis) {
        Supplier<Uni<Void>> pass = retries.get(lock);
        if (vertx == null || pass == null || !scheduled.contains(lock)
                || retryPending.putIfAbsent(lock, Boolean.TRUE) != null) {
            return;
        }
        vertx.setTimer(Math.max(1, leaseLeftMillis) + RETRY_MARGIN_MILLIS, id -> {
            retryPending.remove(lock);
            pass.get().subscribe().with(done -> { }, failure -> LOG.debugf("The %s pass at the lease's end failed: %s",
                    name(lock), failure));
        });
    }

    /** How long another instance waits after the holder's last pass before it takes the pass over. */
    public Duration lease(long lock) {
        return leases.getOrDefault(lock, otherLease);
    }

    private boolean claimed(long lock, RowIterator<Row> rows) {
        if (!rows.hasNext()) {
            return false;
        }
        String previous = rows.next().getString("previous");
        if (previous != null && !previous.equals(instance)) {
            LOG.infof("This instance (%s) takes over the %s pass from instance %s, whose last pass is older than "
                    + "the lease of %d ms", instance, name(lock), previous, lease(lock).toMillis());
            counter("tightrope.scheduler.takeovers", lock, null).increment();
        }
        return true;
    }

    private void count(long lock, String outcome) {
        counter("tightrope.scheduler.passes", lock, outcome).increment();
        held.computeIfAbsent(lock, key -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("tightrope.scheduler.pass.held", value, AtomicInteger::get)
                    .description("1 while this instance ran the last pass it tried, else 0")
                    .tag("pass", name(lock)).register(registry);
            return value;
        }).set("ran".equals(outcome) ? 1 : 0);
    }

    private Counter counter(String metric, long lock, String outcome) {
        return counters.computeIfAbsent(metric + "/" + lock + "/" + outcome, key -> {
            Counter.Builder builder = Counter.builder(metric).tag("pass", name(lock));
            if (outcome != null) {
                builder.tag("outcome", outcome).description("Scheduled passes of this instance: ran, or skipped "
                        + "because another instance runs it now or holds its lease");
            } else {
                builder.description("Passes this instance took over from another whose lease had run out");
            }
            return builder.register(registry);
        });
    }

    private static String name(long lock) {
        Kind kind = KINDS.get(lock);
        return kind == null ? Long.toString(lock) : kind.name();
    }

    /** One and a half intervals of the pass; for a pass that is {@code off} here, of its default interval. */
    private static Duration leaseOf(Kind kind) {
        Duration interval = intervalOf(kind);
        if (interval == null) {
            interval = DurationConverter.parseDuration(kind.defaultEvery());
        }
        return interval.plus(interval.dividedBy(2));
    }

    /** The pass's interval in this instance's configuration; null when it is {@code off} (or not a duration). */
    private static Duration intervalOf(Kind kind) {
        String every = ConfigProvider.getConfig().getOptionalValue(kind.everyProperty(), String.class)
                .orElse(kind.defaultEvery());
        Duration interval;
        try {
            interval = DurationConverter.parseDuration(every.trim());
        } catch (RuntimeException notADuration) {
            interval = null;
        }
        return interval == null || interval.isZero() || interval.isNegative() ? null : interval;
    }
}
