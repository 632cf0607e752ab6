package dev.tightrope.audit.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.audit.domain.AuditEntry;
import dev.tightrope.audit.domain.AuditFilter;
import dev.tightrope.audit.domain.AuditRecord;
import dev.tightrope.audit.domain.AuditSource;
import dev.tightrope.platform.paging.Page;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.testing.EmbeddedPostgresResource;
import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** The audit log as other features use it: record directly, list with filters, never rewrite. */
@QuarkusTest
class AuditLogTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    AuditLog auditLog;

    @Test
    void recordedEntriesAreListedNewestFirstWithSecretsRedacted() {
        String actor = "slack:" + Fixtures.uniqueSlug("U");
        Instant at = Instant.parse("2026-11-27T10:15:30Z");
        auditLog.record(new AuditEntry(actor, null, AuditSource.SLACK, "rollback",
                Map.of("agent", "support-bot", "signingSecret", "s3cr3t"), AuditEntry.OK, at))
                .await().atMost(WAIT);
        auditLog.record(new AuditEntry(actor, null, AuditSource.SLACK, "promote", Map.of("agent", "support-bot"),
                "FORBIDDEN", at.plusSeconds(1))).await().atMost(WAIT);

        List<AuditRecord> mine = page(new AuditFilter(actor, null, null, null, null, null), 10).items().stream()
                .map(Page.Item::value).toList();
        assertThat(mine).extracting(AuditRecord::operation).containsExactly("promote", "rollback");
        AuditRecord rollback = mine.get(1);
        assertThat(rollback.source()).isEqualTo(AuditSource.SLACK);
        assertThat(rollback.outcome()).isEqualTo("OK");
        assertThat(rollback.at()).isEqualTo(at);
        assertThat(rollback.tokenId()).isNull();
        assertThat(rollback.argumentsJson()).contains("\"agent\":\"support-bot\"")
                .contains("\"signingSecret\":\"***\"").doesNotContain("s3cr3t");

        assertThat(page(new AuditFilter(actor, "promote", AuditSource.SLACK, "FORBIDDEN", null, null), 10).items())
                .hasSize(1);
        assertThat(page(new AuditFilter(actor, null, AuditSource.API, null, null, null), 10).items()).isEmpty();
        assertThat(page(new AuditFilter(actor, null, null, null, at.plusSeconds(1), null), 10).items())
                .extracting(item -> item.value().operation()).containsExactly("promote");
        assertThat(page(new AuditFilter(actor, null, null, null, null, at.plusSeconds(1)), 10).items())
                .extracting(item -> item.value().operation()).containsExactly("rollback");

        Page<AuditRecord> first = page(new AuditFilter(actor, null, null, null, null, null), 1);
        assertThat(first.hasNextPage()).isTrue();
        Page<AuditRecord> second = auditLog.page(new AuditFilter(actor, null, null, null, null, null),
                new PageRequest(1, first.items().get(0).key())).await().atMost(WAIT);
        assertThat(second.items()).extracting(item -> item.value().operation()).containsExactly("rollback");
        assertThat(second.hasNextPage()).isFalse();
    }

    @Test
    void oddValuesAreMadeStorableInsteadOfFailing() {
        String actor = "scheduler-" + "x".repeat(AuditLog.MAX_ACTOR_LENGTH);
        auditLog.record(new AuditEntry(actor, null, AuditSource.SCHEDULER, "advance rollout", Map.of(),
                "not found", Instant.now())).await().atMost(WAIT);
        AuditRecord stored = page(new AuditFilter(actor.substring(0, AuditLog.MAX_ACTOR_LENGTH), null, null, null,
                null, null), 1).items().get(0).value();
        assertThat(stored.outcome()).isEqualTo("NOT_FOUND");
        assertThat(stored.argumentsJson()).isEqualTo("{}");
    }

    @Test
    void theAuditLogIsAppendOnlyInTheDatabase() throws SQLException {
        auditLog.record(new AuditEntry("judge", null, AuditSource.JUDGE, "rollback", Map.of(), AuditEntry.OK,
                Instant.now())).await().atMost(WAIT);
        try (Connection connection = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("update audit_log set outcome = 'OK'"))
                    .hasMessageContaining("The audit log is append-only: UPDATE is not allowed");
            assertThatThrownBy(() -> statement.executeUpdate("delete from audit_log"))
                    .hasMessageContaining("The audit log is append-only: DELETE is not allowed");
            assertThatThrownBy(() -> statement.executeUpdate("truncate audit_log"))
                    .hasMessageContaining("The audit log is append-only: TRUNCATE is not allowed");
        }
    }

    private Page<AuditRecord> page(AuditFilter filter, int size) {
        return auditLog.page(filter, new PageRequest(size, null)).await().atMost(WAIT);
    }
}
