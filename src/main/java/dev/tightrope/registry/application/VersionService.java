package dev.tightrope.registry.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.paging.Page;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.registry.domain.AgentVersion;
import dev.tightrope.registry.domain.ComponentContent;
import dev.tightrope.registry.domain.ComponentKind;
import dev.tightrope.registry.domain.ComponentShapes;
import dev.tightrope.registry.domain.ComponentVersion;
import dev.tightrope.registry.domain.ContentHash;
import dev.tightrope.registry.domain.VersionDiff;
import dev.tightrope.registry.persistence.AgentEntity;
import dev.tightrope.registry.persistence.AgentRepository;
import dev.tightrope.registry.persistence.AgentVersionEntity;
import dev.tightrope.registry.persistence.AgentVersionRepository;
import dev.tightrope.registry.persistence.ComponentVersionEntity;
import dev.tightrope.registry.persistence.ComponentVersionRepository;
import io.smallrye.mutiny.Uni;

/**
 * Creates immutable agent versions and reads them back.
 *
 * <p>Creating a version: the given components are validated and hashed before any database work; then, in one
 * transaction holding the agent's row lock, each given component either reuses the existing component version with
 * the same hash or becomes the next number of its kind, the others are inherited from the base version, and the new
 * agent version takes the next number. The lock makes numbers gap-free under concurrency: concurrent writers wait
 * for each other instead of failing.
 */
@ApplicationScoped
public class VersionService {

    public static final String VERSION_CURSOR = "version";
    public static final String COMPONENT_CURSOR = "component";

    private final AgentRepository agents;
    private final AgentVersionRepository versions;
    private final ComponentVersionRepository components;
    private final RegistryMetrics metrics;
    private final RegistryConfig config;
    private final ActorProvider actors;
    private final Clock clock;
    private final Sessions sessions;

    VersionService(AgentRepository agents, AgentVersionRepository versions, ComponentVersionRepository components,
            RegistryMetrics metrics, RegistryConfig config, ActorProvider actors, Clock clock, Sessions sessions) {
        this.sessions = sessions;
        this.agents = agents;
        this.versions = versions;
        this.components = components;
        this.metrics = metrics;
        this.config = config;
        this.actors = actors;
        this.clock = clock;
    }

    public Uni<AgentVersion> create(CreateVersionCommand command) {
        Map<ComponentKind, ComponentContent> given = validate(command);
        String author = actors.current();
        Instant now = clock.instant();
        List<ComponentKind> created = new ArrayList<>();
        return sessions.transaction(() -> agents.lockBySlug(command.agent())
                .onItem().ifNull().failWith(() -> AgentService.notFound(command.agent()))
                .chain(agent -> base(agent, command.baseVersion()).chain(base -> {
                    requireCompleteFirstVersion(base, given);
                    AgentVersionEntity version = new AgentVersionEntity();
                    version.agent = agent;
                    version.parentNumber = base == null ? null : base.number;
                    version.author = author;
                    version.message = command.message() == null ? "" : command.message().strip();
                    version.createdAt = now;
                    Uni<Void> steps = Uni.createFrom().voidItem();
                    for (ComponentKind kind : ComponentKind.values()) {
                        ComponentContent content = given.get(kind);
                        steps = steps.chain(() -> content == null
                                ? Uni.createFrom().item(base.component(kind))
                                : reuseOrCreate(agent, content, author, now, created))
                                .invoke(component -> version.setComponent(kind, component))
                                .replaceWithVoid();
                    }
                    return steps
                            .chain(() -> versions.nextNumber(agent.id))
                            .chain(next -> {
                                version.number = next;
                                version.snapshotHash = snapshotHash(version);
                                return versions.persist(version);
                            });
                })))
                .map(AgentVersionEntity::toDomain)
                .invoke(() -> {
                    metrics.versionCreated();
                    created.forEach(metrics::componentVersionCreated);
                });
    }

    public Uni<AgentVersion> get(String agent, int number) {
        return sessions.read(() -> agents.findBySlug(agent)
                .onItem().ifNull().failWith(() -> AgentService.notFound(agent))
                .chain(entity -> requireVersion(entity, number)))
                .map(AgentVersionEntity::toDomain);
    }

    /** The newest version, or {@code null} when the agent has none yet. */
    public Uni<AgentVersion> latest(String agent) {
        return sessions.read(() -> agents.findBySlug(agent)
                .onItem().ifNull().failWith(() -> AgentService.notFound(agent))
                .chain(entity -> versions.findLatest(entity.id)))
                .map(entity -> entity == null ? null : entity.toDomain());
    }

    public Uni<Page<AgentVersion>> list(String agent, PageRequest request) {
        return sessions.read(() -> agents.findBySlug(agent)
                .onItem().ifNull().failWith(() -> AgentService.notFound(agent))
                .chain(entity -> versions.page(entity.id, request)))
                .map(rows -> Page.fromOverfetched(rows, request, row -> row.number, AgentVersionEntity::toDomain));
    }

    public Uni<Page<ComponentVersion>> listComponents(String agent, ComponentKind kind, PageRequest request) {
        return sessions.read(() -> agents.findBySlug(agent)
                .onItem().ifNull().failWith(() -> AgentService.notFound(agent))
                .chain(entity -> components.page(entity.id, kind, request)))
                .map(rows -> Page.fromOverfetched(rows, request, row -> row.number, ComponentVersionEntity::toDomain));
    }

    public Uni<VersionDiff> diff(String agent, int from, int to) {
        return sessions.read(() -> agents.findBySlug(agent)
                .onItem().ifNull().failWith(() -> AgentService.notFound(agent))
                .chain(entity -> requireVersion(entity, from).chain(fromVersion -> requireVersion(entity, to)
                        .map(toVersion -> VersionDiff.between(fromVersion.toDomain(), toVersion.toDomain())))));
    }

    private Map<ComponentKind, ComponentContent> validate(CreateVersionCommand command) {
        List<Violation> violations = new ArrayList<>();
        AgentRules.checkSlug("agent", command.agent(), violations);
        AgentRules.checkMessage(command.message(), violations);
        if (command.baseVersion() != null && command.baseVersion() < 1) {
            violations.add(new Violation("baseVersion", "must be 1 or more"));
        }
        command.components().forEach((kind, json) -> violations.addAll(ComponentShapes.validate(kind, json)));
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
        Map<ComponentKind, ComponentContent> contents = new EnumMap<>(ComponentKind.class);
        command.components().forEach((kind, json) ->
                contents.put(kind, ComponentContent.of(kind, json, config.maxComponentBytes())));
        return contents;
    }

    private Uni<AgentVersionEntity> base(AgentEntity agent, Integer baseNumber) {
        return baseNumber == null ? versions.findLatest(agent.id) : requireVersion(agent, baseNumber);
    }

    private Uni<AgentVersionEntity> requireVersion(AgentEntity agent, int number) {
        return versions.findByNumber(agent.id, number).onItem().ifNull().failWith(() -> TightropeException.notFound(
                "Agent '" + agent.slug + "' has no version " + number));
    }

    private static void requireCompleteFirstVersion(AgentVersionEntity base, Map<ComponentKind, ComponentContent> given) {
        if (base != null) {
            return;
        }
        List<Violation> missing = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            if (!given.containsKey(kind)) {
                missing.add(new Violation(kind.fieldName(),
                        "is required: the first version of an agent must give all five components"));
            }
        }
        if (!missing.isEmpty()) {
            throw TightropeException.invalid(missing);
        }
    }

    private Uni<ComponentVersionEntity> reuseOrCreate(AgentEntity agent, ComponentContent content, String author,
            Instant now, List<ComponentKind> created) {
        return components.findByHash(agent.id, content.kind(), content.hash()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            return components.nextNumber(agent.id, content.kind()).chain(number -> {
                ComponentVersionEntity entity = new ComponentVersionEntity();
                entity.agentId = agent.id;
                entity.kind = content.kind();
                entity.number = number;
                entity.content = content.canonical();
                entity.contentHash = content.hash();
                entity.createdAt = now;
                entity.createdBy = author;
                created.add(content.kind());
                return components.persist(entity);
            });
        });
    }

    private static String snapshotHash(AgentVersionEntity version) {
        Map<ComponentKind, String> hashes = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            hashes.put(kind, version.component(kind).contentHash);
        }
        return ContentHash.snapshot(hashes);
    }
}
