package dev.tightrope.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.vertx.core.http.HttpMethod;

class DashboardFallbackTest {

    @ParameterizedTest(name = "{0} {1} accepting {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "GET  | /agents/support-bot/rollouts/7 | text/html,*/*;q=0.8 | true",
            "HEAD | /audit                         | text/html           | true",
            "GET  | /agents/support-bot            | application/json    | false",
            "GET  | /assets/missing.js             | */*                 | false",
            "POST | /agents/support-bot            | text/html           | false",
            "GET  | /graphql                       | text/html           | false",
            "GET  | /api/v1/outcomes               | text/html           | false",
            "GET  | /q/health                      | text/html           | false",
            "GET  | /slack/commands                | text/html           | false",
            "GET  | /                              | text/html           | false",
            "GET  | /apis-are-not-api              | text/html           | true"})
    void servesTheAppOnlyToPageRequestsOutsideTheApi(String method, String path, String accept, boolean page) {
        assertThat(DashboardFallback.isPageRequest(HttpMethod.valueOf(method), path, accept)).isEqualTo(page);
    }
}
