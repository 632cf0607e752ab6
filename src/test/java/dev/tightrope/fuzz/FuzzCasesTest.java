package dev.tightrope.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The generator without a server: the same seed gives the same cases (so a printed seed replays a run), other seeds
 * give others, every family of damage comes up, and every case is well-formed and bounded in size.
 */
class FuzzCasesTest {

    private static final FuzzWorld WORLD = FuzzWorld.forSeed(42, "http://127.0.0.1:1");
    private static final int CASES = 3_000;

    @Test
    void theSameSeedGivesTheSameCases() {
        assertThat(fingerprints(7, CASES)).isEqualTo(fingerprints(7, CASES));
        assertThat(fingerprints(7, 200)).isNotEqualTo(fingerprints(8, 200));
    }

    @Test
    void everyFamilyOfDamageComesUp() {
        Set<String> families = new HashSet<>();
        for (FuzzCase fuzzCase : generate(11, CASES)) {
            families.add(fuzzCase.kind().split("[:\\- ]")[0]);
        }
        assertThat(families).contains("variable", "missing", "null", "undeclared", "document", "body", "duplicate",
                "over", "under", "content", "GET", "method", "auth", "route", "socket", "slack");
    }

    @Test
    void casesAreWellFormedAndBounded() {
        for (FuzzCase fuzzCase : generate(13, CASES)) {
            assertThat(fuzzCase.number()).isPositive();
            assertThat(fuzzCase.http() == null).as(fuzzCase.kind()).isNotEqualTo(fuzzCase.socket() == null);
            if (fuzzCase.http() != null) {
                int size = fuzzCase.http().body() == null ? 0 : fuzzCase.http().body().length;
                assertThat(size).as(fuzzCase.kind()).isLessThan(3 * 1024 * 1024);
                assertThat(fuzzCase.differential() == FuzzCase.Differential.ROUTE)
                        .isEqualTo(fuzzCase.http().engineBody() != null);
            } else {
                assertThat(fuzzCase.socket().frames()).isNotEmpty();
                assertThat(fuzzCase.differential() == FuzzCase.Differential.CONFIG)
                        .isEqualTo(fuzzCase.socket().engineFrames() != null);
            }
        }
    }

    @Test
    void guardedDocumentsNeverGetANumberOrAUrlOffThisMachine() {
        for (FuzzCase fuzzCase : generate(17, CASES)) {
            if (fuzzCase.http() == null || fuzzCase.http().body() == null) {
                continue;
            }
            String body = fuzzCase.http().bodyText();
            if (body.contains("revokeApiToken(")) {
                assertThat(body).as(fuzzCase.kind()).doesNotContainPattern("\"variables\":\\{[^}]*\"id\":-?[0-9]");
            }
            assertThat(body).as(fuzzCase.kind()).doesNotContainPattern("https?://(?!127\\.0\\.0\\.1)[a-z]");
        }
    }

    @Test
    void reproductionsPrintTheBytesSent() {
        for (FuzzCase fuzzCase : generate(19, 400)) {
            String reproduction = Reproduction.of(fuzzCase, "http://127.0.0.1:8081");
            assertThat(reproduction).as(fuzzCase.kind()).containsAnyOf("curl ", "websocat", "transcript");
        }
        assertThat(Reproduction.generator("ab'%\\\u0000".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("{ printf 'ab\\x27%%\\\\\\x00'; }");
        assertThat(Reproduction.generator("x".repeat(1000).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("{ printf 'x%.0s' $(seq 1000); }");
    }

    private static List<FuzzCase> generate(long seed, int count) {
        FuzzCases cases = new FuzzCases(seed, WORLD, TestDocuments.load(), SchemaModel.empty());
        List<FuzzCase> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(cases.next());
        }
        return all;
    }

    private static List<String> fingerprints(long seed, int count) {
        return generate(seed, count).stream().map(c -> c.number() + " " + c.kind() + " " + c.expect() + " "
                + (c.http() != null ? java.util.Arrays.hashCode(c.http().body()) + " " + c.http().method()
                        : String.join("\n", c.socket().frames()))).toList();
    }
}
