package dev.tightrope.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

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
    void aPublicationIsOneTaskPerEventLoopAndEachSubscriberGetsItOnItsOwnDuplicatedContext() throws Exception {
        // as in the server: every connection subscribes on a duplicated context of its own, on one of few loops
        ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
        int subscribers = 50;
        Map<Integer, Context> seenOn = new ConcurrentHashMap<>();
        Map<Integer, Context> subscribedOn = new ConcurrentHashMap<>();
        for (int i = 0; i < subscribers; i++) {
            int name = i;
            ContextInternal own = loop.duplicate();
            subscribedOn.put(name, own);
            own.runOnContext(ignored -> broadcast.subscribe("d1", () -> null).subscribe()
                    .with(item -> seenOn.put(name, Vertx.currentContext())));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> broadcast.subscriberCount("d1") == subscribers);

        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.runOnContext(ignored -> {
            held.countDown();
            awaitQuietly(release);
        });
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        int before = ((SingleThreadEventExecutor) loop.nettyEventLoop()).pendingTasks();
        broadcast.publish("d1", 1L);
        int queuedByPublication = ((SingleThreadEventExecutor) loop.nettyEventLoop()).pendingTasks() - before;
        release.countDown();

        assertThat(queuedByPublication).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> seenOn.size() == subscribers);
        subscribedOn.forEach((name, own) -> assertThat(seenOn.get(name)).isSameAs(own));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
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
