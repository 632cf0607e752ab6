package dev.tightrope.audit.persistence;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.batch.GroupCommit;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends audit entries in plain SQL, with group commit ({@link GroupCommit}): entries written at the same moment
 * (a thousand runtimes acknowledging one rollback are a thousand audited mutations) go in one multi-row insert
 * instead of one transaction each. If a batch fails as a whole, each of its entries is tried alone, so one bad entry
 * never takes the others with it.
 */
@ApplicationScoped
public class AuditWriter {

    static final int MAX_BATCH = 1_000;

    static final String INSERT = "insert into audit_log (occurred_at, actor, token_id, source, operation, arguments, "
            + "outcome) select * from unnest($1::timestamptz[], $2::text[], $3::bigint[], $4::text[], $5::text[], "
            + "$6::text[], $7::text[])";

    private final Pool pool;
    private final GroupCommit<Boolean, AuditLogEntity, Boolean> batches = new GroupCommit<>(MAX_BATCH, this::write);

    AuditWriter(Pool pool) {
        this.pool = pool;
    }

    /** Appends the row (its id is not set); completes when it is committed, fails when it could not be. */
    public Uni<Void> append(AuditLogEntity row) {
        return batches.submit(Boolean.TRUE, row).chain(written -> written ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new IllegalStateException("the audit entry was refused by the database")));
    }

    private Uni<List<Boolean>> write(Boolean key, List<AuditLogEntity> rows) {
        Uni<List<Boolean>> together = insert(rows).map(ignored -> Collections.nCopies(rows.size(), Boolean.TRUE));
        if (rows.size() == 1) {
            return together;
        }
        return together.onFailure().recoverWithUni(failure -> Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> insert(List.of(row)).map(ignored -> Boolean.TRUE)
                        .onFailure().recoverWithItem(Boolean.FALSE))
                .collect().asList());
    }

    private Uni<Void> insert(List<AuditLogEntity> rows) {
        List<OffsetDateTime> at = new ArrayList<>(rows.size());
        List<String> actors = new ArrayList<>(rows.size());
        List<Long> tokens = new ArrayList<>(rows.size());
        List<String> sources = new ArrayList<>(rows.size());
        List<String> operations = new ArrayList<>(rows.size());
        List<String> arguments = new ArrayList<>(rows.size());
        List<String> outcomes = new ArrayList<>(rows.size());
        for (AuditLogEntity row : rows) {
            at.add(OffsetDateTime.ofInstant(row.occurredAt, ZoneOffset.UTC));
            actors.add(row.actor);
            tokens.add(row.tokenId);
            sources.add(row.source.name());
            operations.add(row.operation);
            arguments.add(row.arguments);
            outcomes.add(row.outcome);
        }
        Tuple columns = Tuple.tuple().addArrayOfOffsetDateTime(at.toArray(OffsetDateTime[]::new))
                .addArrayOfString(actors.toArray(String[]::new)).addArrayOfLong(tokens.toArray(Long[]::new))
                .addArrayOfString(sources.toArray(String[]::new)).addArrayOfString(operations.toArray(String[]::new))
                .addArrayOfString(arguments.toArray(String[]::new)).addArrayOfString(outcomes.toArray(String[]::new));
        return pool.preparedQuery(INSERT).execute(columns)
                .replaceWithVoid();
    }
}
