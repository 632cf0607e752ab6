package dev.tightrope.governance.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.governance.domain.Protection;

/** GraphQL type {@code ProtectedEnvironment}. */
@Type("ProtectedEnvironment")
@Description("A protected environment: for one agent, or every agent in an environment of that name. An agent's "
        + "own rule replaces the environment's.")
public class ProtectedEnvironmentNode {

    private final Protection protection;

    ProtectedEnvironmentNode(Protection protection) {
        this.protection = protection;
    }

    @NonNull
    @Id
    @Description("Identifies the rule.")
    public String getId() {
        return Long.toString(protection.id());
    }

    @Description("The agent the rule is for; null: every agent of the environment.")
    public String getAgent() {
        return protection.agent();
    }

    @NonNull
    @Description("The protected environment.")
    public String getEnvironment() {
        return protection.environment();
    }

    @Description("Whether a person's deploy, startRollout, advanceRollout and promote need a second person's "
            + "approval (requestChange, approveChange).")
    public boolean isRequireApproval() {
        return protection.requireApproval();
    }

    @Description("The earlier environment a version must have been stable in first; null: no soak required.")
    public String getSoakIn() {
        return protection.soakEnvironment();
    }

    @Description("How long, in minutes, it must have been stable there without a rollback; null: no soak.")
    public Integer getMinimumSoakMinutes() {
        return protection.minimumSoak() == null ? null : (int) protection.minimumSoak().toMinutes();
    }

    @NonNull
    @Description("When the rule was last set.")
    public Instant getUpdatedAt() {
        return protection.updatedAt();
    }

    @NonNull
    @Description("Who set it: token:<name>.")
    public String getUpdatedBy() {
        return protection.updatedBy();
    }
}
