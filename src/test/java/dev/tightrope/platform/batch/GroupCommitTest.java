package dev.tightrope.platform.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

class GroupCommitTest {

    /** A write the test completes by hand: each call is one batch. */
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final List<UniEmitter<? super List<String>>> pending = new CopyOnWriteArrayList<>();
    private final GroupCommit<String, String, String> commit = new GroupCommit<>(3, (key, items) -> {
        batches.add(List.copyOf(items));
        return Uni.createFrom().emitter(pending::add);
    });

    @Test
    void theFirstGoesAloneAndThoseArrivingMeanwhileGoTogether() {
        List<String> answers = new CopyOnWriteArrayList<>();
        commit.submit("d1", "a").subscribe().with(answers::add);
        commit.submit("d1", "b").subscribe().with(answers::add);
        commit.submit("d1", "c").subscribe().with(answers::add);
        assertThat(batches).containsExactly(List.of("a")); // b and c wait for a's batch

        complete(0);
        assertThat(batches).containsExactly(List.of("a"), List.of("b", "c"));
        assertThat(answers).containsExactly("a!");
        complete(1);
        assertThat(answers).containsExactly("a!", "b!", "c!");
        assertThat(commit.activeKeys()).isZero();
    }

    @Test
    void keysAreBatchedApartAndBatchesAreBounded() {
        for (String item : List.of("a", "b", "c", "d", "e")) {
            commit.submit("d1", item).subscribe().with(ignored -> { });
        }
        commit.submit("d2", "x").subscribe().with(ignored -> { });
        assertThat(batches).containsExactly(List.of("a"), List.of("x"));
        complete(0);
        assertThat(batches.get(2)).containsExactly("b", "c", "d"); // at most 3
        complete(2);
        assertThat(batches.get(3)).containsExactly("e");
    }

    @Test
    void aFailedBatchFailsEachOfItsCallersAndTheNextBatchStillGoes() {
        List<String> failures = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        commit.submit("d1", "a").subscribe().with(answers::add, failure -> failures.add(failure.getMessage()));
        commit.submit("d1", "b").subscribe().with(answers::add, failure -> failures.add(failure.getMessage()));
        commit.submit("d1", "c").subscribe().with(answers::add, failure -> failures.add(failure.getMessage()));
        complete(0);
        pending.get(1).fail(new IllegalStateException("database down"));
        assertThat(failures).containsExactly("database down", "database down");
        assertThat(answers).containsExactly("a!");
        commit.submit("d1", "d").subscribe().with(answers::add);
        complete(2);
        assertThat(answers).containsExactly("a!", "d!");
    }

    @Test
    void concurrentCallersEachGetTheirOwnAnswerInFewBatches() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        GroupCommit<String, Integer, Integer> doubling = new GroupCommit<>(1_000, (key, items) -> {
            writes.incrementAndGet();
            return Uni.createFrom().item(items.stream().map(i -> i * 2).toList())
                    .onItem().delayIt().by(Duration.ofMillis(5));
        });
        int callers = 400;
        CountDownLatch done = new CountDownLatch(callers);
        AtomicInteger wrong = new AtomicInteger();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int offset = t;
            threads[t] = new Thread(() -> {
                for (int i = offset; i < callers; i += threads.length) {
                    int item = i;
                    doubling.submit("d", item).subscribe().with(answer -> {
                        if (answer != item * 2) {
                            wrong.incrementAndGet();
                        }
                        done.countDown();
                    });
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong).hasValue(0);
        assertThat(writes.get()).isLessThan(callers / 4);
    }

    @Test
    void eachWrittenItemIsTimedFromItsSubmissionToItsBatchsWriteAndFailedOnesAreNot() {
        List<Long> recorded = new CopyOnWriteArrayList<>();
        GroupCommit<String, String, String> timed = new GroupCommit<>(3, (key, items) -> {
            batches.add(List.copyOf(items));
            return Uni.createFrom().emitter(pending::add);
        }, recorded::add);
        timed.submit("d1", "a").subscribe().with(ignored -> { });
        timed.submit("d1", "b").subscribe().with(ignored -> { });
        long bSubmitted = System.nanoTime();
        complete(0);
        long aWritten = System.nanoTime();
        assertThat(recorded).hasSize(1);
        complete(1);
        // b waited for a's batch, then for its own: at least from its submission until a's batch was written
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(1)).isGreaterThanOrEqualTo(aWritten - bSubmitted).isGreaterThanOrEqualTo(0);

        timed.submit("d1", "c").subscribe().with(ignored -> { }, failure -> { });
        pending.get(2).fail(new IllegalStateException("database down"));
        assertThat(recorded).hasSize(2);
    }

    private void complete(int batch) {
        pending.get(batch).complete(batches.get(batch).stream().map(item -> item + "!").toList());
    }
}
