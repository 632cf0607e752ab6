package dev.tightrope.demo.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.random.RandomGenerator;

/**
 * How the demo's synthetic runtime picks an arm for a request, from the routing configuration it holds, without
 * asking the server: the rule of docs/runtime-api.md ("Routing locally"), written here from that document as any
 * runtime would write it. {@code LocalRoutingTest} holds it to {@code sdk/test-vectors/bucketing.json}, which the
 * server's own bucketing generates.
 *
 * <pre>
 *   no canary, or weight 0        → STABLE
 *   no routing key                → CANARY with probability weight / 100
 *   otherwise                     → CANARY when bucket(salt, key) &lt; weight × 100
 *   bucket(salt, key)             = unsigned big-endian first 8 bytes of SHA-256(UTF-8(salt + ":" + key)) mod 10 000
 * </pre>
 */
public final class LocalRouting {

    /** The two arms, as the outcome lines name them. */
    public enum Arm { STABLE, CANARY }

    private static final int BUCKETS = 10_000;

    private LocalRouting() {
    }

    /**
     * The arm of one request.
     *
     * @param canary     whether the configuration has a canary at all
     * @param weight     the canary's weight in percent (0..100)
     * @param salt       the rollout's salt (needed when there is a canary and a routing key)
     * @param routingKey the request's sticky key, or null / empty for none
     * @param random     for requests without a key
     */
    public static Arm arm(boolean canary, int weight, String salt, String routingKey, RandomGenerator random) {
        if (!canary || weight <= 0) {
            return Arm.STABLE;
        }
        int threshold = Math.min(weight, 100) * (BUCKETS / 100);
        int draw = routingKey == null || routingKey.isEmpty() ? random.nextInt(BUCKETS) : bucket(salt, routingKey);
        return draw < threshold ? Arm.CANARY : Arm.STABLE;
    }

    /** The bucket, 0..9 999, of a routing key under a rollout's salt. */
    public static int bucket(String salt, String routingKey) {
        byte[] digest = sha256().digest((salt + ':' + routingKey).getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, Long.BYTES).getLong(), BUCKETS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
