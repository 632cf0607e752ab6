package dev.tightrope.release.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.release.domain.Trigger;

/**
 * A traffic change as asked for by a person or an automation.
 *
 * @param command            what to do; a StartRollout's salt and a Rollback's previousStable are filled in by the
 *                           service
 * @param expectedGeneration optional optimistic check: apply only if the deployment is still at this generation
 * @param idempotencyKey     optional: a retried request with the same key and arguments returns the first result
 * @param reason             why, for the history (may be empty)
 */
public record TrafficRequest(String agent, String environment, TrafficCommand command, Long expectedGeneration,
        String idempotencyKey, String reason, Trigger trigger, String actor) {

    /**
     * What makes two requests "the same" for idempotency: everything the caller chose, nothing the server filled in.
     */
    String fingerprint() {
        StringBuilder text = new StringBuilder(command.operation()).append('|').append(agent).append('|')
                .append(environment).append('|').append(expectedGeneration).append('|').append(reason);
        if (command instanceof TrafficCommand.Deploy deploy) {
            text.append("|version=").append(deploy.version());
        } else if (command instanceof TrafficCommand.StartRollout start) {
            text.append("|version=").append(start.version()).append("|weight=").append(start.weight());
        } else if (command instanceof TrafficCommand.AdvanceRollout advance) {
            text.append("|weight=").append(advance.weight());
        } else if (command instanceof TrafficCommand.Rollback rollback) {
            text.append("|toVersion=").append(rollback.toVersion());
        } else if (command instanceof TrafficCommand.GateTool gate) {
            text.append("|tool=").append(gate.tool()).append("|state=").append(gate.state()).append("|share=")
                    .append(gate.share());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
