package dev.tightrope.release.domain;

/** Where the propagation of one traffic change stands (see {@link Propagation}). */
public enum PropagationStatus {
    /** Waiting for acknowledgements. */
    PENDING,
    /** Every runtime connected at decision time acknowledged this generation or a later one. */
    ACKNOWLEDGED,
    /** The timeout passed before every runtime acknowledged; propagatedAt is the deadline. */
    TIMED_OUT,
    /** No runtime was connected: nothing to wait for; propagatedAt is the commit time. */
    NO_RUNTIMES
}
