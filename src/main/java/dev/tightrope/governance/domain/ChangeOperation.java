package dev.tightrope.governance.domain;

import org.eclipse.microprofile.graphql.Description;

/** The traffic changes a change request can ask for: those a protected environment holds for approval. */
@Description("A traffic change that a change request asks for (the mutation of the same name).")
public enum ChangeOperation {
    @Description("deploy: the version becomes stable at 100 %.")
    DEPLOY,
    @Description("startRollout: the version as a canary, by hand (weight) or with a plan.")
    START_ROLLOUT,
    @Description("advanceRollout: the canary's new weight.")
    ADVANCE_ROLLOUT,
    @Description("promote: the canary becomes stable.")
    PROMOTE,
    @Description("promoteEnvironment: the version stable in another environment, deployed or as a rollout.")
    PROMOTE_ENVIRONMENT;

    /** The mutation's name, e.g. {@code startRollout}. */
    public String mutation() {
        return switch (this) {
            case DEPLOY -> "deploy";
            case START_ROLLOUT -> "startRollout";
            case ADVANCE_ROLLOUT -> "advanceRollout";
            case PROMOTE -> "promote";
            case PROMOTE_ENVIRONMENT -> "promoteEnvironment";
        };
    }
}
