package dev.tightrope.registry.application;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.paging.Page;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.domain.Agent;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.registry.persistence.AgentEntity;
import dev.tightrope.registry.persistence.AgentRepository;
import io.smallrye.mutiny.Uni;

/** Registers agents and looks them up. */
@ApplicationScoped
public class AgentService {

    public static final String CURSOR_KIND = "agent";

    private final AgentRepository agents;
    private final RegistryMetrics metrics;
    private final ActorProvider actors;
    private final Clock clock;
    private final Sessions sessions;

    AgentService(AgentRepository agents, RegistryMetrics metrics, ActorProvider actors, Clock clock,
            Sessions sessions) {
        this.sessions = sessions;
        this.agents = agents;
        this.metrics = metrics;
        this.actors = actors;
        this.clock = clock;
    }

    /** Creates an agent; CONFLICT when the slug is taken. */
    public Uni<Agent> create(String slug, String name, String description) {
        AgentRules.checkNewAgent(slug, name, description);
        String actor = actors.current();
        return sessions.transaction(() -> agents.findBySlug(slug).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(TightropeException.conflict(
                        "An agent with slug '" + slug + "' already exists"));
            }
            AgentEntity entity = new AgentEntity();
            entity.slug = slug;
            entity.name = name.strip();
            entity.description = description == null ? "" : description.strip();
            entity.createdAt = clock.instant();
            entity.createdBy = actor;
            return agents.persist(entity);
        })).map(AgentEntity::toDomain).invoke(metrics::agentCreated);
    }

    /** The agent with this slug; NOT_FOUND when there is none. */
    public Uni<Agent> get(String slug) {
        return sessions.read(() -> require(slug)).map(AgentEntity::toDomain);
    }

    public Uni<Page<Agent>> list(PageRequest request) {
        return sessions.read(() -> agents.page(request))
                .map(rows -> Page.fromOverfetched(rows, request, row -> row.id, AgentEntity::toDomain));
    }

    Uni<AgentEntity> require(String slug) {
        return agents.findBySlug(slug).onItem().ifNull().failWith(() -> notFound(slug));
    }

    static TightropeException notFound(String slug) {
        return TightropeException.notFound("No agent with slug '" + slug + "'");
    }
}
