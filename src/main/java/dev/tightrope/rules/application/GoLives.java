package dev.tightrope.rules.application;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.TrafficChangeType;
import io.smallrye.mutiny.Uni;

/**
 * When a deployment's stable version went live and which version it replaced: the newest deploy, promotion or
 * rollback in its history that made it stable. Remembered per deployment and generation (a new generation is a new
 * question), so a pass asks the database once per change, not once per pass.
 */
@ApplicationScoped
public class GoLives {

    private static final Set<TrafficChangeType> SWITCHES = Set.of(TrafficChangeType.DEPLOYED,
            TrafficChangeType.PROMOTED, TrafficChangeType.ROLLED_BACK);
    private static final int MAX_REMEMBERED = 10_000;

    private final DeploymentQueries queries;
    private final Cache<Long, Remembered> known = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).build();

    GoLives(DeploymentQueries queries) {
        this.queries = queries;
    }

    /** The stable version's going live; null when it replaced nothing (the first deploy) or is not in the page read. */
    public record GoLive(int previousVersion, Instant at) {
    }

    private record Remembered(long generation, GoLive goLive) {
    }

    public Uni<GoLive> of(RoutingTable table) {
        Remembered remembered = known.getIfPresent(table.deploymentId());
        if (remembered != null && remembered.generation() == table.generation()) {
            return Uni.createFrom().item(remembered.goLive());
        }
        return queries.events(table.agent(), table.environment(), PageRequest.of(PageRequest.MAX_SIZE, null, DeploymentQueries.EVENT_CURSOR))
                .map(page -> {
                    GoLive found = null;
                    for (var item : page.items()) {
                        DeploymentEvent event = item.value();
                        if (SWITCHES.contains(event.type()) && event.toVersion() != null
                                && event.toVersion() == table.split().stableVersion()) {
                            found = event.fromVersion() == null || event.fromVersion().equals(event.toVersion())
                                    ? null : new GoLive(event.fromVersion(), event.committedAt());
                            break;
                        }
                    }
                    known.put(table.deploymentId(), new Remembered(table.generation(), found));
                    return found;
                });
    }
}
