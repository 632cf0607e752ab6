package dev.tightrope.access.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;

/**
 * Input rules for new API tokens. A token's name appears in actors ({@code token:ci-deployer}), logs and Slack
 * messages, so it is short and made of safe characters: {@code ci-deployer}, {@code runtime.eu-1},
 * {@code alice@example.com}.
 */
public final class TokenRules {

    public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$");
    public static final int MAX_NAME_LENGTH = 64;

    private TokenRules() {
    }

    /** Throws a VALIDATION error listing every broken rule; {@code expiresAt} must be after {@code now}. */
    public static void checkNewToken(String name, Role role, Instant expiresAt, Instant now) {
        List<Violation> violations = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            violations.add(new Violation("name", "is required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            violations.add(new Violation("name", "is longer than " + MAX_NAME_LENGTH + " characters"));
        } else if (!NAME.matcher(name).matches()) {
            violations.add(new Violation("name", "use letters, digits, '.', '_', '-' and '@', starting with a "
                    + "letter or digit"));
        }
        if (role == null) {
            violations.add(new Violation("role", "is required"));
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            violations.add(new Violation("expiresAt", "must be in the future"));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
    }
}
