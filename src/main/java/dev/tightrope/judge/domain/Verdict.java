package dev.tightrope.judge.domain;

import org.eclipse.microprofile.graphql.Description;

/** The judge's answer for one metric. */
@Description("The judge's answer for one metric.")
public enum Verdict {
    @Description("The canary is not worse beyond the tolerance, with the judge's confidence.")
    PASS,
    @Description("The canary is worse beyond the tolerance, with the judge's confidence: the whole interval is on the "
            + "harmful side.")
    FAIL,
    @Description("Enough samples, but the interval still holds both harm beyond the tolerance and none: keep looking.")
    INCONCLUSIVE,
    @Description("Fewer samples than the minimum on one arm: nothing is concluded yet.")
    INSUFFICIENT_DATA
}
