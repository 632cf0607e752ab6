package dev.tightrope.slack.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.application.RegistryLookup;
import dev.tightrope.slack.domain.WebhookUrls;
import dev.tightrope.slack.persistence.SlackWebhookRepository;
import io.smallrye.mutiny.Uni;

/**
 * Where an agent's notifications go: its own incoming webhook if one was set ({@code setSlackWebhook}), else the
 * global {@code tightrope.slack.webhook-url}, else nowhere.
 */
@ApplicationScoped
public class SlackWebhooks {

    /** An agent's webhook setting as shown to admins: the URL itself is a secret, so only a hint of it. */
    public record WebhookSetting(String agent, String urlHint, boolean own, String updatedBy,
            java.time.Instant updatedAt) {
    }

    private final Sessions sessions;
    private final RegistryLookup registry;
    private final SlackWebhookRepository webhooks;
    private final SlackConfig config;
    private final ActorProvider actors;
    private final Clock clock;

    SlackWebhooks(Sessions sessions, RegistryLookup registry, SlackWebhookRepository webhooks, SlackConfig config,
            ActorProvider actors, Clock clock) {
        this.sessions = sessions;
        this.registry = registry;
        this.webhooks = webhooks;
        this.config = config;
        this.actors = actors;
        this.clock = clock;
    }

    /**
     * Sets (or, with {@code null} or blank, removes) the agent's own webhook URL. VALIDATION unless https (or
     * http on localhost); NOT_FOUND for an unknown agent.
     */
    public Uni<WebhookSetting> set(String agent, String url) {
        boolean clear = url == null || url.isBlank();
        if (!clear) {
            WebhookUrls.check("webhookUrl", url);
        }
        String actor = actors.current();
        Instant now = clock.instant();
        return sessions.transaction(() -> registry.agentId(agent).chain(agentId -> clear ? webhooks.remove(agentId)
                        : webhooks.upsert(agentId, url.strip(), actor, now)))
                .map(ignored -> clear ? global(agent)
                        : new WebhookSetting(agent, hint(url.strip()), true, actor, now));
    }

    /** The URL to post the agent's notifications to; empty when none is configured. */
    public Uni<Optional<String>> urlFor(String agent) {
        if (agent == null) {
            return Uni.createFrom().item(config.webhookUrl().filter(WebhookUrls::allowed));
        }
        return sessions.read(() -> registry.agentId(agent).chain(webhooks::findById))
                .map(own -> own != null ? Optional.of(own.url) : config.webhookUrl().filter(WebhookUrls::allowed));
    }

    private WebhookSetting global(String agent) {
        return new WebhookSetting(agent, config.webhookUrl().map(SlackWebhooks::hint).orElse(null), false, null,
                null);
    }

    /**
     * Enough of a webhook URL to recognise it, not to use it: scheme, host and the last four characters, e.g.
     * {@code https://hooks.slack.com/…Xq3Z}.
     */
    public static String hint(String url) {
        java.net.URI uri = java.net.URI.create(url);
        String tail = url.length() > 4 ? url.substring(url.length() - 4) : "";
        return uri.getScheme() + "://" + uri.getAuthority() + "/…" + tail;
    }
}
