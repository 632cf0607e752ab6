package dev.tightrope.platform.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Two instances on one database, each an {@link ExclusivePasses} with its own instance id: the instance that ran the
 * last pass keeps the pass while its lease is fresh, the other skips; when the holder stops passing, the other takes
 * over once the lease has run out; two passes never overlap. Each test uses a lock of its own, so nothing else in the
 * test application competes for it.
 */
@QuarkusTest
class ExclusivePassesTest {

    private static final Duration LEASE = Duration.ofMillis(1_500);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    @Inject
    ExclusivePasses configured;

    @Inject
    Vertx vertx;

    @Test
    void theHolderKeepsThePassUntilItsLeaseRunsOutThenTheOtherTakesOver() throws Exception {
        long lock = 7_460_399_001L;
        ExclusivePasses a = instance("test-a");
        ExclusivePasses b = instance("test-b");

        assertThat(ran(a, lock)).as("the first pass: nobody held it").isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(ran(b, lock)).as("b while a's lease is fresh").isFalse();
            assertThat(ran(a, lock)).as("a renews its lease").isTrue();
        }

        // a dies: its last pass ages past the lease, then b's next pass takes over and keeps it
        Thread.sleep(LEASE.toMillis() + 300);
        double takeoversBefore = takeovers(lock);
        assertThat(ran(b, lock)).as("b after a's lease ran out").isTrue();
        assertThat(takeovers(lock)).isEqualTo(takeoversBefore + 1);
        assertThat(ran(a, lock)).as("a, back, while b's lease is fresh").isFalse();
        assertThat(ran(b, lock)).isTrue();
        assertThat(takeovers(lock)).as("b renewing is no takeover").isEqualTo(takeoversBefore + 1);
        assertThat(registry.find("tightrope.scheduler.passes").tag("pass", Long.toString(lock))
                .tag("outcome", "skipped").counter().count()).isEqualTo(4);
    }

    @Test
    void anotherInstanceCheckingAtTheSameMomentNeverCostsTheHolderItsPass() throws Exception {
        long lock = 7_460_399_005L;
        ExclusivePasses a = instance("test-i");
        ExclusivePasses b = instance("test-j");
        assertThat(ran(a, lock)).isTrue();
        for (int round = 0; round < 30; round++) {
            // both ticks at once: b sees a's fresh lease and skips without touching the lock a needs
            var holder = run(a, lock).subscribeAsCompletionStage();
            var other = run(b, lock).subscribeAsCompletionStage();
            assertThat(other.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("b, round " + round).isNull();
            assertThat(holder.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("a, round " + round).isNotNull();
        }
    }

    @Test
    void theLeaseCountsFromTheEndOfALongPass() throws Exception {
        long lock = 7_460_399_004L;
        ExclusivePasses a = instance("test-g");
        ExclusivePasses b = instance("test-h");
        // a pass longer than the lease: its start is older than the lease when it ends, its end is not
        String slow = a.run(lock, connection -> Uni.createFrom().item("slow").onItem()
                .delayIt().by(LEASE.plusMillis(500))).await().atMost(WAIT);
        assertThat(slow).isEqualTo("slow");
        assertThat(ran(b, lock)).as("b right after a's long pass").isFalse();
        assertThat(ran(a, lock)).isTrue();
    }

    @Test
    void aPassThatFailsRenewsNoLease() throws Exception {
        long lock = 7_460_399_002L;
        ExclusivePasses a = instance("test-c");
        ExclusivePasses b = instance("test-d");
        assertThat(ran(a, lock)).isTrue();
        Thread.sleep(LEASE.toMillis() + 300);
        Uni<Object> failing = a.run(lock, connection -> Uni.createFrom().failure(new IllegalStateException("boom")));
        assertThat(failing.onFailure().recoverWithItem("failed").await().atMost(WAIT)).isEqualTo("failed");
        assertThat(ran(b, lock)).as("a's failed pass rolled its renewal back: b takes over").isTrue();
    }

    @Test
    void twoPassesNeverOverlap() throws Exception {
        long lock = 7_460_399_003L;
        ExclusivePasses a = instance("test-e");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        Uni<String> slow = a.run(lock, connection -> Uni.createFrom().item(() -> {
            running.incrementAndGet();
            inside.countDown();
            return "slow";
        }).chain(value -> Uni.createFrom().emitter(emitter -> new Thread(() -> {
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            emitter.complete(value);
        }).start())));
        var pending = slow.subscribeAsCompletionStage();
        assertThat(inside.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // the same instance, even: a second pass while the first runs is skipped
        assertThat(ran(a, lock)).isFalse();
        assertThat(ran(instance("test-f"), lock)).isFalse();
        release.countDown();
        assertThat(pending.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("slow");
        assertThat(running.get()).isEqualTo(1);
    }

    @Test
    void anInstanceThatSkippedForAFreshLeaseTriesAgainAsItRunsOut() throws Exception {
        long lock = 7_460_399_006L;
        ExclusivePasses a = instance("test-k");
        ExclusivePasses b = new ExclusivePasses(pool, "test-l", registry, LEASE, vertx);
        b.scheduledHere(lock);
        List<Long> bRanAt = new CopyOnWriteArrayList<>();
        b.retryAtTakeover(lock, () -> run(b, lock).invoke(ran -> {
            if (ran != null) {
                bRanAt.add(System.nanoTime());
            }
        }).replaceWithVoid());

        assertThat(ran(a, lock)).isTrue();
        long aLastPass = System.nanoTime();
        // b's tick while a's lease is fresh: skipped, and b sets itself a retry for the lease's end; a then dies
        assertThat(ran(b, lock)).isFalse();
        await().atMost(WAIT).until(() -> !bRanAt.isEmpty());
        long takeoverMillis = (bRanAt.get(0) - aLastPass) / 1_000_000;
        // without the retry b would wait for its next tick; with it, the lease and the retry's query
        assertThat(takeoverMillis).isGreaterThanOrEqualTo(LEASE.toMillis()).isLessThan(LEASE.toMillis() + 3_000);
        assertThat(bRanAt).hasSize(1);
    }

    @Test
    void aRetryFindsALiveHoldersRenewedLeaseAndDoesNothing() throws Exception {
        long lock = 7_460_399_007L;
        ExclusivePasses a = instance("test-m");
        ExclusivePasses b = new ExclusivePasses(pool, "test-n", registry, LEASE, vertx);
        b.scheduledHere(lock);
        AtomicInteger retried = new AtomicInteger();
        List<String> bRan = new CopyOnWriteArrayList<>();
        b.retryAtTakeover(lock, () -> run(b, lock).invoke(ran -> {
            retried.incrementAndGet();
            if (ran != null) {
                bRan.add("ran");
            }
        }).replaceWithVoid());
        assertThat(ran(a, lock)).isTrue();
        assertThat(ran(b, lock)).isFalse();
        // a keeps passing, more often than its lease: b's retries find it alive each time
        long until = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            assertThat(ran(a, lock)).isTrue();
            Thread.sleep(LEASE.toMillis() / 3);
        }
        assertThat(retried.get()).as("b's retries while a lived").isPositive();
        assertThat(bRan).isEmpty();
    }

    @Test
    void theLeaseIsOneAndAHalfIntervals() {
        // the test profile turns the judge and the rules off: their default interval of 5 s counts
        assertThat(configured.lease(ExclusivePasses.RULES)).isEqualTo(Duration.ofMillis(7_500));
        assertThat(configured.lease(ExclusivePasses.JUDGE)).isEqualTo(Duration.ofMillis(7_500));
        assertThat(configured.lease(ExclusivePasses.DRILLS)).isEqualTo(Duration.ofSeconds(90));
    }

    private ExclusivePasses instance(String id) {
        return new ExclusivePasses(pool, id, registry, LEASE, null);
    }

    private static boolean ran(ExclusivePasses passes, long lock) {
        return run(passes, lock).await().atMost(WAIT) != null;
    }

    private static Uni<List<String>> run(ExclusivePasses passes, long lock) {
        List<String> marker = List.of("ran");
        return passes.run(lock, connection -> Uni.createFrom().item(marker));
    }

    private double takeovers(long lock) {
        var counter = registry.find("tightrope.scheduler.takeovers").tag("pass", Long.toString(lock)).counter();
        return counter == null ? 0 : counter.count();
    }
}
