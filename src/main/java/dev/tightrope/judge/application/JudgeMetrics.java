package dev.tightrope.judge.application;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The judge's meters (no tags: the judge is one thing). */
@ApplicationScoped
public class JudgeMetrics {

    /** Buckets of the time to detect: a step lasts at least 10 minutes by default, a rollout hours. */
    static final Duration[] DETECTION_BUCKETS = {Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
        Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1)};

    private final Timer timeToDetect;

    JudgeMetrics(MeterRegistry registry) {
        timeToDetect = Timer.builder("tightrope.judge.time_to_detect")
                .description("From a rollout's start (its canary began serving) to the judge's decision to roll it "
                        + "back")
                .serviceLevelObjectives(DETECTION_BUCKETS)
                .register(registry);
    }

    /** The judge rolled a canary back this long after its rollout started. */
    void rolledBack(Duration sinceRolloutStart) {
        timeToDetect.record(sinceRolloutStart);
    }
}
