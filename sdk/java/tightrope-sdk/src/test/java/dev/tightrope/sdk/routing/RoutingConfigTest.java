package dev.tightrope.sdk.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.tightrope.sdk.ProtocolException;
import dev.tightrope.sdk.json.Json;

class RoutingConfigTest {

    private static final String CONFIG = "{\"agent\":\"support-bot\",\"environment\":\"production\",\"generation\":7,"
            + "\"weight\":62,\"salt\":\"salt-1\",\"rolloutId\":\"12\",\"toolGates\":{},"
            + "\"stable\":{\"version\":13,\"snapshotHash\":\"h13\",\"prompt\":{\"system\":\"v13\"},"
            + "\"model\":{\"modelId\":\"gpt-4o\",\"temperature\":0.2},\"tools\":{\"tools\":[{\"name\":\"lookup\"}]},"
            + "\"guardrails\":{},\"knowledgeBase\":{\"indexId\":\"kb\"}},"
            + "\"canary\":{\"version\":14,\"prompt\":{\"system\":\"v14\"},\"future\":\"kept\"}}";

    @Test
    void routesWithTheConfigurationAndHandsOutTheVersionsComponents() {
        RoutingConfig config = RoutingConfig.fromJson(CONFIG);
        assertEquals("RoutingConfig[support-bot/production, generation 7, stable 13, canary 14 at 62 %]",
                config.toString());
        Decision canary = config.route("user-42", new SplittableRandom(1)); // bucket 6180 < 6200
        assertEquals(Arm.CANARY, canary.arm());
        assertEquals(14, canary.version());
        assertEquals(7, canary.generation());
        assertEquals("12", canary.rolloutId().orElseThrow());
        assertEquals("user-42", canary.routingKey().orElseThrow());
        assertEquals(Map.of("system", "v14"), canary.prompt());
        assertEquals(Map.of(), canary.model(), "a component not sent is an empty map");
        assertEquals("kept", canary.config().raw().get("future"));
        Decision stable = config.route("user-1", new SplittableRandom(1));
        assertEquals(Bucketing.stickyArm("salt-1", "user-1", 62), stable.arm());
        RoutingConfig noCanary = RoutingConfig.fromJson(CONFIG.replace("\"weight\":62", "\"weight\":0"));
        Decision plain = noCanary.route("user-42", new SplittableRandom(1));
        assertEquals(13, plain.version());
        assertEquals(0.2, plain.model().get("temperature"));
        assertEquals(List.of(Map.of("name", "lookup")), plain.tools().get("tools"));
        assertEquals("h13", plain.config().snapshotHash().orElseThrow());
        assertTrue(config.route(null, new SplittableRandom(1)).routingKey().isEmpty());
        assertTrue(config.route("", new SplittableRandom(1)).routingKey().isEmpty());
    }

    @Test
    void writesItselfBackAsTheSameJson() {
        RoutingConfig config = RoutingConfig.fromJson(CONFIG);
        RoutingConfig again = RoutingConfig.fromJson(config.toJson());
        assertTrue(config.sameAs(again));
        assertFalse(config.sameAs(RoutingConfig.fromJson(CONFIG.replace("v14", "v14!"))));
        assertFalse(config.sameAs(null));
    }

    @Test
    void isStableWithoutACanaryWhateverTheKey() {
        RoutingConfig config = RoutingConfig.fromJson(CONFIG.replaceAll("\"canary\":\\{.*}}$", "\"canary\":null}")
                .replace("\"weight\":62", "\"weight\":0").replace("\"salt\":\"salt-1\"", "\"salt\":null"));
        assertTrue(config.canary().isEmpty());
        for (String key : new String[] {"a", "b", null}) {
            assertEquals(Arm.STABLE, config.route(key, new SplittableRandom(3)).arm());
        }
    }

    @Test
    void refusesWhatIsNotARoutingConfigurationNamingTheField() {
        assertRefused("generation must be a whole number from 0, was a string (\"7\")",
                CONFIG.replace("\"generation\":7", "\"generation\":\"7\""));
        assertRefused("generation must be a whole number from 0, was a number (7.0)",
                CONFIG.replace("\"generation\":7", "\"generation\":7.0"));
        assertRefused("weight must be a whole number from 0 to 100, was a number (101)",
                CONFIG.replace("\"weight\":62", "\"weight\":101"));
        assertRefused("a canary with a weight needs a salt", CONFIG.replace("\"salt\":\"salt-1\"", "\"salt\":null"));
        assertRefused("salt must be a non-empty string or null", CONFIG.replace("\"salt\":\"salt-1\"", "\"salt\":\"\""));
        assertRefused("stable.version must be a whole number from 1 to 2147483647, was null",
                CONFIG.replace("\"version\":13,", ""));
        assertRefused("stable must be a version's configuration (an object), was null",
                "{\"agent\":\"a\",\"environment\":\"e\",\"generation\":1}");
        assertRefused("canary.prompt must be an object, was a string (\"x\")",
                CONFIG.replace("\"prompt\":{\"system\":\"v14\"}", "\"prompt\":\"x\""));
        assertRefused("rolloutId must be a string or null, was a number (12)",
                CONFIG.replace("\"rolloutId\":\"12\"", "\"rolloutId\":12"));
        assertRefused("agent must be a string, was null", CONFIG.replace("\"agent\":\"support-bot\",", ""));
        assertRefused("toolGates must be an object, was an array", CONFIG.replace("\"toolGates\":{}", "\"toolGates\":[]"));
        assertRefused("not a JSON object but an array", "[]");
        assertThrows(ProtocolException.class, () -> RoutingConfig.fromJson("{not json"));
    }

    @Test
    void anOpenBreakerDisablesTheToolForEveryKey() {
        RoutingConfig open = withGates("{\"search\":{\"state\":\"OPEN\",\"share\":0},\"aaa\":{\"state\":\"OPEN\",\"share\":0}}");
        for (String key : new String[] {"customer-1", "customer-2", null}) {
            assertEquals(List.of("aaa", "search"), open.route(key, new SplittableRandom(1)).disabledTools(),
                    "sorted by name");
        }
    }

    @Test
    void aHalfOpenBreakerLetsTheKeysOfItsShareInStickyByBucket() {
        RoutingConfig halfOpen = withGates("{\"search\":{\"state\":\"HALF_OPEN\",\"share\":10}}");
        int admitted = 0;
        for (int i = 0; i < 1_000; i++) {
            String key = "customer-" + i;
            boolean in = halfOpen.route(key, new SplittableRandom(1)).disabledTools().isEmpty();
            assertEquals(Bucketing.bucket("tool:search", key) < 1000, in, key);
            admitted += in ? 1 : 0;
        }
        assertTrue(admitted > 50 && admitted < 150, admitted + " admitted");
        assertEquals(List.of("search"), halfOpen.route(null, new SplittableRandom(1)).disabledTools());
    }

    @Test
    void aGateItCannotReadKeepsTheToolClosedToEveryone() {
        RoutingConfig odd = withGates("{\"a\":{\"state\":\"HALF_OPEN\",\"share\":\"10\"},\"b\":{\"state\":\"SOMETHING\","
                + "\"share\":100},\"c\":\"broken\",\"d\":{\"state\":\"HALF_OPEN\",\"share\":10.0}}");
        for (int i = 0; i < 100; i++) {
            assertEquals(List.of("a", "b", "c", "d"), odd.route("k" + i, new SplittableRandom(1)).disabledTools());
        }
    }

    @Test
    void noGatesNoDisabledTools() {
        assertEquals(List.of(), withGates("{}").route("k", new SplittableRandom(1)).disabledTools());
        Map<String, Object> raw = new LinkedHashMap<>(Json.parseObject(CONFIG));
        raw.remove("toolGates");
        assertEquals(List.of(), RoutingConfig.parse(raw).route("k", new SplittableRandom(1)).disabledTools());
    }

    private static RoutingConfig withGates(String gates) {
        return RoutingConfig.fromJson(CONFIG.replace("\"toolGates\":{}", "\"toolGates\":" + gates));
    }

    private static void assertRefused(String expected, String json) {
        ProtocolException refused = assertThrows(ProtocolException.class, () -> RoutingConfig.fromJson(json));
        assertEquals("not a Tightrope routing configuration: " + expected, refused.getMessage());
    }
}
