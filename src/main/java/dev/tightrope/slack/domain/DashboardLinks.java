package dev.tightrope.slack.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where "Open dashboard" buttons point: {@code <base>/agents/<agent>?environment=<env>} for a deployment,
 * {@code <base>/alerts?agent=<agent>} for an alert, with the base from {@code tightrope.dashboard-url}. Without a
 * base there is no such button.
 */
public record DashboardLinks(String baseUrl) {

    public static final DashboardLinks NONE = new DashboardLinks(null);

    public boolean enabled() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    public String deployment(String agent, String environment) {
        return base() + "/agents/" + URLEncoder.encode(agent, StandardCharsets.UTF_8) + "?environment="
                + URLEncoder.encode(environment, StandardCharsets.UTF_8);
    }

    /** The alerts page, showing one agent's: {@code <base>/alerts?agent=<agent>}. */
    public String alerts(String agent) {
        return base() + "/alerts?agent=" + URLEncoder.encode(agent, StandardCharsets.UTF_8);
    }

    private String base() {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
