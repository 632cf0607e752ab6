package dev.tightrope.registry.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * SHA-256 content hashes: of a component's canonical JSON, and of a whole agent version (its snapshot).
 *
 * <p>All hashes are 64 lowercase hex characters of the SHA-256 of UTF-8 bytes, so anyone can recompute them with
 * {@code sha256sum}: {@code printf '%s' '{"a":1}' | sha256sum}.
 */
public final class ContentHash {

    private ContentHash() {
    }

    /** SHA-256 of the UTF-8 bytes of {@code text}, as 64 lowercase hex characters. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            // Every Java runtime must provide SHA-256 (java.security.MessageDigest contract).
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The hash of a JSON value: {@code sha256Hex(CanonicalJson.canonical(json))}. */
    public static String of(Object json) {
        return sha256Hex(CanonicalJson.canonical(json));
    }

    /**
     * The snapshot hash of an agent version: the hash of the canonical JSON object mapping each kind's enum name to
     * its component hash. Worked example: for component hashes {@code p, m, t, g, k} it hashes
     * {@code {"GUARDRAILS":"g","KNOWLEDGE_BASE":"k","MODEL":"m","PROMPT":"p","TOOLS":"t"}}, so two versions pinning
     * the same contents have the same snapshot hash regardless of their numbers or the map's order.
     *
     * @throws IllegalArgumentException unless every kind has a non-null hash
     */
    public static String snapshot(Map<ComponentKind, String> componentHashes) {
        Set<ComponentKind> missing = EnumSet.allOf(ComponentKind.class);
        TreeMap<String, Object> byName = new TreeMap<>();
        for (Map.Entry<ComponentKind, String> entry : componentHashes.entrySet()) {
            if (entry.getKey() != null && entry.getValue() != null) {
                missing.remove(entry.getKey());
                byName.put(entry.getKey().name(), entry.getValue());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("a snapshot needs a hash for every component kind; missing " + missing);
        }
        return of(byName);
    }
}
