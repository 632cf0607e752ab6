package dev.tightrope.demo.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The configuration stream, as docs/runtime-api.md shows it, read line by line. */
class ServerSentEventsTest {

    @Test
    void eventsOfTheConfigurationStream() {
        ServerSentEvents reader = new ServerSentEvents();
        List<ServerSentEvents.Event> events = new ArrayList<>();
        for (String line : List.of("retry: 3000", "", "id: 2", "event: config", "data: {\"generation\":2}", "",
                ": heartbeat", "", "id: 3", "event: config", "data: {\"a\":", "data: 1}", "", "data: plain", "")) {
            reader.accept(line).ifPresent(events::add);
        }
        assertThat(events).containsExactly(
                new ServerSentEvents.Event("2", "config", "{\"generation\":2}"),
                new ServerSentEvents.Event("3", "config", "{\"a\":\n1}"),
                new ServerSentEvents.Event("3", "message", "plain"));
        assertThat(reader.lastEventId()).isEqualTo("3");
    }

    @Test
    void anUnfinishedEventIsNotDelivered() {
        ServerSentEvents reader = new ServerSentEvents();
        assertThat(reader.accept("id: 9")).isEmpty();
        assertThat(reader.accept("data: x")).isEmpty();
        assertThat(reader.lastEventId()).isEqualTo("9");
    }
}
