package dev.tightrope.access.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiTokenSecretTest {

    @Test
    void generatedSecretsAreTrPlus32RandomBytesInBase64url() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = ApiTokenSecret.generate(random);
            assertThat(secret).matches("tr_[A-Za-z0-9_-]{43}");
            assertThat(ApiTokenSecret.isWellFormed(secret)).isTrue();
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void theHashIsSha256InHex() {
        // echo -n 'tr_test-admin-0000000000000000000000000000000000000000' | sha256sum
        assertThat(ApiTokenSecret.hash("tr_test-admin-0000000000000000000000000000000000000000"))
                .isEqualTo("8572688cef3f6ab724a031f97eb1ec8031dc148f801317f4145bed11de14a993");
        assertThat(ApiTokenSecret.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void onlyThePrefixIsShown() {
        assertThat(ApiTokenSecret.displayPrefix("tr_q3Jt0mXh5yWcZp1u9KfVb2LrT8sGdN4aEoYiH6jQwMk")).isEqualTo("tr_q3Jt0mXh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tr_", "tr_short", "TR_q3Jt0mXh5yWcZp1u9KfVb2LrT8sGdN4aEoYiH6jQwMk",
            "tr_q3Jt0mXh5yWcZp1u9KfVb2LrT8sGdN4aEoYiH6jQw+k", "tr_q3Jt0mXh5yWcZp1u9KfVb2LrT8sGdN4aEoYiH6jQw k",
            "Bearer tr_q3Jt0mXh5yWcZp1u9KfVb2LrT8sGdN4aEoYiH6jQwMk", "ghp_q3Jt0mXh5yWcZp1u9KfVb2LrT8sGdN4aEoYiH6jQwMk"})
    void malformedSecretsAreRecognisedWithoutALookup(String text) {
        assertThat(ApiTokenSecret.isWellFormed(text)).isFalse();
    }

    @Test
    void hexSecretsForTheBootstrapAreAccepted() {
        assertThat(ApiTokenSecret.isWellFormed("tr_" + "0123456789abcdef".repeat(4))).isTrue();
        assertThat(ApiTokenSecret.isWellFormed("tr_" + "a".repeat(201))).isFalse();
        assertThat(ApiTokenSecret.isWellFormed(null)).isFalse();
    }
}
