package dev.tightrope.sdk.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.random.RandomGenerator;

/**
 * Sticky bucketing, exactly as the Tightrope server computes it ({@code dev.tightrope.release.domain.Bucketing}).
 *
 * <pre>
 *   bucket = uint64_big_endian(first 8 bytes of SHA-256(UTF-8(salt + ":" + routingKey))) mod 10 000
 *   arm    = CANARY if bucket &lt; weight × 100 else STABLE
 * </pre>
 *
 * <p>Worked example: {@code bucket("salt-1", "user-42")} hashes {@code salt-1:user-42}; the digest starts
 * {@code 01 c6 e8 6e 43 ec 55 24}, i.e. 128 045 199 710 246 180, and that mod 10 000 is 6180: STABLE at 5 %
 * (threshold 500), CANARY at 62 % (threshold 6200). Under {@code salt-2} the digest starts {@code 89 68 3b a2 …}:
 * its top bit is set, so a signed {@code long} would give a negative remainder (−2923); read unsigned
 * ({@link Long#remainderUnsigned}) it is bucket 8693. The shared vectors in {@code sdk/test-vectors/bucketing.json}
 * hold this class to the server's own numbers.
 *
 * <p>The input is {@code (salt + ":" + routingKey).getBytes(UTF_8)}, as the server builds it. A routing key with
 * an unpaired surrogate has no UTF-8 form: each such surrogate is replaced by U+FFFD first (not the {@code ?} that
 * {@code getBytes} writes), as the TypeScript ({@code TextEncoder}) and Python SDKs do, so all three bucket
 * {@code "a\uD800"} as {@code "a\uFFFD"}. The server never routes such a key: it refuses it in GraphQL variables.
 */
public final class Bucketing {

    /** Number of buckets: a resolution of 0.01 %. */
    public static final int BUCKETS = 10_000;

    private static final int BUCKETS_PER_PERCENT = BUCKETS / 100;

    /**
     * One digest per thread: a {@link MessageDigest} keeps state between calls and must not be shared, and
     * {@code getInstance} looks up a provider each time, too slow for a call that should take a microsecond.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Bucketing::newSha256);

    private Bucketing() {
    }

    /**
     * The bucket (0..9 999) of {@code routingKey} under {@code salt}.
     *
     * @throws IllegalArgumentException if the salt or the key is null or empty (keyless requests are random)
     */
    public static int bucket(String salt, String routingKey) {
        if (salt == null || salt.isEmpty()) {
            throw new IllegalArgumentException("a rollout salt is required (a non-empty string)");
        }
        if (routingKey == null || routingKey.isEmpty()) {
            throw new IllegalArgumentException("a routing key is required for sticky bucketing (a non-empty string)");
        }
        // digest(byte[]) updates and resets, so the thread's digest is clean for its next call
        byte[] hash = SHA_256.get().digest(utf8(salt + ":" + routingKey));
        long firstEight = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            firstEight = (firstEight << 8) | (hash[i] & 0xFF);
        }
        return (int) Long.remainderUnsigned(firstEight, BUCKETS);
    }

    /** The UTF-8 bytes of {@code text}, each unpaired surrogate replaced by U+FFFD. */
    static byte[] utf8(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return withoutUnpairedSurrogates(text, i).getBytes(StandardCharsets.UTF_8);
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String withoutUnpairedSurrogates(String text, int from) {
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, from);
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /**
     * The buckets, counted from 0, that go to the canary at {@code weightPercent}: 5 → 500, 100 → 10 000.
     *
     * @throws IllegalArgumentException unless 0 ≤ weightPercent ≤ 100
     */
    public static int threshold(int weightPercent) {
        if (weightPercent < 0 || weightPercent > 100) {
            throw new IllegalArgumentException("weight must be a whole number from 0 to 100, was " + weightPercent);
        }
        return weightPercent * BUCKETS_PER_PERCENT;
    }

    /** CANARY when the key's bucket under {@code salt} is below the weight's threshold, else STABLE. */
    public static Arm stickyArm(String salt, String routingKey, int weightPercent) {
        int threshold = threshold(weightPercent);
        return bucket(salt, routingKey) < threshold ? Arm.CANARY : Arm.STABLE;
    }

    /**
     * The arm of one request, as the server's route() decides it: without a canary (or at weight 0) STABLE; with a
     * routing key sticky; without one ({@code null} or {@code ""}) random by weight on the same 10 000-bucket scale,
     * so 0 % never and 100 % always picks the canary.
     *
     * @throws IllegalArgumentException for a weight out of 0..100, or a canary with a key but no salt
     */
    public static Arm arm(String salt, int weightPercent, boolean hasCanary, String routingKey,
            RandomGenerator random) {
        if (!hasCanary || weightPercent == 0) {
            return Arm.STABLE;
        }
        if (routingKey == null || routingKey.isEmpty()) {
            return random.nextInt(BUCKETS) < threshold(weightPercent) ? Arm.CANARY : Arm.STABLE;
        }
        return stickyArm(salt, routingKey, weightPercent);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available (every Java runtime must have it)", e);
        }
    }
}
