package dev.tightrope.runtime.application;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** The runtime API's meters, registered in one place. */
@Startup
@ApplicationScoped
public class RuntimeMetrics {

    private final Counter renders;
    private final Counter skipped;
    private final Counter stalled;
    private final AtomicInteger streams = new AtomicInteger();

    RuntimeMetrics(MeterRegistry registry) {
        renders = Counter.builder("tightrope.runtime.config.renders")
                .description("Routing configurations rendered for the runtime API: once per generation and "
                        + "deployment, shared by every GET and stream subscriber")
                .register(registry);
        skipped = Counter.builder("tightrope.runtime.stream.generations.skipped")
                .description("Generations a configuration stream skipped because its connection was still sending "
                        + "an earlier one (the newest one follows when it drains)")
                .register(registry);
        stalled = Counter.builder("tightrope.runtime.stream.stalled")
                .description("Configuration streams closed because their connection took no data for "
                        + "tightrope.runtime.stream-stall-timeout")
                .register(registry);
        Gauge.builder("tightrope.runtime.streams", streams, AtomicInteger::get)
                .description("Open configuration streams (Server-Sent Events) on this instance")
                .register(registry);
    }

    void rendered() {
        renders.increment();
    }

    /** A generation a slow stream did not receive: a newer one replaced it while the connection was full. */
    public void skipped() {
        skipped.increment();
    }

    public void stalled() {
        stalled.increment();
    }

    public void streamOpened() {
        streams.incrementAndGet();
    }

    public void streamClosed() {
        streams.decrementAndGet();
    }
}
