package dev.tightrope.telemetry.otlp;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code tightrope_otlp_spans_unmapped_total{reason}}: spans of OTLP exports that did not become outcomes, by
 * {@link SpanOutcomes.Unmapped} (six reasons, so low cardinality). The outcomes themselves are counted by the
 * outcome intake's meters ({@code tightrope_outcomes_accepted_total}, {@code tightrope_outcomes_rejected_total}).
 */
@ApplicationScoped
public class OtlpMetrics {

    private final Map<SpanOutcomes.Unmapped, Counter> unmapped = new EnumMap<>(SpanOutcomes.Unmapped.class);

    OtlpMetrics(MeterRegistry registry) {
        for (SpanOutcomes.Unmapped reason : SpanOutcomes.Unmapped.values()) {
            unmapped.put(reason, Counter.builder("tightrope.otlp.spans.unmapped")
                    .description("Spans of OTLP trace exports that did not become outcomes, by reason: not an agent "
                            + "or tool span, a tool span without its agent span, an agent Tightrope does not serve, "
                            + "no version, a duplicate, or refused (reported in partial_success)")
                    .tag("reason", reason.tag()).register(registry));
        }
    }

    void unmapped(SpanOutcomes.Unmapped reason, int spans) {
        if (spans > 0) {
            unmapped.get(reason).increment(spans);
        }
    }
}
