package dev.tightrope.platform.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.LongConsumer;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Group commit: writes that arrive together are written together, one transaction for many, without waiting on
 * purpose. Per key (say, a deployment) at most one batch is in flight. The first item of an idle key is written at
 * once, alone; items arriving while a batch is in flight wait and go, all of them, as the next batch when it
 * completes. So a lone write costs what it did, and a burst of {@code n} writes (1 000 runtimes acknowledging the
 * same rollback) costs a handful of transactions instead of {@code n} serialized ones: under load the batches grow
 * by themselves to what arrives during one write.
 *
 * <p>Each caller gets its own answer, on the Vert.x context it called from. If a batch fails as a whole, each of its
 * callers gets that failure. A batch holds at most {@code maxBatch} items; the rest wait for the next.
 *
 * <p>Worked example: 1 000 acknowledgements arrive within 5 ms and a batch write takes 4 ms. The first is written
 * alone (0–4 ms); meanwhile about 800 arrive and are written as one batch (4–8 ms), then the last 200 (8–12 ms):
 * three transactions, all recorded 7 ms after the last arrived, instead of 1 000 transactions of a few ms each, one
 * after the other because they lock the same rows.
 *
 * @param <K> the key: items of one key are written in order, one batch at a time
 * @param <I> an item
 * @param <O> the answer to one item
 */
public final class GroupCommit<K, I, O> {

    private final Map<K, Lane> lanes = new ConcurrentHashMap<>();
    private final BiFunction<K, List<I>, Uni<List<O>>> write;
    private final int maxBatch;
    private final LongConsumer recorded;

    /**
     * @param write writes one batch of a key and answers one result per item, in the items' order
     */
    public GroupCommit(int maxBatch, BiFunction<K, List<I>, Uni<List<O>>> write) {
        this(maxBatch, write, nanos -> {
        });
    }

    /**
     * @param recorded told, for each item of a batch that was written, how long it took from its submission until
     *                 its batch was written, in nanoseconds (the wait for the batch before it, and its own write)
     */
    public GroupCommit(int maxBatch, BiFunction<K, List<I>, Uni<List<O>>> write, LongConsumer recorded) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("a batch holds at least one item");
        }
        this.maxBatch = maxBatch;
        this.write = write;
        this.recorded = recorded;
    }

    /** Writes the item with others of its key that arrive meanwhile; the answer to this item. */
    public Uni<O> submit(K key, I item) {
        return Uni.createFrom().emitter(emitter -> {
            Waiting<I, O> waiting = new Waiting<>(item, emitter, Vertx.currentContext(), System.nanoTime());
            while (true) {
                Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
                boolean start;
                synchronized (lane) {
                    if (lane.retired) {
                        continue; // removed while idle: take the key's new lane
                    }
                    lane.waiting.add(waiting);
                    start = !lane.inFlight;
                    lane.inFlight = true;
                }
                if (start) {
                    flush(key, lane);
                }
                return;
            }
        });
    }

    /** Batches being written or waiting, by key: for tests and metrics. */
    public int activeKeys() {
        return lanes.size();
    }

    private void flush(K key, Lane lane) {
        List<Waiting<I, O>> batch;
        synchronized (lane) {
            if (lane.waiting.isEmpty()) {
                lane.inFlight = false;
                lane.retired = true;
                lanes.remove(key, lane);
                return;
            }
            int size = Math.min(maxBatch, lane.waiting.size());
            batch = new ArrayList<>(lane.waiting.subList(0, size));
            lane.waiting.subList(0, size).clear();
        }
        List<I> items = new ArrayList<>(batch.size());
        batch.forEach(waiting -> items.add(waiting.item));
        Uni<List<O>> written;
        try {
            written = write.apply(key, items);
        } catch (RuntimeException e) {
            written = Uni.createFrom().failure(e);
        }
        written.subscribe().with(answers -> {
            long now = System.nanoTime();
            batch.forEach(waiting -> recorded.accept(now - waiting.submittedNanos));
            for (int i = 0; i < batch.size(); i++) {
                Waiting<I, O> waiting = batch.get(i);
                O answer = i < answers.size() ? answers.get(i) : null;
                waiting.answer(answers.size() == batch.size() ? null
                        : new IllegalStateException("a batch of " + batch.size() + " was answered " + answers.size()
                                + " times"), answer);
            }
            flush(key, lane);
        }, failure -> {
            batch.forEach(waiting -> waiting.answer(failure, null));
            flush(key, lane);
        });
    }

    private final class Lane {
        final List<Waiting<I, O>> waiting = new ArrayList<>();
        boolean inFlight;
        boolean retired;
    }

    private record Waiting<I, O>(I item, UniEmitter<? super O> emitter, Context context, long submittedNanos) {

        void answer(Throwable failure, O answer) {
            Runnable deliver = failure != null ? () -> emitter.fail(failure) : () -> emitter.complete(answer);
            if (context == null || Vertx.currentContext() == context) {
                deliver.run();
            } else {
                context.runOnContext(ignored -> deliver.run());
            }
        }
    }
}
