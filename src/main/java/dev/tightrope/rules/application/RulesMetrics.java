package dev.tightrope.rules.application;

import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.rules.domain.Rule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The rule evaluator's meters, registered in one place; tags are low-cardinality (action, metric). */
@ApplicationScoped
public class RulesMetrics {

    private final MeterRegistry registry;
    private final Timer pass;
    private final Counter failedPasses;
    private final Counter evaluations;
    private final Counter unreadable;

    RulesMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.pass = Timer.builder("tightrope.rules.evaluation").description("One pass over every rule and deployment")
                .publishPercentileHistogram().register(registry);
        this.failedPasses = Counter.builder("tightrope.rules.evaluation.failures")
                .description("Passes that failed and were retried at the next interval").register(registry);
        this.evaluations = Counter.builder("tightrope.rules.evaluations")
                .description("Rules evaluated on a deployment").register(registry);
        this.unreadable = Counter.builder("tightrope.rules.unreadable")
                .description("Stored rules left out of a pass on a deployment because they cannot be read (logged)")
                .register(registry);
    }

    void leftOut() {
        unreadable.increment();
    }

    void passTook(Duration took, int evaluated) {
        pass.record(took);
        evaluations.increment(evaluated);
    }

    void passFailed() {
        failedPasses.increment();
    }

    void fired(Rule rule) {
        Counter.builder("tightrope.rules.firings").description("Rules that fired (one per firing)")
                .tag("action", lower(rule.action())).tag("metric", rule.metric().keyword()).register(registry)
                .increment();
    }

    /**
     * Buckets of the time to detect, so that Prometheus can tell its median and p95 (docs/rollback-metrics.md): a
     * rule acts between one evaluation interval (5 s) and its FOR window (minutes) after the breach began.
     */
    static final Duration[] DETECTION_BUCKETS = {Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1)};

    /** An action taken, with the time from the breach first seen to the action committed. */
    void acted(Rule rule, Duration sinceOnset) {
        Timer.builder("tightrope.rules.time_to_detect")
                .description("From a rule's breach first seen to its action committed")
                .serviceLevelObjectives(DETECTION_BUCKETS)
                .tag("action", lower(rule.action())).register(registry).record(sinceOnset);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
