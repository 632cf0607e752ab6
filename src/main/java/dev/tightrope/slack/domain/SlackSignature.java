package dev.tightrope.slack.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's v0 request signatures: proof that a request comes from Slack and was not changed or replayed late.
 *
 * <p>Slack sends {@code X-Slack-Request-Timestamp} (Unix seconds) and {@code X-Slack-Signature: v0=<hex>}, where
 * {@code hex = HMAC-SHA256(signingSecret, "v0:" + timestamp + ":" + rawBody)} in lower-case hexadecimal. The body
 * must be the exact bytes received, before any form decoding. A request is accepted when the timestamp is within
 * {@code window} of now (in either direction, which also rejects clocks far ahead) and the signature matches; the
 * comparison is constant-time ({@link MessageDigest#isEqual}), so response timing reveals nothing about how much of
 * a forged signature was right.
 *
 * <p>Worked example (Slack's documentation): secret {@code 8f742231b10e8888abcd99yyyzzz85a5}, timestamp
 * {@code 1531420618}, body {@code token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&…} gives
 * {@code v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503}.
 */
public final class SlackSignature {

    /** Slack's replay window: requests signed more than five minutes ago (or ahead) are refused. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    private static final String VERSION = "v0";

    private SlackSignature() {
    }

    /** The outcome of a check; only {@link #VALID} lets a request through. */
    public enum Check {
        VALID,
        /** A header is absent or empty. */
        MISSING,
        /** The timestamp is not a number or the signature is not {@code v0=} followed by 64 hex digits. */
        MALFORMED,
        /** The timestamp is outside the window: a replay or a badly wrong clock. */
        STALE,
        /** Well-formed, fresh, and wrong: another secret, or a changed body. */
        MISMATCH
    }

    /**
     * Checks a request.
     *
     * @param timestamp value of {@code X-Slack-Request-Timestamp}, may be {@code null}
     * @param signature value of {@code X-Slack-Signature}, may be {@code null}
     * @param rawBody   the request body exactly as received
     */
    public static Check check(String secret, String timestamp, String signature, byte[] rawBody, Instant now,
            Duration window) {
        if (timestamp == null || timestamp.isBlank() || signature == null || signature.isBlank()) {
            return Check.MISSING;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Check.MALFORMED;
        }
        byte[] given = parse(signature.strip());
        if (given == null) {
            return Check.MALFORMED;
        }
        long age = now.getEpochSecond() - seconds;
        if (Math.abs(age) > window.toSeconds()) {
            return Check.STALE;
        }
        byte[] expected = hmac(secret, timestamp.strip(), rawBody);
        return MessageDigest.isEqual(expected, given) ? Check.VALID : Check.MISMATCH;
    }

    /** The header value Slack would send for this body: {@code v0=<64 hex digits>}. */
    public static String sign(String secret, String timestamp, byte[] rawBody) {
        return VERSION + "=" + HexFormat.of().formatHex(hmac(secret, timestamp, rawBody));
    }

    private static byte[] parse(String signature) {
        if (!signature.startsWith(VERSION + "=") || signature.length() != VERSION.length() + 1 + 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(signature.substring(VERSION.length() + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmac(String secret, String timestamp, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(rawBody);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
