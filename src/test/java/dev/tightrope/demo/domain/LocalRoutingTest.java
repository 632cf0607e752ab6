package dev.tightrope.demo.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The demo runtime routes exactly as the server does: every case of the shared bucketing test vectors. */
class LocalRoutingTest {

    @Test
    void everyTestVectorGetsItsBucketAndArm() throws IOException {
        JsonArray cases = new JsonObject(Files.readString(Path.of("sdk/test-vectors/bucketing.json")))
                .getJsonArray("cases");
        assertThat(cases.size()).isGreaterThan(1000);
        Random unused = new Random(1);
        for (Object item : cases) {
            JsonObject vector = (JsonObject) item;
            String salt = vector.getString("salt");
            String key = vector.getString("routingKey");
            int weight = vector.getInteger("weight");
            assertThat(LocalRouting.bucket(salt, key)).as("bucket of %s under %s", key, salt)
                    .isEqualTo(vector.getInteger("bucket"));
            assertThat(LocalRouting.arm(true, weight, salt, key, unused).name()).as("arm of %s at %d %%", key, weight)
                    .isEqualTo(vector.getString("arm"));
        }
    }

    @Test
    void theWorkedExamplesOfTheRuntimeApi() {
        assertThat(LocalRouting.bucket("salt-1", "user-42")).isEqualTo(6180);
        assertThat(LocalRouting.bucket("salt-2", "user-42")).isEqualTo(8693);
    }

    @Test
    void withoutACanaryEverythingIsStableAndWithoutAKeyTheShareIsTheWeight() {
        SplittableRandom random = new SplittableRandom(7);
        assertThat(LocalRouting.arm(false, 50, null, "k", random)).isEqualTo(LocalRouting.Arm.STABLE);
        assertThat(LocalRouting.arm(true, 0, "s", "k", random)).isEqualTo(LocalRouting.Arm.STABLE);
        int canary = 0;
        for (int i = 0; i < 100_000; i++) {
            if (LocalRouting.arm(true, 5, "s", null, random) == LocalRouting.Arm.CANARY) {
                canary++;
            }
        }
        assertThat(canary / 100_000.0).isBetween(0.047, 0.053);
    }

    @Test
    void aConfigurationRoutesToItsVersions() {
        RoutingConfig config = new RoutingConfig(7, 1, 2, 100, "s", "9");
        assertThat(config.route("anyone", new SplittableRandom(1))).isEqualTo(
                new RoutingConfig.Routed(2, LocalRouting.Arm.CANARY));
        RoutingConfig stableOnly = new RoutingConfig(8, 1, null, 0, null, null);
        assertThat(stableOnly.route("anyone", new SplittableRandom(1))).isEqualTo(
                new RoutingConfig.Routed(1, LocalRouting.Arm.STABLE));
    }
}
