package dev.tightrope.release.persistence;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;
import dev.tightrope.release.persistence.TrafficStore.Decision;
import dev.tightrope.release.persistence.TrafficStore.LockRequest;
import dev.tightrope.release.persistence.TrafficStore.LockedDeployment;
import dev.tightrope.testing.BackendNotices;
import dev.tightrope.testing.DatabaseProbe;
import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The paths of {@link TrafficStore#inTransaction} that no API request takes on purpose: the work throws between LOCK
 * and WRITE, its caller goes away, the database connection dies between LOCK and WRITE. Each time the transaction
 * ends (ROLLBACK, or the connection is gone) before the connection is released, and nothing is committed.
 */
@QuarkusTest
class TrafficTransactionTest {

    private static final String ENV = "production";
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private BackendNotices notices;

    @BeforeEach
    void collectNotices() {
        notices = BackendNotices.collect();
    }

    @AfterEach
    void stopCollecting() {
        notices.close();
    }

    @Inject
    TrafficStore store;

    @Test
    void anExceptionBetweenLockAndWriteRollsBack() {
        String agent = deployedAgent("tx-throws");
        Throwable failure = store.<String>inTransaction(lockRequest(agent), transaction -> {
            assertThat(transaction.locked().generation()).isEqualTo(1);
            throw new IllegalStateException("bug between LOCK and WRITE");
        }).onItem().transform(item -> (Throwable) null).onFailure().recoverWithItem(t -> t)
                .await().atMost(PATIENCE);

        assertThat(failure).hasMessage("bug between LOCK and WRITE");
        assertNothingLeftOpen(agent);
        deployVersion2(agent);
    }

    @Test
    void aCallerThatGoesAwayDoesNotLeaveTheTransactionOpen() throws Exception {
        String agent = deployedAgent("tx-cancelled");
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<String> finishWork = new CompletableFuture<>();
        AtomicReference<Object> heard = new AtomicReference<>();
        Cancellable subscription = store.inTransaction(lockRequest(agent), transaction -> {
            locked.countDown();
            return Uni.createFrom().completionStage(finishWork);
        }).subscribe().with(heard::set, heard::set);

        assertThat(locked.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        subscription.cancel();
        assertThat(DatabaseProbe.deploymentRowIsFree(agent, ENV)).as("locked while the work runs").isFalse();
        finishWork.complete("done");

        assertNothingLeftOpen(agent);
        assertThat(heard.get()).as("the cancelled caller hears nothing").isNull();
        deployVersion2(agent);
    }

    @Test
    void aConnectionLostBetweenLockAndWriteFailsAsUnavailableAndCommitsNothing() throws Exception {
        String agent = deployedAgent("tx-connection-lost");
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Void> write = new CompletableFuture<>();
        LockRequest request = lockRequest(agent);
        CompletableFuture<Object> outcome = store.inTransaction(request, transaction -> {
            Decision decision = deployVersion2Decision(request.agentId(), transaction.locked());
            locked.countDown();
            return Uni.createFrom().completionStage(write).chain(() -> transaction.write(decision));
        }).onItem().transform(Object.class::cast).onFailure().recoverWithItem(t -> t)
                .subscribeAsCompletionStage();

        assertThat(locked.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        long pid = DatabaseProbe.queryLong("select l.pid from pg_locks l join pg_stat_activity a on a.pid = l.pid "
                + "where l.locktype = 'relation' and l.relation = 'deployment'::regclass and l.mode = 'RowShareLock' "
                + "and a.application_name = 'vertx-pg-client' and a.state like 'idle in transaction%'");
        assertThat(DatabaseProbe.queryLong("select pg_terminate_backend(?)::int", (int) pid)).isEqualTo(1);
        await().atMost(PATIENCE).until(() ->
                DatabaseProbe.queryLong("select count(*) from pg_stat_activity where pid = ?", (int) pid) == 0);
        write.complete(null);

        Object result = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(Throwable.class);
        assertThat(ErrorTranslator.codeOf((Throwable) result)).isEqualTo(ErrorCode.UNAVAILABLE);
        assertNothingLeftOpen(agent);
        execute("deployment", Map.of("agent", agent, "environment", ENV, "first", 1))
                .body("data.deployment.generation", equalTo(1));
        deployVersion2(agent);
    }

    private static String deployedAgent(String prefix) {
        String agent = Fixtures.agentWithVersions(prefix, 2);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        return agent;
    }

    private static LockRequest lockRequest(String agent) {
        long agentId = DatabaseProbe.queryLong("select id from agent where slug = ?", agent);
        return new LockRequest(agentId, ENV, null, null, Instant.now());
    }

    /** What TrafficService would decide for "deploy version 2" on a deployment at version 1. */
    private static Decision deployVersion2Decision(long agentId, LockedDeployment locked) {
        Instant now = Instant.now();
        return new Decision(locked.id(), agentId, ENV, false, null, null, null, null, null, null, null, null,
                2, locked.generation() + 1, false, TrafficChangeType.DEPLOYED, Trigger.API, 1, 2, null, null,
                "test", "", now, now, null, null, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofMinutes(1)),
                "{}");
    }

    /** The next change through the API goes through. */
    private static void deployVersion2(String agent) {
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 2, "expectedGeneration", 1))
                .body("errors", nullValue())
                .body("data.deploy.generation", equalTo(2));
    }

    /**
     * The transaction ended: the deployment row is free and no connection idles in a transaction; and none was
     * handed out inside one meanwhile (a later BEGIN would have joined it, healing the leak; the client logs that).
     */
    private void assertNothingLeftOpen(String agent) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(DatabaseProbe.deploymentRowIsFree(agent, ENV)).as("deployment row not held by a transaction")
                    .isTrue();
            assertThat(DatabaseProbe.reactiveConnectionsIdleInTransaction()).isEmpty();
        });
        assertThat(notices.transactionAlreadyInProgress()).as("BEGIN on a connection still in a transaction")
                .isEmpty();
    }
}
