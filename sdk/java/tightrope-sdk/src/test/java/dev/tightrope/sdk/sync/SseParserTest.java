package dev.tightrope.sdk.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class SseParserTest {

    @Test
    void parsesEventsCommentsAndTheRetryHintSplitAnywhere() {
        String text = "retry: 3000\n\nid: 2\nevent: config\ndata: {\"a\":1}\n\n: heartbeat\n\n"
                + "id: 3\r\nevent: config\r\ndata: x\r\ndata: y\r\n\r\n";
        for (int cut = 1; cut < text.length(); cut++) {
            SseParser parser = new SseParser();
            List<SseEvent> events = new ArrayList<>(parser.feed(text.substring(0, cut)));
            events.addAll(parser.feed(text.substring(cut)));
            assertEquals(List.of(new SseEvent("2", "config", "{\"a\":1}"), new SseEvent("3", "config", "x\ny")), events,
                    "cut at " + cut);
            assertEquals(OptionalLong.of(3000), parser.retryMs());
            assertEquals(1, parser.comments());
            assertEquals("3", parser.lastEventId());
        }
    }

    @Test
    void treatsALoneCrAsALineEndAlsoAtTheEndOfAChunkAndIgnoresUnknownFields() {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>(parser.feed("data: a\r"));
        events.addAll(parser.feed("\ndata: b\rfoo: bar\r\r"));
        events.addAll(parser.feed("data:c\n\n"));
        assertEquals(List.of(new SseEvent(null, "message", "a\nb"), new SseEvent(null, "message", "c")), events);
    }

    @Test
    void keepsMultiLineDataWithItsSpacesAndColons() {
        SseParser parser = new SseParser();
        assertEquals(List.of(new SseEvent("7", "config", "line one\n  two: with colon\n\nafter an empty data")),
                parser.feed("id: 7\nevent: config\ndata: line one\ndata:   two: with colon\ndata\n"
                        + "data: after an empty data\n\n"));
    }

    @Test
    void dispatchesNothingForAnEventWithoutDataAndKeepsTheLastId() {
        SseParser parser = new SseParser();
        assertEquals(List.of(), parser.feed("id: 9\n\nevent: config\n\n"));
        assertEquals("9", parser.lastEventId());
        assertEquals(List.of(new SseEvent("9", "message", "d")), parser.feed("data: d\n\n"), "the type was reset");
    }

    @Test
    void ignoresAnIdWithNulAndARetryThatIsNotDigits() {
        SseParser parser = new SseParser();
        parser.feed("id: 4\n\nid: 5\0x\nretry: soon\nretry: 12a\n\n");
        assertEquals("4", parser.lastEventId());
        assertEquals(OptionalLong.empty(), parser.retryMs());
    }

    @Test
    void skipsAByteOrderMarkAtTheStartOnly() {
        SseParser parser = new SseParser();
        assertEquals(List.of(new SseEvent(null, "message", "\uFEFFx")), parser.feed("\uFEFFdata: \uFEFFx\n\n"));
    }
}
