package dev.tightrope.telemetry.application;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The outcome intake's meters, registered in one place. */
@ApplicationScoped
public class OutcomeMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter throttled;
    private final Counter deduplicated;
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();

    OutcomeMetrics(MeterRegistry registry) {
        this.registry = registry;
        accepted = Counter.builder("tightrope.outcomes.accepted")
                .description("Outcomes counted in their buckets (committed)").register(registry);
        throttled = Counter.builder("tightrope.outcomes.throttled")
                .description("Outcomes refused because the intake was full (429 OVERLOADED)").register(registry);
        deduplicated = Counter.builder("tightrope.outcome.batches.deduplicated")
                .description("Batches whose id had been counted before: nothing added again").register(registry);
    }

    void accepted(int count) {
        accepted.increment(count);
    }

    void throttled(int count) {
        throttled.increment(count);
    }

    void deduplicated() {
        deduplicated.increment();
    }

    /** One outcome refused, by the code of its reason (VALIDATION, NOT_FOUND). */
    void rejected(String code) {
        rejected.computeIfAbsent(code, reason -> Counter.builder("tightrope.outcomes.rejected")
                .description("Outcomes refused, by reason").tag("reason", reason).register(registry)).increment();
    }
}
