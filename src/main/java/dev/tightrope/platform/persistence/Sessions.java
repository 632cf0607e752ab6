package dev.tightrope.platform.persistence;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs database work in a Hibernate Reactive session of its own: {@link #read} in a plain session,
 * {@link #transaction} in a transaction that commits when the work succeeds and rolls back when it fails.
 *
 * <p>Why: GraphQL resolves sibling fields concurrently (for example {@code parent} and {@code agent} of one
 * version, or {@code latestVersion} of every agent in a list). Panache keeps one session per Vert.x context, and a
 * reactive session must never be used by two operations at once ("Illegal pop() with non-matching
 * JdbcValuesSourceProcessingState"). Each unit of work therefore runs on a fresh duplicated context, where Panache
 * opens a new session that is closed when the work completes; the result is handed back on the caller's context.
 * Callers off the event loop (scheduler threads, tests) get an event-loop context the same way.
 */
@ApplicationScoped
public class Sessions {

    private final Vertx vertx;

    Sessions(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Uni<T> read(Supplier<Uni<T>> work) {
        return isolated(() -> Panache.withSession(work));
    }

    public <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return isolated(() -> Panache.withTransaction(work));
    }

    private <T> Uni<T> isolated(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context caller = Vertx.currentContext();
            Context isolated = VertxContext.createNewDuplicatedContext(
                    caller != null ? caller : vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(isolated, true);
            isolated.runOnContext(ignored -> {
                try {
                    work.get().subscribe().with(
                            item -> handBack(caller, () -> emitter.complete(item)),
                            failure -> handBack(caller, () -> emitter.fail(failure)));
                } catch (RuntimeException e) {
                    handBack(caller, () -> emitter.fail(e));
                }
            });
        });
    }

    private static void handBack(Context caller, Runnable action) {
        if (caller == null) {
            action.run();
        } else {
            caller.runOnContext(ignored -> action.run());
        }
    }
}
