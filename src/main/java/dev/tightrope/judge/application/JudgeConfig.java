package dev.tightrope.judge.application;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The canary judge and the scheduler that drives planned rollouts. */
@ConfigMapping(prefix = "tightrope.judge")
public interface JudgeConfig {

    /** How often running planned rollouts are judged (a Quarkus duration, or {@code off}). Default 5 s. */
    @WithDefault("5S")
    String every();

    /** The chance of failing a canary that is not worse, over all looks and metrics. Default 0.01. */
    @WithDefault("0.01")
    double alpha();

    /** N*: the total sample at which the confidence sequences are tightest. Default 5 000. */
    @WithDefault("5000")
    double tuning();

    /** Fewer outcomes than this on either arm is INSUFFICIENT_DATA. Default 150. */
    @WithDefault("150")
    long minSamplesPerArm();

    /** The chance of a false sample-ratio mismatch over all looks. Default 0.001. */
    @WithDefault("0.001")
    double srmAlpha();
}
