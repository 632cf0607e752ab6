package dev.tightrope.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A test profile whose outcome intake takes 5 outcomes at once, with a Retry-After of 2 s: to see it overloaded. */
public class SmallOutcomeIntake implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tightrope.outcomes.max-in-flight", "5", "tightrope.outcomes.retry-after", "2S");
    }
}
