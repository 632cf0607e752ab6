package dev.tightrope.governance.domain;

import org.eclipse.microprofile.graphql.Description;

/** How promoteEnvironment releases the version to the next environment. */
@Description("How promoteEnvironment releases the version to the next environment.")
public enum PromotionMode {
    @Description("deploy: the version becomes stable at 100 % at once.")
    DEPLOY,
    @Description("startRollout: the version starts as a canary (by hand with a weight, or driven by a plan).")
    ROLLOUT
}
