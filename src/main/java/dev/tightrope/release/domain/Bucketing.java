package dev.tightrope.release.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The sticky traffic split of a rollout: a routing key is hashed with the rollout's salt into one of
 * {@value #BUCKETS} buckets, and the first {@code weight × 100} buckets go to the canary.
 *
 * <h2>Algorithm</h2>
 *
 * <pre>
 *   bucket    = uint64(first 8 bytes of SHA-256(utf8(salt + ":" + routingKey))) mod 10 000   → 0..9 999
 *   threshold = weightPercent × 100                                                          → 0..10 000
 *   arm       = bucket &lt; threshold ? CANARY : STABLE
 * </pre>
 *
 * <p>Anyone can recompute a bucket in a shell, which helps when a user asks "why did I get the canary?":
 * {@code printf 'salt-1:user-42' | sha256sum} starts {@code 01c6e86e43ec5524}, and
 * {@code python3 -c 'print(0x01c6e86e43ec5524 % 10000)'} prints {@code 6180}.
 *
 * <p>Requests without a routing key cannot be sticky; they use {@link #randomArm} instead.
 */
public final class Bucketing {

    /** Number of buckets: 10 000 gives a resolution of 0.01 %, finer than the whole-percent weights we accept. */
    public static final int BUCKETS = 10_000;

    /** Buckets per weight percent: {@code BUCKETS / 100}. */
    private static final int BUCKETS_PER_PERCENT = BUCKETS / 100;

    /**
     * One digest per thread: {@link MessageDigest} keeps state between {@code update} and {@code digest}, so it must
     * not be shared, and {@code getInstance} looks up a provider every time, too slow for the routing hot path.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Bucketing::newSha256);

    private Bucketing() {
    }

    /**
     * The bucket (0..9 999) of {@code routingKey} under {@code salt}.
     *
     * <p>Worked example: {@code bucket("salt-1", "user-42")} hashes the bytes of {@code salt-1:user-42}; the digest
     * starts {@code 01 c6 e8 6e 43 ec 55 24}, i.e. 128 045 199 710 246 180, and that mod 10 000 is <b>6180</b>.
     * Under {@code salt-2} the digest starts {@code 89 68 3b a2 16 f2 fa 25}: the top bit is set, so as a signed
     * {@code long} it is negative and {@code %} would give −2923; read unsigned it is 9 901 229 348 129 798 693,
     * bucket <b>8693</b>. Hence {@link Long#remainderUnsigned}.
     *
     * <p>The modulo bias is negligible: 2<sup>64</sup> is not a multiple of 10 000, so some buckets get one more of
     * the 2<sup>64</sup> hash values than others, a relative difference of about 10<sup>−15</sup>.
     *
     * @throws IllegalArgumentException if the salt or the routing key is null or empty (keyless requests use
     *         {@link #randomArm}; a missing salt would make every rollout split traffic identically)
     */
    static int bucket(String salt, String routingKey) {
        if (salt == null || salt.isEmpty()) {
            throw new IllegalArgumentException("a rollout salt is required");
        }
        if (routingKey == null || routingKey.isEmpty()) {
            throw new IllegalArgumentException("a routing key is required for sticky bucketing; use randomArm without one");
        }
        // digest(byte[]) updates and then resets, so the thread's digest is clean for its next call.
        byte[] hash = SHA_256.get().digest((salt + ":" + routingKey).getBytes(StandardCharsets.UTF_8));
        long firstEight = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            firstEight = (firstEight << 8) | (hash[i] & 0xFF);
        }
        return (int) Long.remainderUnsigned(firstEight, BUCKETS);
    }

    /**
     * The number of buckets, counted from bucket 0, that go to the canary at {@code weightPercent}: 5 % → 500,
     * 100 % → 10 000 (every bucket).
     *
     * @throws IllegalArgumentException unless 0 ≤ {@code weightPercent} ≤ 100
     */
    static int thresholdFor(int weightPercent) {
        if (weightPercent < 0 || weightPercent > 100) {
            throw new IllegalArgumentException("weight must be between 0 and 100 percent, was " + weightPercent);
        }
        return weightPercent * BUCKETS_PER_PERCENT;
    }

    /**
     * The sticky arm of {@code routingKey} in the rollout salted with {@code salt} at {@code weightPercent}: CANARY
     * iff {@code bucket(salt, routingKey) < thresholdFor(weightPercent)}.
     *
     * <p>Why the split behaves as a rollout needs:
     * <ul>
     *   <li><b>Sticky.</b> The bucket depends only on salt and key, so one user keeps seeing the same version for as
     *       long as the rollout (and so its salt) lives, on every instance, with no state to share or store.</li>
     *   <li><b>Monotonic.</b> Canary buckets are always the prefix {@code 0 .. threshold-1}. Raising the weight only
     *       lengthens the prefix, so a key already in the canary stays there and the newcomers come from stable;
     *       nobody flips back and forth as the rollout advances. (Lowering the weight does the reverse.)</li>
     *   <li><b>Reshuffled per rollout.</b> A new rollout gets a new salt, and SHA-256 of a different input gives an
     *       independent bucket, so the users who were guinea pigs last time are no more likely to be picked again.</li>
     *   <li><b>Proportional.</b> SHA-256 spreads keys uniformly over the buckets, so the canary share of many keys is
     *       close to {@code weightPercent} % — although a handful of keys can of course land anywhere.</li>
     * </ul>
     *
     * <p>Worked example: {@code user-42} has bucket 6180 under {@code salt-1}. At 5 % the threshold is 500 and at
     * 50 % it is 5000: 6180 is above both, so STABLE. At 62 % the threshold is 6200 &gt; 6180, so CANARY — and it
     * stays CANARY at 75 % and 100 %. The next rollout, salted {@code salt-2}, puts the same user in bucket 8693:
     * STABLE until that rollout reaches 87 % (threshold 8700).
     *
     * @throws IllegalArgumentException as {@link #bucket} and {@link #thresholdFor} do
     */
    static Arm arm(String salt, String routingKey, int weightPercent) {
        int threshold = thresholdFor(weightPercent);
        return bucket(salt, routingKey) < threshold ? Arm.CANARY : Arm.STABLE;
    }

    /**
     * A non-sticky arm for a request without a routing key: CANARY with probability {@code weightPercent / 100},
     * drawn on the same 10 000-bucket scale as the sticky split so 0 % never and 100 % always picks the canary.
     *
     * @throws IllegalArgumentException unless 0 ≤ {@code weightPercent} ≤ 100
     */
    static Arm randomArm(int weightPercent, RandomGenerator random) {
        int threshold = thresholdFor(weightPercent);
        return random.nextInt(BUCKETS) < threshold ? Arm.CANARY : Arm.STABLE;
    }

    /**
     * A fresh rollout salt: 16 lowercase hex characters (64 random bits, zero-padded), e.g. {@code 00000000000000ff}
     * for the long 255. 64 bits make two rollouts sharing a salt, and so a split, practically impossible.
     */
    public static String newSalt(RandomGenerator random) {
        return String.format(Locale.ROOT, "%016x", random.nextLong());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java runtime must provide SHA-256 (java.security.MessageDigest contract).
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
