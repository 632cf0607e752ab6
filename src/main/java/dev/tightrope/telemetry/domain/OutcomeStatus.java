package dev.tightrope.telemetry.domain;

import org.eclipse.microprofile.graphql.Description;

/** How one request of an agent ended, as its runtime saw it. */
@Description("How one request of an agent ended, as its runtime saw it.")
public enum OutcomeStatus {
    @Description("The agent answered (whether or not it completed the task: see taskCompleted).")
    SUCCESS,
    @Description("The request failed: an exception, a timeout, a refused or broken answer.")
    ERROR
}
