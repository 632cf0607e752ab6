package dev.tightrope.sdk.routing;

/** Which side of a rollout serves a request: the stable version or the canary. */
public enum Arm {
    STABLE,
    CANARY
}
