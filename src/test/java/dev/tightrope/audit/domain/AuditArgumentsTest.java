package dev.tightrope.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditArgumentsTest {

    @ParameterizedTest(name = "{0} sensitive: {1}")
    @CsvSource({
            "secret, true", "signingSecret, true", "token, true", "bootstrapToken, true", "password, true",
            "dbPassword, true", "credentials, true", "Authorization, true", "apiKey, true", "api_key, true",
            "privateKey, true", "webhookUrl, true", "signature, true",
            "tokenId, false", "tokenIds, false", "token_id, false", "name, false", "role, false",
            "idempotencyKey, false", "reason, false", "expiresAt, false"})
    void namesThatLookLikeCredentialsAreSensitive(String name, boolean sensitive) {
        assertThat(AuditArguments.isSensitive(name)).isEqualTo(sensitive);
    }

    @Test
    void secretsAreRedactedAtAnyDepth() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("signingSecret", "8f14e45fceea167a5a36dedd4bea2543");
        input.put("channel", "#releases");
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("name", "ci");
        arguments.put("input", input);
        arguments.put("hooks", List.of(Map.of("webhookUrl", "https://example.invalid/T0/B0/XYZ")));
        arguments.put("tokenId", "12");

        assertThat(AuditArguments.toJson(arguments)).isEqualTo("{\"name\":\"ci\","
                + "\"input\":{\"signingSecret\":\"***\",\"channel\":\"#releases\"},"
                + "\"hooks\":[{\"webhookUrl\":\"***\"}],\"tokenId\":\"12\"}");
    }

    @Test
    void valuesOfEveryKindAreWrittenAsJson() {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("version", 3);
        arguments.put("weight", 2.5);
        arguments.put("dryRun", true);
        arguments.put("toVersion", null);
        arguments.put("source", AuditSource.SLACK);
        arguments.put("nan", Double.NaN);
        arguments.put("reason", "line 1\n\"quoted\" \\ tab\t\u0001");
        arguments.put("array", new Object[] {"a", 1});

        assertThat(AuditArguments.toJson(arguments)).isEqualTo("{\"version\":3,\"weight\":2.5,\"dryRun\":true,"
                + "\"toVersion\":null,\"source\":\"SLACK\",\"nan\":\"NaN\","
                + "\"reason\":\"line 1\\n\\\"quoted\\\" \\\\ tab\\t\\u0001\",\"array\":[\"a\",1]}");
        assertThat(AuditArguments.toJson(null)).isEqualTo("{}");
        assertThat(AuditArguments.toJson(Map.of("token", List.of()))).isEqualTo("{\"token\":\"***\"}");
    }

    @Test
    void longValuesAreShortened() {
        String prompt = "x".repeat(AuditArguments.MAX_STRING_LENGTH + 500);
        Object[] items = new Object[AuditArguments.MAX_LIST_SIZE + 7];
        Arrays.fill(items, 1);

        String json = AuditArguments.toJson(Map.of("prompt", prompt));
        assertThat(json).isEqualTo("{\"prompt\":\"" + "x".repeat(AuditArguments.MAX_STRING_LENGTH)
                + "… (1500 characters)\"}");
        assertThat(AuditArguments.toJson(Map.of("items", Arrays.asList(items))))
                .endsWith(",1,\"… (7 more)\"]}");

        Map<String, Object> deep = Map.of("leaf", "value");
        for (int i = 0; i < AuditArguments.MAX_DEPTH + 5; i++) {
            deep = Map.of("level", deep);
        }
        assertThat(AuditArguments.toJson(deep)).contains("\"…\"").doesNotContain("value");
    }
}
