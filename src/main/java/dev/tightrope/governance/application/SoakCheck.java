package dev.tightrope.governance.application;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.governance.domain.Soak;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.TrafficChangeType;
import io.smallrye.mutiny.Uni;

/** How long a version has been stable in an environment, read from that deployment's history ({@link Soak}). */
@ApplicationScoped
public class SoakCheck {

    /** Most history read back, in pages of 100 changes. */
    static final int MAX_PAGES = 20;

    private final DeploymentQueries deployments;
    private final Clock clock;

    SoakCheck(DeploymentQueries deployments, Clock clock) {
        this.deployments = deployments;
        this.clock = clock;
    }

    public Uni<Soak.Result> evaluate(String agent, String environment, int version, Duration required) {
        return history(agent, environment, version, null, new ArrayList<>(), 0)
                .map(newestFirst -> {
                    List<Soak.Change> oldestFirst = new ArrayList<>(newestFirst);
                    Collections.reverse(oldestFirst);
                    return Soak.evaluate(oldestFirst, version, environment, required, clock.instant());
                });
    }

    /** Pages back through the history until the change that last made {@code version} stable (or its start). */
    private Uni<List<Soak.Change>> history(String agent, String environment, int version, Long after,
            List<Soak.Change> collected, int pages) {
        return deployments.events(agent, environment, new PageRequest(PageRequest.MAX_SIZE, after))
                .onFailure(failure -> failure instanceof TightropeException refused
                        && refused.code() == ErrorCode.NOT_FOUND)
                .recoverWithNull()
                .chain(page -> {
                    if (page == null) {
                        return Uni.createFrom().item(collected); // nothing was ever deployed there
                    }
                    boolean found = false;
                    for (var item : page.items()) {
                        Soak.Change change = change(item.value());
                        collected.add(change);
                        if (change.kind() != Soak.Kind.OTHER && change.to() != null && change.to() == version) {
                            found = true;
                            break;
                        }
                    }
                    if (found || !page.hasNextPage() || page.items().isEmpty() || pages + 1 >= MAX_PAGES) {
                        return Uni.createFrom().item(collected);
                    }
                    long last = page.items().get(page.items().size() - 1).key();
                    return history(agent, environment, version, last, collected, pages + 1);
                });
    }

    static Soak.Change change(DeploymentEvent event) {
        Soak.Kind kind;
        if (event.type() == TrafficChangeType.DEPLOYED || event.type() == TrafficChangeType.PROMOTED) {
            kind = Soak.Kind.FORWARD;
        } else if (event.type() == TrafficChangeType.ROLLED_BACK && event.weightBefore() == null) {
            kind = Soak.Kind.ROLLBACK; // a rollback of the stable version; a canary's carries its weight
        } else {
            kind = Soak.Kind.OTHER;
        }
        return new Soak.Change(kind, event.fromVersion(), event.toVersion(), event.committedAt());
    }
}
