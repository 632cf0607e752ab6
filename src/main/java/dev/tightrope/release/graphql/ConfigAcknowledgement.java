package dev.tightrope.release.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.release.application.PropagationService.Acknowledgement;

/** GraphQL type {@code ConfigAcknowledgement}. */
@Type("ConfigAcknowledgement")
@Description("A runtime's confirmation that it uses a generation's configuration.")
public class ConfigAcknowledgement {

    private final Acknowledgement acknowledgement;

    public ConfigAcknowledgement(Acknowledgement acknowledgement) {
        this.acknowledgement = acknowledgement;
    }

    @Description("The runtime that acknowledged.")
    @NonNull
    public String getRuntimeId() {
        return acknowledgement.runtimeId();
    }

    @Description("The generation it now uses.")
    @NonNull
    public int getGeneration() {
        return Math.toIntExact(acknowledgement.generation());
    }

    @NonNull
    public Instant getAcknowledgedAt() {
        return acknowledgement.acknowledgedAt();
    }

    @NonNull
    @Description("Traffic changes that reached every expected runtime with this acknowledgement.")
    public int getEventsPropagated() {
        return acknowledgement.eventsPropagated();
    }
}
