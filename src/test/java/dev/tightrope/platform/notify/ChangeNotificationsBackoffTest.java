package dev.tightrope.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The listener's reconnect schedule: however long PostgreSQL was away, the next attempt is at most a second off, so
 * an instance hears of changes made elsewhere within about a second of the database's return (the reliability
 * suite's outage scenario measured up to 5 s with the former cap of 5 s).
 */
class ChangeNotificationsBackoffTest {

    @Test
    void doublesFromAQuarterSecondToOneSecondAndStaysThere() {
        List<Long> waits = new ArrayList<>();
        long wait = ChangeNotifications.MIN_BACKOFF_MS;
        for (int attempt = 0; attempt < 8; attempt++) {
            waits.add(wait);
            wait = ChangeNotifications.nextBackoff(wait);
        }
        assertThat(waits).containsExactly(250L, 500L, 1_000L, 1_000L, 1_000L, 1_000L, 1_000L, 1_000L);
        // a minute's outage: about 60 attempts, each a refused TCP connect
        assertThat(waits.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(1_000L);
    }
}
