package dev.tightrope.audit.graphql;

import java.io.StringReader;
import java.time.Instant;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.audit.domain.AuditRecord;
import dev.tightrope.audit.domain.AuditSource;

/** GraphQL type {@code AuditEntry}. */
@Type("AuditEntry")
@Description("One line of the append-only audit log.")
public class AuditEntryNode {

    private final AuditRecord record;

    AuditEntryNode(AuditRecord record) {
        this.record = record;
    }

    @Description("Identifies the entry.")
    @Id
    @NonNull
    public String getId() {
        return Long.toString(record.id());
    }

    @NonNull
    @Description("When the action was decided.")
    public Instant getAt() {
        return record.at();
    }

    @NonNull
    @Description("Who acted: token:<name>, slack:<user id>, or Tightrope itself (scheduler, judge).")
    public String getActor() {
        return record.actor();
    }

    @Id
    @Description("The API token used; null for Slack users and Tightrope's own actions.")
    public String getTokenId() {
        return record.tokenId() == null ? null : Long.toString(record.tokenId());
    }

    @Description("Through which channel the action came in.")
    @NonNull
    public AuditSource getSource() {
        return record.source();
    }

    @NonNull
    @Description("What was done: the mutation's name for API calls (rollback, createApiToken, ...).")
    public String getOperation() {
        return record.operation();
    }

    @NonNull
    @Description("The arguments, by name; secrets (fields named like secret, token, password, ...) are \"***\", "
            + "long strings shortened.")
    public JsonValue getArguments() {
        try (JsonReader reader = Json.createReader(new StringReader(record.argumentsJson()))) {
            return reader.readValue();
        }
    }

    @NonNull
    @Description("OK, or the error code the action ended with (FORBIDDEN, VALIDATION, CONFLICT, ...).")
    public String getOutcome() {
        return record.outcome();
    }
}
