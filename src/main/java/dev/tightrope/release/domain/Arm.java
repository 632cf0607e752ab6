package dev.tightrope.release.domain;

import org.eclipse.microprofile.graphql.Description;

/**
 * Which side of a rollout a request is routed to.
 *
 * <p>Without a running rollout every request is {@link #STABLE}. During a rollout the {@link Bucketing sticky split}
 * sends a weight-sized share of routing keys to {@link #CANARY} and keeps each key on its side for the whole rollout.
 */
@Description("Which side of a rollout a request is routed to.")
public enum Arm {

    @Description("The deployment's current stable version: the default for every request not chosen for the canary.")

    STABLE,

    @Description("The rollout's canary version: the share of traffic given by the rollout's weight.")

    CANARY

}
