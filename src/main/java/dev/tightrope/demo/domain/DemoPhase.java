package dev.tightrope.demo.domain;

import org.eclipse.microprofile.graphql.Description;

/** Where the demo's story ({@link DemoStory}) is. */
@Description("Where the demo's story is.")
public enum DemoPhase {
    @Description("The demo agent and its runtime are being set up.")
    STARTING,
    @Description("Version 1 serves all traffic; the first rollout starts at nextRolloutAt.")
    WARMING_UP,
    @Description("The regressed version serves part of the traffic as a canary and is being judged.")
    ROLLING_OUT,
    @Description("The last rollout ended (lastEnd says how); the next round starts at nextRolloutAt.")
    BETWEEN_ROUNDS
}
