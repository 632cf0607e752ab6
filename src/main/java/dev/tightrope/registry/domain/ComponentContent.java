package dev.tightrope.registry.domain;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The content of one component version, validated and in canonical form.
 *
 * @param kind      which part of the agent this is
 * @param json      the content, {@linkplain CanonicalJson#normalize normalised} (sorted keys, canonical numbers,
 *                  unmodifiable); unknown extra fields are kept
 * @param canonical {@link CanonicalJson#canonical canonical} text of {@code json}; what is stored
 * @param hash      SHA-256 of {@code canonical} ({@link ContentHash#sha256Hex}); equal content, equal hash
 */
public record ComponentContent(ComponentKind kind, Object json, String canonical, String hash) {

    public ComponentContent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(hash, "hash");
    }

    /**
     * Validates {@code json} against the {@linkplain ComponentShapes shape} of {@code kind} and puts it in canonical
     * form.
     *
     * @param maxBytes the largest canonical UTF-8 size accepted ({@code tightrope.registry.max-component-bytes})
     * @throws TightropeException VALIDATION listing every shape violation, or the size when over {@code maxBytes}
     */
    public static ComponentContent of(ComponentKind kind, Object json, int maxBytes) {
        List<Violation> violations = ComponentShapes.validate(kind, json);
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
        Object normalized = CanonicalJson.normalize(json);
        String canonical = CanonicalJson.canonical(normalized);
        // Measured on the canonical form so the limit does not depend on how the client formatted its JSON.
        int bytes = canonical.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw TightropeException.invalid(List.of(new Violation(kind.fieldName(), "is " + bytes
                    + " bytes; the limit is " + maxBytes + " bytes (tightrope.registry.max-component-bytes)")));
        }
        return new ComponentContent(kind, normalized, canonical, ContentHash.sha256Hex(canonical));
    }

    /**
     * Content read back from storage. The text was validated when it was written, so it is only parsed; the stored
     * text is kept as the canonical form and hashed as is, so a stored hash can be checked against it.
     */
    public static ComponentContent fromStored(ComponentKind kind, String canonical) {
        Object json = CanonicalJson.normalize(JsonParser.parse(canonical));
        return new ComponentContent(kind, json, canonical, ContentHash.sha256Hex(canonical));
    }

    /**
     * The content as people read it, the input of version diffs. Most kinds are their {@linkplain CanonicalJson#pretty
     * pretty JSON}. A prompt is mostly prose, so its {@code system} text comes first as written (a one-word edit is a
     * one-line diff, not a change inside a long escaped string); other fields follow after a separator:
     * <pre>
     * You are a refund assistant.
     * Be brief.
     *
     * --- other fields ---
     * {
     *   "variables": [
     *     "customerName"
     *   ]
     * }
     * </pre>
     */
    public String readable() {
        if (kind == ComponentKind.PROMPT && json instanceof Map<?, ?> map
                && map.get("system") instanceof String system) {
            Map<Object, Object> rest = new LinkedHashMap<>(map);
            rest.remove("system");
            if (rest.isEmpty()) {
                return system;
            }
            return system + "\n\n--- other fields ---\n" + CanonicalJson.pretty(rest);
        }
        return CanonicalJson.pretty(json);
    }
}
