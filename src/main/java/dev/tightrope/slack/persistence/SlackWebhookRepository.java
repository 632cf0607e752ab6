package dev.tightrope.slack.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Per-agent incoming-webhook URLs. */
@ApplicationScoped
public class SlackWebhookRepository implements PanacheRepositoryBase<SlackWebhookEntity, Long> {
}
