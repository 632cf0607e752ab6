package dev.tightrope.slack.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SlackSignatureTest {

    /** Slack's documented example ("Verifying requests from Slack", step-by-step walk-through). */
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String TIMESTAMP = "1531420618";
    static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    static final Instant SIGNED_AT = Instant.ofEpochSecond(1531420618);
    static final Duration WINDOW = SlackSignature.DEFAULT_WINDOW;

    @Test
    void signsSlacksDocumentedExample() {
        assertThat(SlackSignature.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsSlacksDocumentedExample() {
        assertThat(SlackSignature.check(SECRET, TIMESTAMP, SIGNATURE, BODY, SIGNED_AT.plusSeconds(3), WINDOW))
                .isEqualTo(SlackSignature.Check.VALID);
    }

    @Test
    void rejectsAnotherSecretAndAChangedBody() {
        assertThat(SlackSignature.check("another-secret", TIMESTAMP, SIGNATURE, BODY, SIGNED_AT, WINDOW))
                .isEqualTo(SlackSignature.Check.MISMATCH);
        byte[] changed = new String(BODY, StandardCharsets.UTF_8).replace("text=", "text=rollback")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SlackSignature.check(SECRET, TIMESTAMP, SIGNATURE, changed, SIGNED_AT, WINDOW))
                .isEqualTo(SlackSignature.Check.MISMATCH);
        // the timestamp is signed too: the same signature with another timestamp is wrong
        assertThat(SlackSignature.check(SECRET, "1531420619", SIGNATURE, BODY, SIGNED_AT, WINDOW))
                .isEqualTo(SlackSignature.Check.MISMATCH);
    }

    @ParameterizedTest(name = "signed {0} s before now: {1}")
    @CsvSource({
        "0, VALID",
        "299, VALID",
        "300, VALID",
        "301, STALE",
        "86400, STALE",
        "-300, VALID",
        "-301, STALE"
    })
    void acceptsOnlyTimestampsWithinFiveMinutesEitherWay(long secondsAgo, SlackSignature.Check expected) {
        Instant now = SIGNED_AT.plusSeconds(secondsAgo);
        assertThat(SlackSignature.check(SECRET, TIMESTAMP, SIGNATURE, BODY, now, WINDOW)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "timestamp ''{0}'', signature ''{1}'': {2}")
    @CsvSource(value = {
        "NULL, v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503, MISSING",
        "1531420618, NULL, MISSING",
        "'', v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503, MISSING",
        "yesterday, v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503, MALFORMED",
        "1531420618, v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503, MALFORMED",
        "1531420618, v0=a2114d57, MALFORMED",
        "1531420618, v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503, MALFORMED",
        "1531420618, a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503, MALFORMED"
    }, nullValues = "NULL")
    void refusesMissingAndMalformedHeaders(String timestamp, String signature, SlackSignature.Check expected) {
        assertThat(SlackSignature.check(SECRET, timestamp, signature, BODY, SIGNED_AT, WINDOW)).isEqualTo(expected);
    }
}
