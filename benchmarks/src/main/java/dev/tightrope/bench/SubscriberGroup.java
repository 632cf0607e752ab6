package dev.tightrope.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

/**
 * The subscribers of one client event loop: subscribers {@code first} to {@code first + size - 1}, one connection
 * each, over the transport of the subclass ({@link WebSocketGroup}: {@code configChanged} over
 * {@code graphql-transport-ws}; {@link SseGroup}: the runtime API's Server-Sent Events stream). This class holds what
 * the two have in common: opening at most {@code concurrency} at a time within a deadline, the first configuration
 * checked against a full parse, recording each delivery, acknowledging it with {@code --ack}, and failing one
 * subscriber without stopping the others.
 *
 * <p>Everything here runs on this verticle's event loop, so the per-subscriber state needs no locks; what the main
 * thread reads goes through {@link Subscribers}.
 *
 * <p><b>Reading a configuration cheaply.</b> A rollback reaches every subscriber at once, and this client shares the
 * machine's cores with the server, so a full JSON parse of each ~2 KB message would delay the later subscribers of
 * the same event loop. A configuration is therefore read by position: the first {@code "generation":} and the
 * first {@code "stable":{"version":} of the text. The server writes the fields in the order of the document (or of
 * the runtime API's payload): {@code agent environment generation weight salt rolloutId stable { version ...}},
 * before any component content, and quotes inside strings are escaped, so these are the top-level values. The first
 * configuration of every subscriber is also parsed in full and must agree.
 */
abstract class SubscriberGroup extends AbstractVerticle {

    static final String GENERATION = "\"generation\":";
    static final String STABLE_VERSION = "\"stable\":{\"version\":";
    static final long MISSING = Long.MIN_VALUE;
    /** Stages of one subscriber. */
    private static final byte CONNECTING = 0;
    private static final byte OPEN = 2;
    private static final byte FAILED = 3;

    final Subscribers all;
    final int first;
    final int size;
    private final byte[] stages;
    private final Promise<Void>[] established;
    boolean closing;

    private Promise<Void> opened;
    private int nextToOpen;
    private int openCount;

    @SuppressWarnings("unchecked")
    SubscriberGroup(Subscribers all, int first, int size) {
        this.all = all;
        this.first = first;
        this.size = size;
        this.stages = new byte[size];
        this.established = new Promise[size];
    }

    /** Starts connecting subscriber {@code local}; it is open once {@link #configuration} has been called for it. */
    abstract void connect(int local);

    /** Closes subscriber {@code local}'s connection, if it has one. */
    abstract void disconnect(int local);

    /** Acknowledges {@code generation} for subscriber {@code index}, then calls {@link Subscribers#acknowledged}. */
    abstract void acknowledge(int index, int version, long generation);

    /**
     * Opens this group's subscriptions, at most {@code concurrency} at a time; fails at the first subscriber that
     * cannot be opened, or at {@code deadlineNanos} with how many were open by then.
     */
    Future<Void> open(int concurrency, long deadlineNanos) {
        Promise<Void> promise = Promise.promise();
        context.runOnContext(ignored -> {
            opened = promise;
            if (size == 0) {
                promise.complete();
                return;
            }
            long delayMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
            vertx.setTimer(delayMillis, id -> promise.tryFail(new IllegalStateException(String.format(
                    "subscribers %d..%d: only %d of %d open when the time limit was reached", first,
                    first + size - 1, openCount, size))));
            for (int i = 0; i < Math.min(concurrency, size); i++) {
                openNext();
            }
        });
        return promise.future();
    }

    private void openNext() {
        if (opened.future().isComplete() || nextToOpen == size) {
            return;
        }
        int local = nextToOpen++;
        Promise<Void> promise = Promise.promise();
        established[local] = promise;
        stages[local] = CONNECTING;
        promise.future().onComplete(outcome -> {
            if (outcome.failed()) {
                opened.tryFail(new IllegalStateException("subscriber " + (first + local) + " could not subscribe: "
                        + outcome.cause().getMessage() + " (" + openCount + " of this group's " + size
                        + " were open)", outcome.cause()));
                return;
            }
            if (++openCount == size) {
                opened.tryComplete();
            } else {
                openNext();
            }
        });
        connect(local);
    }

    boolean failed(int local) {
        return stages[local] == FAILED;
    }

    /**
     * Subscriber {@code local} received the configuration in {@code text} at {@code now}: read by position, and on
     * its first configuration also in full ({@code fullParse}) to check the quick read.
     */
    void configuration(int local, String text, long now, Supplier<JsonObject> fullParse) {
        long generation = number(text, GENERATION);
        long version = number(text, STABLE_VERSION);
        if (generation == MISSING || version == MISSING || text.contains("\"errors\"")) {
            fail(local, "unexpected configuration: " + abbreviate(text));
            return;
        }
        if (stages[local] != OPEN) {
            JsonObject config = fullParse.get();
            if (config.getLong("generation") != generation
                    || config.getJsonObject("stable").getInteger("version") != version) {
                fail(local, "the quick read disagrees with the full parse of: " + abbreviate(text));
                return;
            }
            stages[local] = OPEN;
            established[local].tryComplete();
            established[local] = null;
        }
        int index = first + local;
        all.received(index, (int) version, generation, now);
        if (all.options.ack) {
            acknowledge(index, (int) version, generation);
        }
    }

    void fail(int local, String reason) {
        if (stages[local] == FAILED || closing) {
            return;
        }
        boolean wasOpen = stages[local] == OPEN;
        stages[local] = FAILED;
        all.failed(first + local, reason, wasOpen);
        Promise<Void> pending = established[local];
        if (pending != null) {
            pending.tryFail(new IllegalStateException(reason));
        }
        disconnect(local);
    }

    /** The integer right after the first occurrence of {@code key}, or {@link #MISSING}. */
    static long number(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0) {
            return MISSING;
        }
        int i = at + key.length();
        boolean negative = i < text.length() && text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && digits < 18) {
            value = value * 10 + (text.charAt(i++) - '0');
            digits++;
        }
        return digits == 0 ? MISSING : negative ? -value : value;
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
