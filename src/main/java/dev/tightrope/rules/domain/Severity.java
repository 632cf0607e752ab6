package dev.tightrope.rules.domain;

/** How loud an alert is. A rule without {@code SEVERITY} gets WARNING for alert and CRITICAL for other actions. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
