package dev.tightrope.registry.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ContentHashTest {

    @ParameterizedTest
    @CsvSource({
            "abc, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "'',  e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            // UTF-8, not UTF-16 or Latin-1: the bytes of "é" are c3 a9.
            "é,   4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"
    })
    void sha256HexMatchesKnownVectors(String text, String expected) {
        assertEquals(expected, ContentHash.sha256Hex(text));
    }

    @Test
    void jsonHashIsTheHashOfTheCanonicalText() {
        Object json = JsonParser.parse("{ \"b\": 1.0, \"a\": \"x\" }");
        assertEquals(ContentHash.sha256Hex("{\"a\":\"x\",\"b\":1}"), ContentHash.of(json));
    }

    @Test
    void snapshotIsTheHashOfTheCanonicalKindNameMap() {
        Map<ComponentKind, String> hashes = allKinds();
        String expected = ContentHash.sha256Hex("{\"GUARDRAILS\":\"h-GUARDRAILS\",\"KNOWLEDGE_BASE\":\"h-KNOWLEDGE_BASE\","
                + "\"MODEL\":\"h-MODEL\",\"PROMPT\":\"h-PROMPT\",\"TOOLS\":\"h-TOOLS\"}");
        assertEquals(expected, ContentHash.snapshot(hashes));
    }

    @Test
    void snapshotIsStableUnderMapOrder() {
        Map<ComponentKind, String> forward = new LinkedHashMap<>();
        Map<ComponentKind, String> backward = new LinkedHashMap<>();
        List<ComponentKind> kinds = List.of(ComponentKind.values());
        kinds.forEach(k -> forward.put(k, "h-" + k));
        for (int i = kinds.size() - 1; i >= 0; i--) {
            backward.put(kinds.get(i), "h-" + kinds.get(i));
        }
        assertEquals(ContentHash.snapshot(forward), ContentHash.snapshot(backward));
        assertEquals(ContentHash.snapshot(forward), ContentHash.snapshot(new HashMap<>(backward)));
    }

    @Test
    void snapshotChangesWhenAnyComponentChanges() {
        Map<ComponentKind, String> changed = allKinds();
        changed.put(ComponentKind.TOOLS, "other");
        assertNotEquals(ContentHash.snapshot(allKinds()), ContentHash.snapshot(changed));
    }

    @ParameterizedTest
    @EnumSource(ComponentKind.class)
    void snapshotRequiresEveryKind(ComponentKind missing) {
        Map<ComponentKind, String> hashes = allKinds();
        hashes.remove(missing);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ContentHash.snapshot(hashes));
        assertTrue(e.getMessage().contains(missing.name()), e.getMessage());

        hashes.put(missing, null);
        assertThrows(IllegalArgumentException.class, () -> ContentHash.snapshot(hashes));
    }

    private static Map<ComponentKind, String> allKinds() {
        Map<ComponentKind, String> hashes = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            hashes.put(kind, "h-" + kind);
        }
        return hashes;
    }
}
