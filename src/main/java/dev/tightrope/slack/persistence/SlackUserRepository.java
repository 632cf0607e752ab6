package dev.tightrope.slack.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Slack users linked to roles. */
@ApplicationScoped
public class SlackUserRepository implements PanacheRepositoryBase<SlackUserEntity, String> {

    public Uni<List<SlackUserEntity>> listAllOrdered() {
        return list("order by slackUserId");
    }
}
