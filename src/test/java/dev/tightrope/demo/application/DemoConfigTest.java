package dev.tightrope.demo.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Demo mode is on in dev mode only: the application's own properties, read for each profile the way Quarkus reads
 * them, leave it off in production (and tests), and on under {@code mvn quarkus:dev}.
 */
class DemoConfigTest {

    @Test
    void productionLeavesTheDemoOff() throws IOException {
        assertThat(config("prod").enabled()).isFalse();
    }

    @Test
    void devModeTurnsItOnAndTestsLeaveItOff() throws IOException {
        assertThat(config("dev").enabled()).isTrue();
        assertThat(config("test").enabled()).isFalse();
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() throws IOException {
        DemoConfig config = config("prod");
        assertThat(config.agent()).isEqualTo("demo-support-bot");
        assertThat(config.environment()).isEqualTo("production");
        assertThat(config.requestsPerSecond()).isEqualTo(60.0);
        assertThat(config.warmUp()).hasSeconds(10);
        assertThat(config.pause()).hasSeconds(20);
        assertThat(config.seed()).isEmpty();
        assertThat(config.url()).isEmpty();
    }

    private static DemoConfig config(String profile) throws IOException {
        URL properties = DemoConfigTest.class.getClassLoader().getResource("application.properties");
        assertThat(properties).as("the application's properties").isNotNull();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(properties))
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(DemoConfig.class)
                .build();
        return config.getConfigMapping(DemoConfig.class);
    }
}
