package dev.tightrope.registry.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;

/**
 * Input rules for agents. Slugs are the agents' identifiers in URLs, Slack commands and metrics tags, so they are
 * short, lower case and start with a letter or digit: {@code support-bot}, {@code refunds2}.
 */
public final class AgentRules {

    /** Same rule for agent slugs and environment names: 2 to 63 lower-case letters, digits and '-'. */
    public static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 2000;
    public static final int MAX_MESSAGE_LENGTH = 10_000;

    private AgentRules() {
    }

    /** Throws a VALIDATION error listing every broken rule of a new agent. */
    public static void checkNewAgent(String slug, String name, String description) {
        List<Violation> violations = new ArrayList<>();
        checkSlug("slug", slug, violations);
        if (name == null || name.isBlank()) {
            violations.add(new Violation("name", "is required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            violations.add(new Violation("name", "is longer than " + MAX_NAME_LENGTH + " characters"));
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            violations.add(new Violation("description", "is longer than " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
    }

    /** Adds a violation at {@code path} unless {@code value} is a valid slug. */
    public static void checkSlug(String path, String value, List<Violation> violations) {
        if (value == null || value.isEmpty()) {
            violations.add(new Violation(path, "is required"));
        } else if (!SLUG.matcher(value).matches()) {
            violations.add(new Violation(path, "'" + abbreviate(value) + "' is not a valid slug: use 2 to 63 "
                    + "lower-case letters, digits and '-', starting with a letter or digit"));
        }
    }

    /**
     * Throws a VALIDATION error listing every argument that is not a slug; {@code pathsAndValues} alternates the
     * argument's name and its value, for example {@code requireSlugs("agent", agent, "environment", environment)}.
     */
    public static void requireSlugs(String... pathsAndValues) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i + 1 < pathsAndValues.length; i += 2) {
            checkSlug(pathsAndValues[i], pathsAndValues[i + 1], violations);
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
    }

    /**
     * {@link #requireSlugs} for filters, which may be left out: a null value is no filter, anything else must be a
     * slug (a filter that is not one would match nothing, and answer an empty list for a typing mistake).
     */
    public static void requireFilterSlugs(String... pathsAndValues) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i + 1 < pathsAndValues.length; i += 2) {
            if (pathsAndValues[i + 1] != null) {
                checkSlug(pathsAndValues[i], pathsAndValues[i + 1], violations);
            }
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
    }

    /** Version messages are free text with a length limit. */
    public static void checkMessage(String message, List<Violation> violations) {
        if (message != null && message.length() > MAX_MESSAGE_LENGTH) {
            violations.add(new Violation("message", "is longer than " + MAX_MESSAGE_LENGTH + " characters"));
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 70 ? value : value.substring(0, 67) + "...";
    }
}
