package dev.tightrope.telemetry.domain;

/** How one request of an agent ended, as its runtime saw it. */
public enum OutcomeStatus {
    /** The agent answered (whether or not it completed the task: see {@code taskCompleted}). */
    SUCCESS,
    /** The request failed: an exception, a timeout, a refused or broken answer. */
    ERROR
}
