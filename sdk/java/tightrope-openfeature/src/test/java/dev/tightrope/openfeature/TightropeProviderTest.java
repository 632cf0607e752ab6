package dev.tightrope.openfeature;

import static dev.tightrope.sdk.testing.FakeTightrope.config;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Value;
import dev.tightrope.sdk.Backoff;
import dev.tightrope.sdk.Tightrope;
import dev.tightrope.sdk.TightropeOptions;
import dev.tightrope.sdk.testing.FakeTightrope;

/** The provider through the real OpenFeature Java SDK (no mock of OpenFeature), against the fake server. */
class TightropeProviderTest {

    private static final AtomicInteger DOMAINS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final OpenFeatureAPI api = OpenFeatureAPI.getInstance();
    private FakeTightrope server;
    private String domain;

    @BeforeEach
    void start() throws IOException {
        server = FakeTightrope.start();
        domain = "tightrope-test-" + DOMAINS.incrementAndGet();
    }

    @AfterEach
    void stop() {
        api.shutdown(); // shuts the providers down, and so closes their clients
        server.close();
    }

    private TightropeOptions.Builder connection(Duration waitForConfig) {
        return Tightrope.builder().url(server.url()).token(FakeTightrope.TOKEN).runtimeId("of-pod").logger(null)
                .waitForConfig(waitForConfig).backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)))
                .pollInterval(Duration.ofMillis(50)).outcomeFlushInterval(Duration.ofMillis(20));
    }

    private TightropeProvider provider(Duration waitForConfig) {
        return TightropeProvider.builder().connection(connection(waitForConfig)).agents("support-bot").logger(null)
                .build();
    }

    @Test
    void resolvesAnAgentAsAnObjectFlagWithItsVariantSplitAndMetadata() {
        server.current = config(4, 100, "salt-1", 2);
        api.setProviderAndWait(domain, provider(WAIT));
        Client client = api.getClient(domain);
        FlagEvaluationDetails<Value> details = client.getObjectDetails("support-bot", new Value("fallback"),
                new ImmutableContext("user-42"));
        assertNull(details.getErrorCode(), details.getErrorMessage());
        assertEquals("v2", details.getVariant());
        assertEquals("SPLIT", details.getReason());
        assertEquals(4L, details.getFlagMetadata().getLong("generation"));
        assertEquals("CANARY", details.getFlagMetadata().getString("arm"));
        assertEquals(2, details.getFlagMetadata().getInteger("version"));
        assertEquals("production", details.getFlagMetadata().getString("environment"));
        assertEquals("7", details.getFlagMetadata().getString("rolloutId"));
        Value value = details.getValue();
        assertEquals(2, value.asStructure().getValue("version").asInteger());
        assertEquals("prompt v2", value.asStructure().getValue("prompt").asStructure().getValue("system").asString());
        assertEquals(0.2, value.asStructure().getValue("model").asStructure().getValue("temperature").asDouble());
        assertEquals(List.of(), value.asStructure().getValue("tools").asStructure().getValue("tools").asList());
        assertEquals(details.getValue(), client.getObjectValue("support-bot", new Value(), new ImmutableContext("user-42")));
    }

    @Test
    void isStaticWithoutARolloutAndEmitsConfigurationChangedOnANewGeneration() {
        api.setProviderAndWait(domain, provider(WAIT));
        Client client = api.getClient(domain);
        FlagEvaluationDetails<Value> first = client.getObjectDetails("support-bot", new Value(),
                new ImmutableContext("someone"));
        assertEquals(List.of("v1", "STATIC", "STABLE"), List.of(first.getVariant(), first.getReason(),
                first.getFlagMetadata().getString("arm")));
        assertNull(first.getFlagMetadata().getString("rolloutId"));
        List<EventDetails> changes = new CopyOnWriteArrayList<>();
        client.on(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED, changes::add);
        server.publish(config(2, 100, "salt-1", 2));
        await().atMost(WAIT).until(() -> changes.size() == 1);
        assertEquals(List.of("support-bot"), changes.get(0).getFlagsChanged());
        assertEquals(2L, changes.get(0).getEventMetadata().getLong("generation"));
        FlagEvaluationDetails<Value> after = client.getObjectDetails("support-bot", new Value(),
                new ImmutableContext("someone"));
        assertEquals(List.of("v2", "SPLIT"), List.of(after.getVariant(), after.getReason()));
    }

    @Test
    void mapsErrorsToOpenFeatureCodesAndReturnsTheDefault() {
        api.setProviderAndWait(domain, provider(WAIT));
        Client client = api.getClient(domain);
        Value fallback = new Value(new MutableStructure().add("fallback", true));
        FlagEvaluationDetails<Value> unknown = client.getObjectDetails("billing-bot", fallback, new ImmutableContext("k"));
        assertEquals(ErrorCode.FLAG_NOT_FOUND, unknown.getErrorCode());
        assertEquals(fallback, unknown.getValue());
        assertTrue(unknown.getErrorMessage().contains("it serves support-bot"), unknown.getErrorMessage());
        FlagEvaluationDetails<Value> keyless = client.getObjectDetails("support-bot", fallback, new ImmutableContext());
        assertEquals(ErrorCode.TARGETING_KEY_MISSING, keyless.getErrorCode());
        assertEquals(fallback, keyless.getValue());
        assertEquals(ErrorCode.TYPE_MISMATCH, client.getBooleanDetails("support-bot", false,
                new ImmutableContext("k")).getErrorCode());
        assertEquals(ErrorCode.TYPE_MISMATCH, client.getStringDetails("support-bot", "x",
                new ImmutableContext("k")).getErrorCode());
        FlagEvaluationDetails<Integer> integer = client.getIntegerDetails("support-bot", 1, new ImmutableContext("k"));
        assertEquals(ErrorCode.TYPE_MISMATCH, integer.getErrorCode());
        assertTrue(integer.getErrorMessage().contains("is an object flag, not an integer"), integer.getErrorMessage());
        assertEquals(ErrorCode.TYPE_MISMATCH, client.getDoubleDetails("support-bot", 1.0,
                new ImmutableContext("k")).getErrorCode());
        assertEquals(ErrorCode.FLAG_NOT_FOUND, client.getBooleanDetails("billing-bot", false,
                new ImmutableContext("k")).getErrorCode(), "an unknown flag is not found whatever its type");
    }

    @Test
    void isNotReadyWhileNoConfigurationIsKnownAndBecomesReadyWhenOneArrives() {
        server.current = null; // nothing deployed yet
        TightropeProvider tightrope = provider(Duration.ofMillis(100));
        List<EventDetails> ready = new CopyOnWriteArrayList<>();
        assertThrows(RuntimeException.class, () -> api.setProviderAndWait(domain, tightrope));
        Client client = api.getClient(domain);
        client.on(ProviderEvent.PROVIDER_READY, ready::add);
        assertEquals(ProviderState.ERROR, client.getProviderState());
        Value early = new Value("early");
        FlagEvaluationDetails<Value> details = client.getObjectDetails("support-bot", early, new ImmutableContext("k"));
        assertEquals(ErrorCode.PROVIDER_NOT_READY, details.getErrorCode());
        assertEquals(early, details.getValue());
        server.current = config(1);
        await().atMost(WAIT).until(() -> client.getProviderState() == ProviderState.READY);
        await().atMost(WAIT).until(() -> !ready.isEmpty());
        assertEquals("v1", client.getObjectDetails("support-bot", new Value(), new ImmutableContext("k")).getVariant());
    }

    @Test
    void trackReportsAnOutcomeOfTheRoutedVersion() {
        server.current = config(3, 100, "salt-1", 2);
        TightropeProvider tightrope = provider(WAIT);
        api.setProviderAndWait(domain, tightrope);
        Client client = api.getClient(domain);
        client.track("support-bot", new ImmutableContext("user-42"), new MutableTrackingEventDetails()
                .add("status", "SUCCESS").add("latencyMs", 812.0).add("taskCompleted", true).add("costUsd", 0.002)
                .add("inputTokens", 900).add("toolCalls", List.of(new Value(new MutableStructure()
                        .add("tool", "lookup_order").add("status", "ERROR").add("latencyMs", 31)))));
        client.track("support-bot", new ImmutableContext("user-42"), new MutableTrackingEventDetails()
                .add("latencyMs", 5.0)); // no status: logged, not sent
        client.track("support-bot", new ImmutableContext("user-42"), new MutableTrackingEventDetails()
                .add("status", "SUCCESS").add("latencyMs", 5.0).add("inputTokens", 10.5)); // not a whole number
        client.track("billing-bot", new ImmutableContext("user-42"), new MutableTrackingEventDetails()
                .add("status", "SUCCESS").add("latencyMs", 5.0)); // not an agent of it
        client.track("support-bot", new ImmutableContext(), new MutableTrackingEventDetails()
                .add("status", "SUCCESS").add("latencyMs", 5.0)); // no targeting key
        assertTrue(tightrope.client("support-bot").orElseThrow().outcomes().flush(WAIT));
        List<Map<String, Object>> lines = server.outcomePosts.stream().flatMap(post -> post.lines().stream()).toList();
        assertEquals(1, lines.size(), lines.toString());
        Map<String, Object> line = lines.get(0);
        assertEquals(List.of(2L, "CANARY", 3L, "user-42", "SUCCESS", 812.0, true, 0.002, 900L),
                List.of(line.get("version"), line.get("arm"), line.get("generation"), line.get("routingKey"),
                        line.get("status"), line.get("latencyMs"), line.get("taskCompleted"), line.get("costUsd"),
                        line.get("inputTokens")));
        assertEquals(List.of(Map.of("tool", "lookup_order", "status", "ERROR", "latencyMs", 31.0)),
                line.get("toolCalls"));
    }

    @Test
    void servesClientsOfYoursAndLeavesThemOpen() {
        Tightrope mine = Tightrope.connect(connection(WAIT).agent("support-bot").build());
        try {
            api.setProviderAndWait(domain, TightropeProvider.builder().clients(mine).build());
            assertEquals("v1", api.getClient(domain).getObjectDetails("support-bot", new Value(),
                    new ImmutableContext("k")).getVariant());
            api.shutdown();
            assertEquals(1, mine.route("k").version(), "still open");
            assertTrue(mine.outcomes().pending() == 0);
        } finally {
            mine.close();
        }
    }

    @Test
    void refusesABuilderWithoutAgents() {
        assertThrows(IllegalArgumentException.class, () -> TightropeProvider.builder().connection(connection(WAIT))
                .build());
        assertThrows(IllegalArgumentException.class, () -> TightropeProvider.builder().clients(List.of()));
    }
}
