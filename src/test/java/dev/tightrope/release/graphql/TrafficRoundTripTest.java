package dev.tightrope.release.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.ProxiedPostgresResource;
import dev.tightrope.testing.RoundTripProxy;
import dev.tightrope.testing.RoundTripProxy.Transaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * Counts the round trips of traffic changes on the wire, through a proxy between the application's reactive pool
 * and PostgreSQL ({@link RoundTripProxy}; own profile, so the application restarts). A change is two round trips:
 * BEGIN with LOCK (and REPLAY when it has an idempotency key), then WRITE with COMMIT, or ROLLBACK when it writes
 * nothing. On top of that, a connection prepares each statement once, at its first use, and waits for that: one
 * more round trip per prepare, which the test counts apart ('P' messages) and sees vanish once connections are warm.
 */
@QuarkusTest
@TestProfile(TrafficRoundTripTest.ThroughProxy.class)
class TrafficRoundTripTest {

    private static final Logger LOG = Logger.getLogger(TrafficRoundTripTest.class);
    /** Long enough that messages a client sends in one go never straddle an answer, short enough to stay quick. */
    private static final Duration ANSWER_DELAY = Duration.ofMillis(40);
    private static final int MAX_ROUNDS = 25;

    /** The test database behind a proxy, for this class only. */
    public static class ThroughProxy implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxiedPostgresResource.class));
        }
    }

    @Test
    void aTrafficChangeTakesTwoRoundTrips() {
        String agent = Fixtures.agentWithVersions("round-trips", 2);
        String environment = Fixtures.uniqueSlug("rt");
        RoundTripProxy proxy = ProxiedPostgresResource.proxy();
        proxy.delayAnswers(ANSWER_DELAY);
        try {
            Transaction firstUse = measure(environment, () -> change("deploy", agent, environment,
                    Map.of("version", 1)).body("errors", nullValue()));
            assertThat(firstUse.roundTrips() - firstUse.prepares())
                    .as("first use of a deployment (CREATE, then LOCK again): %s", firstUse).isEqualTo(3);
            LOG.infof("first use: %d round trips, %d of them to prepare: %s", firstUse.roundTrips(),
                    firstUse.prepares(), firstUse);

            Map<String, Transaction> warm = new LinkedHashMap<>();
            for (int round = 0; round < MAX_ROUNDS && warm.size() < 4; round++) {
                String key = "rt-key-" + round + "-" + agent;
                check("deploy", warm, measure(environment, () -> change("deploy", agent, environment,
                        Map.of("version", 2)).body("errors", nullValue())));
                check("rollback with an idempotency key", warm, measure(environment, () -> change("rollback", agent,
                        environment, Map.of("idempotencyKey", key)).body("data.rollback.toVersion", equalTo(1))));
                check("replayed rollback", warm, measure(environment, () -> change("rollback", agent, environment,
                        Map.of("idempotencyKey", key)).body("data.rollback.toVersion", equalTo(1))));
                check("refused deploy", warm, measure(environment, () -> change("deploy", agent, environment,
                        Map.of("version", 2, "expectedGeneration", 0))
                        .body("errors[0].extensions.code", equalTo("CONFLICT"))));
            }
            warm.forEach((kind, transaction) -> LOG.infof("%s: %d round trips: %s", kind,
                    transaction.roundTrips(), transaction));
            assertThat(warm.keySet()).as("every kind seen on a connection with its statements prepared")
                    .containsExactlyInAnyOrder("deploy", "rollback with an idempotency key", "replayed rollback",
                            "refused deploy");
            warm.forEach((kind, transaction) ->
                    assertThat(transaction.roundTrips()).as("%s: %s", kind, transaction).isEqualTo(2));
        } finally {
            proxy.delayAnswers(Duration.ZERO);
        }
    }

    /**
     * Any change: BEGIN goes first. On a warm connection (nothing to prepare) it takes two round trips; on a cold
     * one the driver may send a prepare in the same flight as the statement before it or in one of its own,
     * depending on timing, so cold transactions are only logged and the count is asserted on warm ones.
     */
    private static void check(String kind, Map<String, Transaction> warm, Transaction transaction) {
        LOG.debugf("%s: %s", kind, transaction);
        assertThat(transaction.flights().get(0).get(0).query()).as("%s: %s", kind, transaction).isEqualTo("BEGIN");
        if (transaction.prepares() == 0) {
            assertThat(transaction.roundTrips()).as("%s: %s", kind, transaction).isEqualTo(2);
            warm.putIfAbsent(kind, transaction);
        }
    }

    /** The one transaction the change ran: the one binding its (unique) environment name, LOCK's parameter. */
    private static Transaction measure(String environment, Runnable change) {
        RoundTripProxy proxy = ProxiedPostgresResource.proxy();
        int before = proxy.transactionsBinding(environment).size();
        change.run();
        List<Transaction> after = proxy.transactionsBinding(environment);
        assertThat(after).as("one transaction per change").hasSize(before + 1);
        return after.get(after.size() - 1);
    }

    private static ValidatableResponse change(String operation, String agent, String environment,
            Map<String, Object> variables) {
        Map<String, Object> all = new HashMap<>(variables);
        all.put("agent", agent);
        all.put("environment", environment);
        return execute(operation, all);
    }
}
