package dev.tightrope.drills.application;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.drills.domain.DrillResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Drill metrics, with low-cardinality tags only (mode, outcome, step): {@code tightrope_drills_total},
 * {@code tightrope_drill_step_seconds} and {@code tightrope_drills_overdue} (deployments without a passing drill
 * within {@code tightrope.drills.max-age}, as of the scheduler's last look).
 */
@ApplicationScoped
public class DrillMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger overdue = new AtomicInteger();

    DrillMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("tightrope.drills.overdue", overdue, AtomicInteger::get)
                .description("Deployments without a passing rollback drill within tightrope.drills.max-age")
                .register(registry);
    }

    void drilled(DrillResult result) {
        Counter.builder("tightrope.drills").description("Rollback drills run, by mode and outcome")
                .tag("mode", lower(result.mode())).tag("outcome", result.passed() ? "passed" : "failed")
                .register(registry).increment();
        step("check", result.checkMillis());
        step("switch", result.switchMillis());
        step("rollback_commit", result.rollbackCommitMillis());
        step("rollback_propagation", result.rollbackPropagationMillis());
        step("forward_commit", result.forwardCommitMillis());
        step("forward_propagation", result.forwardPropagationMillis());
    }

    void overdue(int deployments) {
        overdue.set(deployments);
    }

    private void step(String step, Double millis) {
        if (millis != null) {
            Timer.builder("tightrope.drill.step").description("Duration of each step of the rollback drills")
                    .tag("step", step).register(registry).record(Duration.ofNanos(Math.round(millis * 1e6)));
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
