package dev.tightrope.demo.domain;

import java.util.Map;

/**
 * What the demo is about: a support bot whose version 2 changes only its prompt, asking for answers in strict JSON.
 * The runtime's parser fails on about a third of those answers, and they come later and cost more. Version 1 is the
 * healthy one. The figures are chosen so that the judge can tell at a 5 % canary within about a minute at the
 * demo's traffic (150 outcomes on the canary arm are its minimum; a 33-point gap in errors is decided there), and
 * so that no default rule fires by chance on the stable arm.
 */
public final class DemoScenario {

    /** The healthy version, stable between rounds. */
    public static final int GOOD_VERSION = 1;
    /** The version with the prompt regression, rolled out in every round. */
    public static final int REGRESSED_VERSION = 2;

    /** Version 1: 1.5 % errors, 96 % of answers complete the task, about 1.2 s. */
    public static final VersionProfile HEALTHY = new VersionProfile(0.015, 0.96, 1_200, 0.35, 0.0042, 950, 180);
    /** Version 2: 35 % errors (unparseable answers), slower and longer answers. */
    public static final VersionProfile REGRESSED = new VersionProfile(0.35, 0.95, 1_650, 0.40, 0.0058, 1_250, 260);

    private DemoScenario() {
    }

    /** The traffic of the demo agent: version 2 regressed, every other version healthy. */
    public static TrafficModel traffic() {
        return new TrafficModel(Map.of(GOOD_VERSION, HEALTHY, REGRESSED_VERSION, REGRESSED), HEALTHY);
    }
}
