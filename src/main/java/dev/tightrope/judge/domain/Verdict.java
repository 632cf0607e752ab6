package dev.tightrope.judge.domain;

/** The judge's answer for one metric. */
public enum Verdict {
    /** The canary is not worse beyond the tolerance, with the judge's confidence. */
    PASS,
    /** The canary is worse beyond the tolerance, with the judge's confidence: the whole interval is on the harmful side. */
    FAIL,
    /** Enough samples, but the interval still holds both harm beyond the tolerance and none: keep looking. */
    INCONCLUSIVE,
    /** Fewer samples than the minimum on one arm: nothing is concluded yet. */
    INSUFFICIENT_DATA
}
