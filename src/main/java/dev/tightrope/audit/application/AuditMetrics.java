package dev.tightrope.audit.application;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.audit.domain.AuditEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** The audit log's meters, registered in one place. */
@Startup
@ApplicationScoped
public class AuditMetrics {

    private final MeterRegistry registry;
    private final Counter writeFailures;
    private final ConcurrentMap<String, Counter> recorded = new ConcurrentHashMap<>();

    AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.writeFailures = Counter.builder("tightrope.audit.write.failures")
                .description("Audit entries that could not be written (logged at ERROR instead)")
                .register(registry);
    }

    void recorded(AuditEntry entry) {
        String outcome = AuditEntry.OK.equals(entry.outcome()) ? "OK" : "ERROR";
        recorded.computeIfAbsent(entry.source().name() + "/" + outcome, key -> Counter.builder("tightrope.audit.entries")
                .description("Audit entries written, by source and whether the action succeeded")
                .tag("source", entry.source().name())
                .tag("outcome", outcome)
                .register(registry)).increment();
    }

    void writeFailed() {
        writeFailures.increment();
    }
}
