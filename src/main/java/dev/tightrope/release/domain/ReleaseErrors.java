package dev.tightrope.release.domain;

import dev.tightrope.platform.error.TightropeException;

/** Errors shared by the release feature's operations, worded once. */
public final class ReleaseErrors {

    private ReleaseErrors() {
    }

    /** NOT_FOUND: the agent was never deployed in that environment. */
    public static TightropeException nothingDeployed(String agent, String environment) {
        return TightropeException.notFound(
                "Agent '" + agent + "' has nothing deployed in environment '" + environment + "'");
    }
}
