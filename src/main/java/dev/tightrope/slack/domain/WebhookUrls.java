package dev.tightrope.slack.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;

/**
 * Which URLs Tightrope posts to (incoming webhooks, {@code response_url}s): {@code https} anywhere, or plain
 * {@code http} on the loopback interface only (a local stand-in for Slack in tests and development). Anything else
 * would send a webhook secret or a message in clear text over a network.
 */
public final class WebhookUrls {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final int MAX_LENGTH = 2000;

    private WebhookUrls() {
    }

    public static boolean allowed(String url) {
        return problem(url) == null;
    }

    /** VALIDATION naming the field unless the URL is allowed. */
    public static void check(String field, String url) {
        String problem = problem(url);
        if (problem != null) {
            throw TightropeException.invalid(List.of(new Violation(field, problem)));
        }
    }

    private static String problem(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            return "must be a URL of at most " + MAX_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            return "must name a host";
        }
        if (uri.getUserInfo() != null) {
            return "must not contain credentials";
        }
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http") && LOOPBACK.contains(host)) {
            return null;
        }
        return "must be https (plain http only for localhost, e.g. a local stand-in for Slack)";
    }
}
