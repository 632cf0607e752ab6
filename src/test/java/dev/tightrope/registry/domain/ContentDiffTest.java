package dev.tightrope.registry.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentDiffTest {

    private static final int LIMIT = 65_536;

    @Test
    void promptChangeShowsTheOldAndNewLine() {
        ComponentContent v1 = prompt("You are a refund assistant.\nRefund up to $50.\nSign off politely.");
        ComponentContent v2 = prompt("You are a refund assistant.\nRefund up to $500.\nSign off politely.");

        TextDiff diff = ContentDiff.between("prompt v1", v1.readable(), "prompt v2", v2.readable(), 3);

        assertEquals("""
                --- prompt v1
                +++ prompt v2
                @@ -1,3 +1,3 @@
                 You are a refund assistant.
                -Refund up to $50.
                +Refund up to $500.
                 Sign off politely.""", diff.unified());
        assertEquals(1, diff.linesAdded());
        assertEquals(1, diff.linesRemoved());
    }

    @Test
    void equalTextsGiveAnEmptyDiff() {
        String text = prompt("Same.\nText.").readable();
        TextDiff diff = ContentDiff.between("a", text, "b", text, 3);
        assertEquals("", diff.unified());
        assertTrue(diff.isEmpty());
        assertEquals(0, diff.linesAdded());
        assertEquals(0, diff.linesRemoved());
        assertEquals("", ContentDiff.unified("a", text, "b", text, 3));
    }

    @ParameterizedTest(name = "{0} -> {1}: +{2} -{3}")
    @CsvSource(delimiter = '|', textBlock = """
            # from (\\n-separated) | to               | added | removed
            a\\nb\\nc              | a\\nb\\nc\\nd    | 1     | 0
            a\\nb\\nc              | a\\nc            | 0     | 1
            a\\nb\\nc              | x\\ny\\nz        | 3     | 3
            a\\nb\\nc              | a\\nB\\nc\\nd\\ne| 3     | 1
            ''                     | a\\nb            | 2     | 0
            a\\nb                  | ''               | 0     | 2
            """)
    void countsAddedAndRemovedLines(String from, String to, int added, int removed) {
        TextDiff diff = ContentDiff.between("from", unescape(from), "to", unescape(to), 3);
        assertEquals(added, diff.linesAdded());
        assertEquals(removed, diff.linesRemoved());
        assertEquals(added, countLinesStartingWith(diff.unified(), "+") - 1, "minus the +++ header");
        assertEquals(removed, countLinesStartingWith(diff.unified(), "-") - 1, "minus the --- header");
    }

    @Test
    void contextLinesLimitWhatIsShownAroundAChange() {
        String from = "1\n2\n3\n4\n5\n6\n7\n8\n9";
        String to = "1\n2\n3\n4\nfive\n6\n7\n8\n9";
        assertEquals("--- a\n+++ b\n@@ -4,3 +4,3 @@\n 4\n-5\n+five\n 6", ContentDiff.unified("a", from, "b", to, 1));
        assertEquals("--- a\n+++ b\n@@ -5,1 +5,1 @@\n-5\n+five", ContentDiff.unified("a", from, "b", to, 0));
        assertThrows(IllegalArgumentException.class, () -> ContentDiff.unified("a", from, "b", to, -1));
    }

    /** Empty ranges name the line before the change, as GNU diff does, so patch and git apply accept the output. */
    @ParameterizedTest(name = "{0} -> {1} (context {2}): {3}")
    @CsvSource(delimiter = '|', textBlock = """
            a\\nc       | a\\nb\\nc | 0 | @@ -1,0 +2,1 @@
            a\\nb\\nc   | a\\nc     | 0 | @@ -2,1 +1,0 @@
            b           | a\\nb     | 0 | @@ -0,0 +1,1 @@
            ''          | x\\ny     | 3 | @@ -0,0 +1,2 @@
            x\\ny       | ''        | 3 | @@ -1,2 +0,0 @@
            a\\nc       | a\\nb\\nc | 3 | @@ -1,2 +1,3 @@
            """)
    void hunkHeadersFollowTheGnuConventionForEmptyRanges(String from, String to, int context, String header) {
        String unified = ContentDiff.unified("a", unescape(from), "b", unescape(to), context);
        assertEquals(header, unified.lines().skip(2).findFirst().orElseThrow(), unified);
    }

    @Test
    void promptReadableIsTheSystemTextThenOtherFields() {
        assertEquals("Be kind.\nBe brief.", prompt("Be kind.\nBe brief.").readable());

        Object json = JsonParser.parse("{\"variables\":[\"name\"],\"system\":\"Be kind.\"}");
        ComponentContent content = ComponentContent.of(ComponentKind.PROMPT, json, LIMIT);
        assertEquals("""
                Be kind.

                --- other fields ---
                {
                  "variables": [
                    "name"
                  ]
                }""", content.readable());
    }

    @Test
    void otherKindsReadAsPrettyJson() {
        Object json = JsonParser.parse("{\"modelId\":\"m\",\"provider\":\"p\",\"temperature\":0.70}");
        ComponentContent content = ComponentContent.of(ComponentKind.MODEL, json, LIMIT);
        assertEquals("{\n  \"modelId\": \"m\",\n  \"provider\": \"p\",\n  \"temperature\": 0.7\n}", content.readable());
    }

    @Test
    void modelChangeDiffsOneField() {
        ComponentContent from = ComponentContent.of(ComponentKind.MODEL,
                JsonParser.parse("{\"provider\":\"p\",\"modelId\":\"gpt-4o\",\"temperature\":0.2}"), LIMIT);
        ComponentContent to = ComponentContent.of(ComponentKind.MODEL,
                JsonParser.parse("{\"provider\":\"p\",\"modelId\":\"gpt-4o-mini\",\"temperature\":0.2}"), LIMIT);

        TextDiff diff = ContentDiff.between("model v1", from.readable(), "model v2", to.readable(), 3);

        assertTrue(diff.unified().contains("\n-  \"modelId\": \"gpt-4o\",\n+  \"modelId\": \"gpt-4o-mini\",\n"),
                diff.unified());
        assertEquals(1, diff.linesAdded());
        assertEquals(1, diff.linesRemoved());
    }

    private static ComponentContent prompt(String system) {
        return ComponentContent.of(ComponentKind.PROMPT, Map.of("system", system), LIMIT);
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n");
    }

    private static int countLinesStartingWith(String text, String prefix) {
        return (int) text.lines().filter(line -> line.startsWith(prefix)).count();
    }
}
