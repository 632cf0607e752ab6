package dev.tightrope.telemetry.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a batch of outcomes contained, as the SHA-256 (hex) of its outcomes as they were read: a batch id sent again
 * with the same fingerprint is a retry, with another one a different batch under a used id. It is taken of the
 * outcomes, not of the request's bytes, so a retry sent with other whitespace, key order or compression is still the
 * same batch; lines that could not be read count with their refusal.
 *
 * <p>Example: {@code add(1, outcome)}, {@code addRefused(2, "Line 2 is not valid JSON …")}, then {@code hex()}
 * gives 64 hex digits, equal for every request that reads as those two lines.
 */
public final class BatchFingerprint {

    private final MessageDigest digest;

    public BatchFingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** An outcome read at {@code position}. */
    public BatchFingerprint add(int position, RawOutcome outcome) {
        return update(position + "\u0001" + outcome);
    }

    /** A line or item at {@code position} that could not be read or was refused before the rules. */
    public BatchFingerprint addRefused(int position, String refusal) {
        return update(position + "\u0002" + refusal);
    }

    /** The fingerprint so far. */
    public String hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests can be cloned", e);
        }
    }

    private BatchFingerprint update(String item) {
        digest.update(item.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        return this;
    }
}
