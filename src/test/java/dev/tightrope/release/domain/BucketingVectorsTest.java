package dev.tightrope.release.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.tightrope.registry.domain.CanonicalJson;

/**
 * The shared bucketing test vectors of the SDKs, {@code sdk/test-vectors/bucketing.json}, are what {@link Bucketing}
 * computes: this test fails when the committed file differs from a fresh generation, so the server and every SDK
 * are held to the same numbers. After a deliberate change of the vectors (never of the algorithm, which would move
 * users between arms mid-rollout), regenerate the file with
 * {@code mvn -o test -Dtest=BucketingVectorsTest -Dtightrope.regenerate-vectors=true}.
 *
 * <p>The cases: 1 000 generated keys (ASCII ids, UUIDs, and keys with accents, CJK, emoji outside the BMP,
 * combining marks, right-to-left text, spaces, quotes, backslashes, control characters, colons, very long keys)
 * under several salts (generated 16-hex salts as rollouts have, and the documentation's {@code salt-1},
 * {@code salt-2}), each at one of the weights 0, 1, 5, 25, 50, 99 and 100; the documented worked examples; and keys
 * found to fall exactly on either side of each weight's threshold. Keys are never empty (a request without a key is
 * not bucketed: its arm is random by weight) and contain no U+0000 or unpaired surrogates (the API refuses them).
 */
class BucketingVectorsTest {

    static final Path FILE = Path.of("sdk", "test-vectors", "bucketing.json");
    private static final int[] WEIGHTS = {0, 1, 5, 25, 50, 99, 100};
    private static final String[] FRAGMENTS = {"é", "ü", "ß", "ñ", "日本語", "中文", "한국어", "🚀", "👩‍💻", "𝔘",
            "e\u0301", "שלום", "مرحبا", " ", "\t", "\"", "\\", ":", "::", "\n", "/", "?", "&", "=", "%20", "+",
            "\u2028", "\u00a0", "\u007f", "\u0001"};

    @Test
    void theCommittedVectorsAreWhatBucketingComputes() throws IOException {
        String generated = render(cases());
        if (Boolean.getBoolean("tightrope.regenerate-vectors")) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(FILE)).as(FILE + " exists").isTrue();
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as(FILE + " differs from what Bucketing computes; regenerate it with "
                        + "-Dtightrope.regenerate-vectors=true if the change is intended")
                .isEqualTo(generated);
    }

    @Test
    void theVectorsCoverEveryWeightAndBothArmsAtEachThreshold() {
        List<Map<String, Object>> cases = cases();
        assertThat(cases).hasSizeGreaterThan(1_000);
        for (int weight : WEIGHTS) {
            assertThat(cases).as("weight " + weight).anyMatch(c -> c.get("weight").equals(weight));
        }
        for (int weight : new int[] {1, 5, 25, 50, 99}) {
            int threshold = weight * 100;
            assertThat(cases).anyMatch(c -> c.get("bucket").equals(threshold - 1) && c.get("weight").equals(weight)
                    && c.get("arm").equals("CANARY"));
            assertThat(cases).anyMatch(c -> c.get("bucket").equals(threshold) && c.get("weight").equals(weight)
                    && c.get("arm").equals("STABLE"));
        }
    }

    static List<Map<String, Object>> cases() {
        List<Map<String, Object>> cases = new ArrayList<>();
        // the documented worked examples (Bucketing's Javadoc, docs/runtime-api.md)
        cases.add(vector("salt-1", "user-42", 5));
        cases.add(vector("salt-1", "user-42", 62));
        cases.add(vector("salt-2", "user-42", 87));
        SplittableRandom random = new SplittableRandom(20_261_201L);
        List<String> salts = new ArrayList<>(List.of("salt-1", "salt-2"));
        for (int i = 0; i < 4; i++) {
            salts.add(Bucketing.newSalt(random));
        }
        for (int i = 0; i < 1_000; i++) {
            String salt = salts.get(i % salts.size());
            cases.add(vector(salt, key(i, random), WEIGHTS[i % WEIGHTS.length]));
        }
        // keys just below and at each threshold: the boundary an off-by-one gets wrong
        String salt = salts.get(2);
        for (int weight : new int[] {1, 5, 25, 50, 99}) {
            cases.add(vector(salt, keyWithBucket(salt, weight * 100 - 1), weight));
            cases.add(vector(salt, keyWithBucket(salt, weight * 100), weight));
        }
        cases.add(vector(salt, keyWithBucket(salt, 0), 1));
        cases.add(vector(salt, keyWithBucket(salt, Bucketing.BUCKETS - 1), 99));
        cases.add(vector(salt, keyWithBucket(salt, Bucketing.BUCKETS - 1), 100));
        return cases;
    }

    private static String key(int i, SplittableRandom random) {
        return switch (i % 5) {
            case 0 -> "user-" + i;
            case 1 -> new java.util.UUID(random.nextLong(), random.nextLong()).toString();
            case 2 -> "customer " + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + i
                    + FRAGMENTS[random.nextInt(FRAGMENTS.length)];
            case 3 -> FRAGMENTS[i % FRAGMENTS.length] + FRAGMENTS[random.nextInt(FRAGMENTS.length)];
            default -> i % 50 == 4 ? "long-" + "x".repeat(500 + i) : Integer.toString(random.nextInt(1_000_000));
        };
    }

    /** The first key {@code edge-<n>} whose bucket under {@code salt} is {@code bucket}. */
    private static String keyWithBucket(String salt, int bucket) {
        for (int n = 0; ; n++) {
            String key = "edge-" + n;
            if (Bucketing.bucket(salt, key) == bucket) {
                return key;
            }
        }
    }

    private static Map<String, Object> vector(String salt, String routingKey, int weight) {
        Map<String, Object> vector = new LinkedHashMap<>();
        vector.put("salt", salt);
        vector.put("routingKey", routingKey);
        vector.put("weight", weight);
        vector.put("bucket", Bucketing.bucket(salt, routingKey));
        vector.put("arm", Bucketing.arm(salt, routingKey, weight).name());
        return vector;
    }

    /** One case per line, fields in a fixed order, so a change shows as a readable diff. */
    static String render(List<Map<String, Object>> cases) {
        StringBuilder out = new StringBuilder();
        out.append("{\n  \"description\": ");
        CanonicalJson.writeString("Sticky bucketing of Tightrope rollouts, generated from the server's Bucketing "
                + "by BucketingVectorsTest; do not edit by hand. See docs/runtime-api.md.", out);
        out.append(",\n  \"algorithm\": ");
        CanonicalJson.writeString("bucket = uint64_big_endian(first 8 bytes of SHA-256(UTF-8(salt + \":\" + "
                + "routingKey))) mod 10000; arm = CANARY if bucket < weight * 100 else STABLE", out);
        out.append(",\n  \"buckets\": ").append(Bucketing.BUCKETS).append(",\n  \"cases\": [\n");
        for (int i = 0; i < cases.size(); i++) {
            out.append("    {");
            int field = 0;
            for (Map.Entry<String, Object> entry : cases.get(i).entrySet()) {
                if (field++ > 0) {
                    out.append(", ");
                }
                CanonicalJson.writeString(entry.getKey(), out);
                out.append(": ");
                if (entry.getValue() instanceof String text) {
                    CanonicalJson.writeString(text, out);
                } else {
                    out.append(entry.getValue());
                }
            }
            out.append(i + 1 < cases.size() ? "},\n" : "}\n");
        }
        return out.append("  ]\n}\n").toString();
    }
}
