package dev.tightrope.access.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API token secrets: {@code tr_} followed by 32 random bytes in base64url without padding (43 characters), e.g.
 * {@code tr_q3Jt0mXh5yWcZp1u9KfVb2LrT8sGdN4aEoYiH6jQwMk}.
 *
 * <p>Only {@link #hash} of a secret is stored. It is a plain SHA-256, without salt or key stretching, on purpose:
 * those defend guessable passwords, whereas a secret here has 256 bits from {@link SecureRandom} (or, for the
 * configured bootstrap secret, at least 43 characters), so neither brute force nor precomputed tables can reverse
 * the hash. A fast, deterministic hash also lets the database find a token by its secret through a unique index,
 * and costs about a microsecond when a request's token is not yet cached (bcrypt would cost milliseconds).
 */
public final class ApiTokenSecret {

    public static final String PREFIX = "tr_";
    public static final int RANDOM_BYTES = 32;
    /** Characters after {@code tr_} kept for display ({@code tr_q3Jt0mXh}): 48 of the 256 bits, not enough to guess. */
    public static final int DISPLAY_CHARACTERS = 8;
    static final int MIN_BODY_LENGTH = 43;
    static final int MAX_BODY_LENGTH = 200;

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private ApiTokenSecret() {
    }

    /** A new secret. */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Whether the text can be a secret: {@code tr_} then 43 to 200 characters of {@code A-Z a-z 0-9 _ -}. Anything
     * else is rejected before it costs a hash or a database lookup. A hex string works too, so a bootstrap secret
     * can be made with {@code echo "tr_$(openssl rand -hex 32)"}.
     */
    public static boolean isWellFormed(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return false;
        }
        int length = text.length() - PREFIX.length();
        if (length < MIN_BODY_LENGTH || length > MAX_BODY_LENGTH) {
            return false;
        }
        for (int i = PREFIX.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                    || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of the secret's UTF-8 bytes, as 64 lower-case hex digits. */
    public static String hash(String secret) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** What may be shown of a secret: {@code tr_} and its first {@value #DISPLAY_CHARACTERS} characters. */
    public static String displayPrefix(String secret) {
        return secret.substring(0, PREFIX.length() + DISPLAY_CHARACTERS);
    }
}
