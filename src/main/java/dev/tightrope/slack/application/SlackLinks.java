package dev.tightrope.slack.application;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tightrope.slack.domain.DashboardLinks;

/** The dashboard links of Slack messages, from {@code tightrope.dashboard-url} (none: no "Open dashboard" button). */
@ApplicationScoped
public class SlackLinks {

    private final DashboardLinks links;

    SlackLinks(@ConfigProperty(name = "tightrope.dashboard-url") Optional<String> dashboardUrl) {
        this.links = dashboardUrl.filter(url -> !url.isBlank()).map(DashboardLinks::new).orElse(DashboardLinks.NONE);
    }

    public DashboardLinks links() {
        return links;
    }
}
