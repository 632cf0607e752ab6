package dev.tightrope.telemetry.otlp;

import static dev.tightrope.telemetry.otlp.Spans.request;
import static dev.tightrope.telemetry.otlp.Spans.span;
import static dev.tightrope.telemetry.otlp.Spans.text;
import static dev.tightrope.telemetry.otlp.Spans.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.SmallOutcomeIntake;
import dev.tightrope.testing.Tokens;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** With the outcome intake bounded to 5 in flight, an export of 6 agent spans is refused whole: 429, Retry-After. */
@QuarkusTest
@TestProfile(SmallOutcomeIntake.class)
class OtlpOverloadTest {

    @Test
    void anExportBeyondTheIntakeIsRefusedWholeWithRetryAfter() throws Exception {
        Span.Builder[] spans = new Span.Builder[6];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = span("4bf92f3577b34da6a3ce929d0e0e4736", "00000000000000a" + i, null, "invoke_agent",
                    Instant.now(), 5, text("tightrope.agent", "any-agent"), whole("tightrope.version", 1),
                    text("tightrope.arm", "STABLE"));
        }
        Response answer = given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME))
                .contentType("application/x-protobuf").body(request(List.of(), spans).toByteArray())
                .post(OtlpTraceRoute.PATH);
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.header("Retry-After")).isEqualTo("2");
        Status status = Status.parseFrom(answer.asByteArray());
        assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.RESOURCE_EXHAUSTED_VALUE);
        ErrorInfo info = status.getDetails(0).unpack(ErrorInfo.class);
        assertThat(info.getReason()).isEqualTo("OVERLOADED");
        assertThat(info.getMetadataMap()).containsEntry("retryAfterSeconds", "2");
    }
}
