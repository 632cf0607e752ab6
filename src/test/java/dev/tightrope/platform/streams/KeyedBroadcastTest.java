package dev.tightrope.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

class KeyedBroadcastTest {

    private final Vertx vertx = Vertx.vertx();
    private final KeyedBroadcast<Long> broadcast = new KeyedBroadcast<>(Long::longValue);

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void eachSubscriberGetsEachNewerItemOnceOnItsOwnContext() {
        Context first = vertx.getOrCreateContext();
        Context second = vertx.getOrCreateContext();
        Map<String, List<Long>> received = new ConcurrentHashMap<>();
        Map<String, List<Boolean>> onOwnContext = new ConcurrentHashMap<>();
        for (int i = 0; i < 6; i++) {
            String name = "s" + i;
            Context context = i % 2 == 0 ? first : second;
            received.put(name, new CopyOnWriteArrayList<>());
            onOwnContext.put(name, new CopyOnWriteArrayList<>());
            context.runOnContext(ignored -> broadcast.subscribe("d1", () -> null).subscribe().with(item -> {
                received.get(name).add(item);
                onOwnContext.get(name).add(Vertx.currentContext() == context);
            }));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> broadcast.subscriberCount("d1") == 6);

        broadcast.publish("d1", 1L);
        broadcast.publish("d1", 3L);
        broadcast.publish("d1", 2L); // older than 3: nobody gets it
        broadcast.publish("other", 9L);

        await().atMost(Duration.ofSeconds(5)).until(() -> received.values().stream().allMatch(list -> list.size() == 2));
        received.values().forEach(list -> assertThat(list).containsExactly(1L, 3L));
        onOwnContext.values().forEach(list -> assertThat(list).containsOnly(true));
    }

    @Test
    void aSubscriberThatFailsDoesNotKeepTheItemFromTheOthersOnItsContext() {
        Context context = vertx.getOrCreateContext();
        List<Long> healthy = new CopyOnWriteArrayList<>();
        context.runOnContext(ignored -> {
            broadcast.subscribe("d1", () -> null).subscribe().with(item -> {
                throw new IllegalStateException("broken subscriber");
            });
            broadcast.subscribe("d1", () -> null).subscribe().with(healthy::add);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> broadcast.subscriberCount("d1") == 2);

        broadcast.publish("d1", 1L);
        broadcast.publish("d1", 2L);

        await().atMost(Duration.ofSeconds(5)).until(() -> healthy.size() == 2);
        assertThat(healthy).containsExactly(1L, 2L);
    }
}
