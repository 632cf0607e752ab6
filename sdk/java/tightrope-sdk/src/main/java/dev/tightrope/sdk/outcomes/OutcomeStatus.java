package dev.tightrope.sdk.outcomes;

/** How a request (or a tool call) ended. */
public enum OutcomeStatus {
    SUCCESS,
    ERROR
}
