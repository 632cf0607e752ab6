package dev.tightrope.governance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeRequestTest {

    @ParameterizedTest(name = "{0} asked, {1} decides: the requester {2}")
    @CsvSource({
            "token:alice,                    token:alice,                   true",
            "token:alice,                    token:bob,                     false",
            "slack:U2CERLKJA (roadrunner),   slack:U2CERLKJA (road runner), true",
            "slack:U2CERLKJA (roadrunner),   slack:U3OTHERAB (roadrunner),  false",
            "token:alice,                    slack:U2CERLKJA (alice),       false"})
    void theRequesterIsKnownByTokenNameOrSlackId(String requester, String decider, boolean same) {
        ChangeRequest request = new ChangeRequest(1, "support-bot", "production", ChangeOperation.DEPLOY,
                Map.of("version", 14), "", 3, "API", ChangeState.PENDING, requester, Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60), null, null, null, null, null);
        assertThat(request.requestedBy(decider)).isEqualTo(same);
        assertThat(request.idempotencyKey()).isEqualTo("change-request:1");
    }

    @ParameterizedTest(name = "button value {0} → {1}")
    @CsvSource({"change-request-42, 42", "change-request-, -1", "change-request-4x, -1", "alert-42, -1"})
    void buttonValuesAreReadStrictly(String value, long id) {
        Long parsed = ChangeRequestMessages.parse(value);
        assertThat(parsed == null ? -1 : parsed).isEqualTo(id);
        if (id > 0) {
            assertThat(ChangeRequestMessages.value(id)).isEqualTo(value);
        }
    }
}
