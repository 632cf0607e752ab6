package dev.tightrope.telemetry.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.access.domain.AccessErrors;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.input.InputContract;
import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.telemetry.domain.BatchFingerprint;
import dev.tightrope.telemetry.domain.BucketWidth;
import dev.tightrope.telemetry.domain.Outcome;
import dev.tightrope.telemetry.domain.OutcomeBatch;
import dev.tightrope.telemetry.domain.OutcomeRules;
import dev.tightrope.telemetry.domain.RawOutcome;
import dev.tightrope.telemetry.persistence.OutcomeStore;
import io.smallrye.mutiny.Uni;

/**
 * Takes in a batch of outcomes from any entry point: each is checked ({@link OutcomeRules}) and placed in its
 * deployment's bucket; the good ones are aggregated into bucket deltas and stored with the batch id in one
 * transaction ({@link OutcomeStore}); the refused ones are reported by position with their code. A success means
 * the accepted outcomes are committed; a repeated batch id adds nothing again.
 *
 * <p><b>Bounded memory.</b> At most {@code tightrope.outcomes.max-in-flight} outcomes are being handled at once;
 * a batch that would go beyond is refused as a whole with {@code OVERLOADED} (HTTP 429 with Retry-After) before any
 * of it is checked, and counted as throttled. A database that cannot be reached answers {@code UNAVAILABLE} (503).
 */
@ApplicationScoped
public class OutcomeIngestion {

    private final OutcomeStore store;
    private final GenerationHistory generations;
    private final KnownVersions versions;
    private final OutcomeMetrics metrics;
    private final OutcomeConfig config;
    private final BucketWidth width;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();

    OutcomeIngestion(OutcomeStore store, GenerationHistory generations, KnownVersions versions,
            OutcomeMetrics metrics, OutcomeConfig config, Clock clock) {
        this.versions = versions;
        this.store = store;
        this.generations = generations;
        this.metrics = metrics;
        this.config = config;
        this.width = new BucketWidth(config.bucketWidth());
        this.clock = clock;
    }

    /**
     * An outcome read from a request, with its position there; {@code refusal} set when it could not be read. A
     * refused entry may still hold what could be read of it ({@code outcome}, the unreadable fields null): the rules
     * then add the rest of its problems to the refusal, so a line's every problem is told at once.
     */
    public record Entry(int position, RawOutcome outcome, TightropeException refusal) {
    }

    /**
     * The entries with those of deployments outside the caller's token scope refused (FORBIDDEN, naming the scope),
     * each on its own: the others of the batch are taken as usual. A caller without a limit keeps every entry.
     *
     * @param operation what the caller called, for the message ({@code reportOutcomes}, {@code POST /v1/traces})
     */
    public static List<Entry> withinScope(List<Entry> entries, Caller caller, String operation) {
        if (caller == null || caller.scope().isFull()) {
            return entries;
        }
        List<Entry> kept = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            RawOutcome outcome = entry.outcome();
            if (entry.refusal() == null && outcome != null
                    && !caller.scope().covers(outcome.agent(), outcome.environment())) {
                kept.add(new Entry(entry.position(), null, AccessErrors.outOfScope(caller, operation,
                        outcome.agent(), outcome.environment())));
            } else {
                kept.add(entry);
            }
        }
        return kept;
    }

    /**
     * Checks and stores a batch.
     *
     * @param batchId the client's id of the batch (1 to 200 characters), or null for no deduplication
     */
    public Uni<OutcomeReport> ingest(List<Entry> entries, String batchId) {
        if (batchId != null && (batchId.isEmpty() || batchId.length() > 200
                || InputContract.stringProblem(batchId) != null)) {
            return Uni.createFrom().failure(TightropeException.validation(
                    "batchId must be 1 to 200 characters without NUL, e.g. a UUID"));
        }
        int size = entries.size();
        if (inFlight.addAndGet(size) > config.maxInFlight() && size > 0) {
            inFlight.addAndGet(-size);
            metrics.throttled(size);
            return Uni.createFrom().failure(new TightropeException(ErrorCode.OVERLOADED, "Too many outcomes are "
                    + "being taken in right now; nothing of this batch was stored. Retry after "
                    + config.retryAfter().toSeconds() + " s.", Map.of("retryAfterSeconds",
                            Math.max(1, config.retryAfter().toSeconds()))));
        }
        return Uni.createFrom().deferred(() -> checkAndStore(entries, batchId))
                .eventually(() -> inFlight.addAndGet(-size));
    }

    private Uni<OutcomeReport> checkAndStore(List<Entry> entries, String batchId) {
        Instant now = clock.instant();
        // a batch usually names one or two deployments: look each up once
        java.util.Map<String, RoutingTable> deployments = new java.util.HashMap<>();
        List<OutcomeReport.Rejection> rejected = new ArrayList<>();
        List<Checked> checked = new ArrayList<>(entries.size());
        java.util.Map<String, Integer> highestNamed = new java.util.HashMap<>();
        String fingerprint = batchId == null ? null : fingerprint(entries);
        for (Entry entry : entries) {
            try {
                if (entry.refusal() != null) {
                    throw entry.outcome() == null ? entry.refusal() : withTheRules(entry.refusal(), entry.outcome(),
                            now);
                }
                Outcome outcome = OutcomeRules.check(entry.outcome(), "", now, config.retention(),
                        generations::versionOf);
                RoutingTable deployment = deployments.computeIfAbsent(outcome.agent() + '\n' + outcome.environment(),
                        key -> generations.deployment(outcome.agent(), outcome.environment()));
                if (deployment == null) {
                    throw TightropeException.notFound("Agent '" + outcome.agent() + "' has nothing deployed in "
                            + "environment '" + outcome.environment() + "'");
                }
                checked.add(new Checked(entry.position(), deployment.deploymentId(), outcome));
                highestNamed.merge(outcome.agent(), outcome.version(), Math::max);
            } catch (TightropeException refused) {
                reject(rejected, entry.position(), refused);
            }
        }
        return versions.learn(highestNamed)
                .onFailure().transform(ErrorTranslator::translate)
                .chain(() -> store(checked, rejected, batchId, fingerprint, now));
    }

    /**
     * The refusal of an outcome that could be read only in part, with what the rules find in the rest: "latencyMs
     * must be a number, not a string" and "status is required", not the first alone. A rule's violation of a field
     * the refusal already names (now null) is left out.
     */
    private TightropeException withTheRules(TightropeException refusal, RawOutcome partial, Instant now) {
        try {
            OutcomeRules.check(partial, "", now, config.retention(), generations::versionOf);
            return refusal;
        } catch (TightropeException rules) {
            List<Violation> all = new ArrayList<>(refusal.violations());
            java.util.Set<String> named = new java.util.HashSet<>();
            all.forEach(violation -> named.add(violation.path()));
            rules.violations().stream().filter(violation -> !named.contains(violation.path())).forEach(all::add);
            return all.isEmpty() ? refusal : TightropeException.invalid(all);
        }
    }

    /**
     * The batch's fingerprint, by each entry's place among the batch's entries (not its position, which GraphQL
     * counts from 0 and NDJSON by line from 1), so the same outcomes sent again over another entry point are the
     * same batch.
     */
    private static String fingerprint(List<Entry> entries) {
        BatchFingerprint fingerprint = new BatchFingerprint();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.refusal() != null || entry.outcome() == null) {
                fingerprint.addRefused(i, entry.refusal() == null ? "" : entry.refusal().getMessage());
            } else {
                fingerprint.add(i, entry.outcome());
            }
        }
        return fingerprint.hex();
    }

    /** An outcome that passed the checks that need no database, with where it goes. */
    private record Checked(int position, long deploymentId, Outcome outcome) {
    }

    private void reject(List<OutcomeReport.Rejection> rejected, int position, TightropeException refused) {
        rejected.add(new OutcomeReport.Rejection(position, refused.code().name(), refused.getMessage()));
        metrics.rejected(refused.code().name());
    }

    private Uni<OutcomeReport> store(List<Checked> checked, List<OutcomeReport.Rejection> rejected, String batchId,
            String fingerprint, Instant now) {
        OutcomeBatch batch = new OutcomeBatch();
        for (Checked outcome : checked) {
            if (versions.exists(outcome.outcome().agent(), outcome.outcome().version())) {
                batch.add(outcome.deploymentId(), outcome.outcome(), width);
            } else {
                reject(rejected, outcome.position(), TightropeException.notFound("Agent '"
                        + outcome.outcome().agent() + "' has no version " + outcome.outcome().version()));
            }
        }
        rejected.sort(java.util.Comparator.comparingInt(OutcomeReport.Rejection::position));
        int accepted = batch.outcomes();
        return store.store(batchId, fingerprint, batch, now)
                .onFailure().transform(ErrorTranslator::translate)
                .map(stored -> switch (stored.outcome()) {
                    case STORED -> {
                        metrics.accepted(accepted);
                        yield new OutcomeReport(accepted, List.copyOf(rejected), false);
                    }
                    case DUPLICATE -> {
                        metrics.deduplicated();
                        // the first answer's count: this retry added nothing
                        yield new OutcomeReport(stored.counted(), List.copyOf(rejected), true);
                    }
                    case OTHER_BATCH -> throw TightropeException.conflict("batchId '" + batchId + "' was counted "
                            + "before for other outcomes (" + stored.counted() + " accepted then); nothing of this "
                            + "batch was stored. Give every new batch a new id (a UUID), and send a batch again "
                            + "with its id only to retry it.");
                });
    }
}
