package dev.tightrope.release.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vertx.sqlclient.SqlConnectOptions;

class TrafficStoreTest {

    @Test
    void theWriteStatementIsShortEnoughToBeCachedPrepared() {
        assertThat(TrafficStore.WRITE.length())
                .isLessThanOrEqualTo(SqlConnectOptions.DEFAULT_PREPARED_STATEMENT_CACHE_SQL_LIMIT);
    }
}
