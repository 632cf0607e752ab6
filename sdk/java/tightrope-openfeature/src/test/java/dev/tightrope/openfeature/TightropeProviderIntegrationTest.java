package dev.tightrope.openfeature;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.Value;
import dev.tightrope.sdk.Backoff;
import dev.tightrope.sdk.Tightrope;
import dev.tightrope.sdk.testing.RealServer;

/**
 * The provider through the real OpenFeature SDK against a real Tightrope (the conformance run); skipped unless the
 * variables of {@link RealServer} are set. Variants and metadata must be the server's route(), a rollout must emit
 * PROVIDER_CONFIGURATION_CHANGED and turn the reason to SPLIT, and every tracked outcome must be accepted.
 */
@EnabledIf(value = "dev.tightrope.sdk.testing.RealServer#configured", disabledReason = RealServer.SKIP_REASON)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TightropeProviderIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String DOMAIN = "tightrope-conformance";

    private final OpenFeatureAPI api = OpenFeatureAPI.getInstance();
    private TightropeProvider provider;
    private Client flags;

    @BeforeAll
    void setProvider() {
        provider = TightropeProvider.builder().connection(Tightrope.builder().url(RealServer.URL)
                .token(RealServer.RUNTIME_TOKEN).environment(RealServer.ENVIRONMENT).runtimeId("java-openfeature-conformance")
                .waitForConfig(WAIT).outcomeFlushInterval(Duration.ofMillis(200))
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1))))
                .agents(RealServer.AGENT).build();
        api.setProviderAndWait(DOMAIN, provider);
        flags = api.getClient(DOMAIN);
    }

    @AfterAll
    void shutdown() {
        api.shutdown();
    }

    @Test
    void resolvesLikeTheServerFollowsARolloutAndCountsTrackedOutcomes() {
        assertResolvesLikeTheServer("STATIC");
        List<EventDetails> changes = new CopyOnWriteArrayList<>();
        flags.on(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED, changes::add);

        RealServer.Change started = RealServer.traffic("startRollout", Map.of("version", 2, "weight", 40));
        await("PROVIDER_CONFIGURATION_CHANGED for the rollout").atMost(WAIT).until(() -> changes.stream()
                .anyMatch(e -> Long.valueOf(started.generation()).equals(e.getEventMetadata().getLong("generation"))));
        assertEquals(List.of(RealServer.AGENT), changes.get(changes.size() - 1).getFlagsChanged());
        assertResolvesLikeTheServer("SPLIT");
        FlagEvaluationDetails<Value> one = flags.getObjectDetails(RealServer.AGENT, new Value(),
                new ImmutableContext("user-1"));
        assertEquals(started.rolloutId(), one.getFlagMetadata().getString("rolloutId"));

        for (int i = 0; i < 50; i++) {
            flags.track(RealServer.AGENT, new ImmutableContext("user-" + i), new MutableTrackingEventDetails()
                    .add("status", i % 5 == 0 ? "ERROR" : "SUCCESS").add("latencyMs", 100.0 + i)
                    .add("taskCompleted", i % 2 == 0).add("inputTokens", 10).add("outputTokens", 5));
        }
        Tightrope client = provider.client(RealServer.AGENT).orElseThrow();
        assertTrue(client.outcomes().flush(WAIT));
        assertEquals(List.of(50L, 0L, 0L, 0L), List.of(client.outcomes().sent(), client.outcomes().rejected(),
                client.outcomes().failed(), client.outcomes().dropped()));

        RealServer.Change rolledBack = RealServer.traffic("rollback", Map.of());
        await("PROVIDER_CONFIGURATION_CHANGED for the rollback").atMost(WAIT).until(() -> changes.stream()
                .anyMatch(e -> Long.valueOf(rolledBack.generation()).equals(e.getEventMetadata().getLong("generation"))));
        assertResolvesLikeTheServer("STATIC");
        assertEquals(ErrorCode.FLAG_NOT_FOUND, flags.getObjectDetails("no-such-agent", new Value(),
                new ImmutableContext("k")).getErrorCode());
    }

    private void assertResolvesLikeTheServer(String reason) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add("customer-" + i);
        }
        List<RealServer.ServerRoute> server = RealServer.serverRoutes(keys);
        List<String> differing = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            FlagEvaluationDetails<Value> details = flags.getObjectDetails(RealServer.AGENT, new Value(),
                    new ImmutableContext(keys.get(i)));
            assertNull(details.getErrorCode(), details.getErrorMessage());
            RealServer.ServerRoute remote = server.get(i);
            if (!details.getVariant().equals("v" + remote.version())
                    || !details.getFlagMetadata().getString("arm").equals(remote.arm())
                    || details.getFlagMetadata().getLong("generation") != remote.generation()
                    || !details.getReason().equals(reason)
                    || details.getValue().asStructure().getValue("version").asInteger() != remote.version()) {
                differing.add(keys.get(i) + ": " + details.getVariant() + " " + details.getReason() + " "
                        + details.getFlagMetadata().getString("arm") + ", server " + remote);
            }
        }
        assertEquals(List.of(), differing, differing.size() + " of " + keys.size() + " keys resolve differently");
    }
}
