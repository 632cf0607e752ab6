package dev.tightrope.release.domain;

import org.eclipse.microprofile.graphql.Description;

/** Where the propagation of one traffic change stands (see {@link Propagation}). */
@Description("Where the propagation of one traffic change stands.")
public enum PropagationStatus {
    @Description("Waiting for acknowledgements.")
    PENDING,
    @Description("Every runtime connected at decision time acknowledged this generation or a later one.")
    ACKNOWLEDGED,
    @Description("The timeout passed before every runtime acknowledged; propagatedAt is the deadline.")
    TIMED_OUT,
    @Description("No runtime was connected: nothing to wait for; propagatedAt is the commit time.")
    NO_RUNTIMES
}
