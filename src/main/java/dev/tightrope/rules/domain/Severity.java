package dev.tightrope.rules.domain;

import org.eclipse.microprofile.graphql.Description;

/** How loud an alert is. A rule without {@code SEVERITY} gets WARNING for alert and CRITICAL for other actions. */
@Description("How loud an alert is.")
public enum Severity {
    @Description("For the record.")
    INFO,
    @Description("Worth a look.")
    WARNING,
    @Description("Someone should look now.")
    CRITICAL
}
