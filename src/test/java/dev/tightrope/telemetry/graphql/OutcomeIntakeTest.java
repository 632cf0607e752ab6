package dev.tightrope.telemetry.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.telemetry.http.OutcomeRoutes;
import dev.tightrope.testing.DatabaseProbe;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/**
 * Outcomes in, over both entry points, against the real database: what is accepted is in its bucket once the answer
 * comes, bad outcomes are named and the good ones kept, a repeated batch is counted once, concurrent batches into
 * one bucket add up, and only RUNTIME and ADMIN tokens may report.
 */
@QuarkusTest
class OutcomeIntakeTest {

    private static final String ENV = "production";

    @jakarta.inject.Inject
    dev.tightrope.testing.TestClock clock;

    @jakarta.inject.Inject
    dev.tightrope.telemetry.application.OutcomeRetention retention;

    @jakarta.inject.Inject
    dev.tightrope.telemetry.application.OutcomeCompaction compaction;

    @Test
    void reportedOverGraphQLTheyAreInTheirBucketsWhenTheAnswerComes() {
        String agent = Fixtures.deployedWithCanary("intake-graphql");
        List<Map<String, Object>> outcomes = List.of(
                outcome(agent, 1, "STABLE", "SUCCESS", true, 100),
                outcome(agent, 1, "STABLE", "ERROR", null, 300),
                outcome(agent, 2, "CANARY", "SUCCESS", false, 250),
                outcome(agent, 2, "CANARY", "SUCCESS", true, -5));
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", Map.of("outcomes", outcomes)).statusCode(200)
                .body("errors", nullValue())
                .body("data.reportOutcomes.accepted", equalTo(3))
                .body("data.reportOutcomes.deduplicated", equalTo(false))
                .body("data.reportOutcomes.rejected", hasSize(1))
                .body("data.reportOutcomes.rejected[0].index", equalTo(3))
                .body("data.reportOutcomes.rejected[0].code", equalTo("VALIDATION"));

        assertThat(bucketSum(agent, "STABLE", "requests")).isEqualTo(2);
        assertThat(bucketSum(agent, "STABLE", "errors")).isEqualTo(1);
        assertThat(bucketSum(agent, "STABLE", "completion_reported")).isEqualTo(1);
        assertThat(bucketSum(agent, "STABLE", "latency_sum")).isEqualTo(400);
        assertThat(bucketSum(agent, "CANARY", "requests")).isEqualTo(1);
        assertThat(DatabaseProbe.queryLong("select coalesce(sum(t.errors), 0) from outcome_bucket_tool t join "
                + "deployment d on d.id = t.deployment_id join agent a on a.id = d.agent_id where a.slug = ?",
                agent)).isEqualTo(1);
    }

    @Test
    void aMistypedOutcomeOverGraphQLIsNamedByItsIndexAndField() {
        String agent = Fixtures.deployedWithCanary("intake-mistyped");
        Map<String, Object> good = outcome(agent, 1, "STABLE", "SUCCESS", true, 100);
        Map<String, Object> mistyped = new java.util.HashMap<>(good);
        mistyped.put("latencyMs", "12");
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", Map.of("outcomes", List.of(good, good, mistyped)))
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", equalTo("Variable 'outcomes' has an invalid value at outcomes[2].latencyMs: "
                        + "Float must be a number (a JSON number), not a string (\"12\")"));
        Map<String, Object> unknownField = new java.util.HashMap<>(good);
        unknownField.put("latency_ms", 12);
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", Map.of("outcomes", List.of(unknownField)))
                .body("errors[0].message", equalTo("The variables input contains a field name 'latency_ms' that "
                        + "is not defined for input object type 'OutcomeInput' (at outcomes[0].latency_ms)"));
        Map<String, Object> noStatus = new java.util.HashMap<>(good);
        noStatus.remove("status");
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", Map.of("outcomes", List.of(good, good, good, noStatus)))
                .body("errors[0].message", equalTo("Variable 'outcomes' has an invalid value at outcomes[3].status: "
                        + "Field 'status' has coerced Null value for NonNull type 'OutcomeStatus!'"));
        Map<String, Object> badTool = new java.util.HashMap<>(good);
        badTool.put("toolCalls", List.of(Map.of("tool", "search", "status", "MAYBE", "latencyMs", 3)));
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", Map.of("outcomes", List.of(good, badTool)))
                .body("errors[0].message", containsString("at outcomes[1].toolCalls[0].status: "));
        assertThat(bucketSum(agent, "STABLE", "requests")).isZero(); // the engine refused the whole call
    }

    @Test
    void anOutcomeOfAVersionNobodyCreatedIsRefusedAndTheRestTaken() {
        String agent = Fixtures.deployedWithCanary("intake-versions"); // versions 1 and 2
        List<Map<String, Object>> outcomes = List.of(
                outcome(agent, 999, "STABLE", "SUCCESS", true, 10),
                outcome(agent, 2, "CANARY", "SUCCESS", true, 10),
                outcome(agent, 3, "CANARY", "SUCCESS", true, 10));
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", Map.of("outcomes", outcomes)).statusCode(200)
                .body("errors", nullValue())
                .body("data.reportOutcomes.accepted", equalTo(1))
                .body("data.reportOutcomes.rejected.index", equalTo(List.of(0, 2)))
                .body("data.reportOutcomes.rejected.code", equalTo(List.of("NOT_FOUND", "NOT_FOUND")))
                .body("data.reportOutcomes.rejected[0].message", equalTo("Agent '" + agent + "' has no version 999"));
        assertThat(bucketSum(agent, "CANARY", "requests")).isEqualTo(1);
        assertThat(bucketSum(agent, "STABLE", "requests")).isZero();

        // a version created after the first refusal is taken: the highest known number is read again
        execute("createVersion", Map.of("input", Map.of("agent", agent, "prompt", Fixtures.prompt("three"))))
                .body("errors", nullValue());
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", Map.of("outcomes", List.of(outcomes.get(2))))
                .statusCode(200).body("data.reportOutcomes.accepted", equalTo(1));

        String line = new JsonObject(outcome(agent, 999, "STABLE", "SUCCESS", true, 40)).encode();
        given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).contentType("application/x-ndjson")
                .body(utf8(line)).when().post(OutcomeRoutes.PATH)
                .then().statusCode(200)
                .body("accepted", equalTo(0))
                .body("rejected[0].code", equalTo("NOT_FOUND"));
    }

    @Test
    void aRepeatedBatchIdIsCountedOnce() {
        String agent = Fixtures.deployedWithCanary("intake-dedupe");
        Map<String, Object> variables = Map.of("outcomes", List.of(outcome(agent, 1, "STABLE", "SUCCESS", true, 10)),
                "batchId", "batch-" + agent);
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", variables).statusCode(200)
                .body("data.reportOutcomes.deduplicated", equalTo(false));
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", variables).statusCode(200)
                .body("data.reportOutcomes.accepted", equalTo(1))
                .body("data.reportOutcomes.deduplicated", equalTo(true));
        assertThat(bucketSum(agent, "STABLE", "requests")).isEqualTo(1);
    }

    /**
     * A retry is answered as the first request was, whatever entry point or encoding it comes by; the same id on
     * other outcomes is a mistake of the sender, refused whole (it used to be answered "deduplicated" with the new
     * batch's count, and its outcomes were lost without a word).
     */
    @Test
    void aBatchIdIsARetryOnlyForTheSameOutcomes() throws Exception {
        String agent = Fixtures.deployedWithCanary("intake-batch-id");
        String batchId = "batch-" + agent;
        Map<String, Object> first = outcome(agent, 1, "STABLE", "SUCCESS", true, 10);
        Map<String, Object> second = outcome(agent, 2, "CANARY", "ERROR", null, 20);
        String lines = new JsonObject(first).encode() + "\n" + new JsonObject(second).encode() + "\n";
        String token = "Bearer " + Tokens.of(Role.RUNTIME);
        given().header("Authorization", token).contentType("application/x-ndjson").body(utf8(lines))
                .when().post(OutcomeRoutes.PATH + "?batchId=" + batchId)
                .then().statusCode(200).body("accepted", equalTo(2)).body("deduplicated", equalTo(false));
        // the same two outcomes with other key order and spacing, gzipped: a retry, with the first answer's count
        String respaced = new JsonObject(new java.util.TreeMap<>(first)).encodePrettily().replace("\n", " ") + "\r\n"
                + new JsonObject(new java.util.TreeMap<>(second)).encode();
        given().header("Authorization", token).header("Content-Encoding", "gzip").contentType("application/x-ndjson")
                .body(gzip(utf8(respaced))).when().post(OutcomeRoutes.PATH + "?batchId=" + batchId)
                .then().statusCode(200).body("accepted", equalTo(2)).body("deduplicated", equalTo(true));
        // the same two over GraphQL: a retry too (it was a CONFLICT: GraphQL counts items from 0, NDJSON lines from 1)
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", Map.of("outcomes", List.of(first, second),
                "batchId", batchId)).body("errors", nullValue())
                .body("data.reportOutcomes.deduplicated", equalTo(true))
                .body("data.reportOutcomes.accepted", equalTo(2));
        // one outcome fewer under the same id: another batch
        given().header("Authorization", token).contentType("application/x-ndjson")
                .body(utf8(new JsonObject(first).encode())).when().post(OutcomeRoutes.PATH + "?batchId=" + batchId)
                .then().statusCode(409).body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("counted before for other "
                        + "outcomes (2 accepted then)"));
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", Map.of("outcomes", List.of(second), "batchId", batchId))
                .body("errors[0].extensions.code", equalTo("CONFLICT"));
        assertThat(bucketSum(agent, "STABLE", "requests") + bucketSum(agent, "CANARY", "requests")).isEqualTo(2);
    }

    @Test
    void ndjsonLinesAreJudgedOneByOneAndNamedByLineNumber() {
        String agent = Fixtures.deployedWithCanary("intake-ndjson");
        String body = new JsonObject(outcome(agent, 1, "STABLE", "SUCCESS", true, 40)).encode() + "\n"
                + "not json\n"
                + "\n"
                + new JsonObject(outcome(agent, 2, "CANARY", "ERROR", null, 80)).encode() + "\n"
                + new JsonObject(outcome(agent, 2, "CANARY", "SUCCESS", true, 80)).put("latencyMs", "80").encode()
                + "\n" + new JsonObject(outcome("no-such-agent", 1, "STABLE", "SUCCESS", true, 1)).encode();
        JsonPath answer = given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME))
                .contentType("application/x-ndjson").body(utf8(body))
                .when().post(OutcomeRoutes.PATH + "?batchId=nd-" + agent)
                .then().statusCode(200).extract().jsonPath();
        assertThat(answer.getInt("accepted")).isEqualTo(2);
        assertThat(answer.getList("rejected.line", Integer.class)).containsExactly(2, 5, 6);
        assertThat(answer.getList("rejected.code", String.class)).containsExactly("VALIDATION", "VALIDATION",
                "NOT_FOUND");
        assertThat(answer.getString("rejected[1].message")).contains("latencyMs").contains("not a string");
        // said of its own line, not of "the request body" at "line 1"
        assertThat(answer.getString("rejected[0].message")).startsWith("Line 2 is not valid JSON at column ")
                .doesNotContain("request body");
        assertThat(bucketSum(agent, "CANARY", "errors")).isEqualTo(1);
    }

    @Test
    void aFieldAnOutcomeDoesNotHaveIsNamedAndATextPostgresCannotStoreIsRefused() {
        String agent = Fixtures.deployedWithCanary("intake-fields");
        String body = new JsonObject(outcome(agent, 1, "STABLE", "SUCCESS", true, 40)).put("latency_ms", 40)
                .encode() + "\n"
                + new JsonObject(outcome(agent, 1, "STABLE", "SUCCESS", true, 40)).put("toolCalls", List.of(
                        Map.of("tool", "search", "status", "SUCCESS", "latencyMs", 3, "error", "none"))).encode()
                + "\n" + new JsonObject(outcome(agent, 1, "STABLE", "SUCCESS", true, 40))
                        .put("routingKey", "user\u0000-7").encode() + "\n"
                + new JsonObject(outcome(agent, 1, "STABLE", "SUCCESS", true, 40)).encode();
        JsonPath answer = given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME))
                .contentType("application/x-ndjson").body(utf8(body)).when().post(OutcomeRoutes.PATH)
                .then().statusCode(200).extract().jsonPath();
        assertThat(answer.getInt("accepted")).isEqualTo(1);
        assertThat(answer.getList("rejected.line", Integer.class)).containsExactly(1, 2, 3);
        assertThat(answer.getString("rejected[0].message")).contains("latency_ms: is not a field of an outcome");
        assertThat(answer.getString("rejected[1].message")).contains("toolCalls[0].error: is not a field of a tool "
                + "call (latencyMs, status, tool)");
        assertThat(answer.getString("rejected[2].message")).contains("routingKey: must not contain the NUL "
                + "character");
        assertThat(bucketSum(agent, "STABLE", "requests")).isEqualTo(1);
    }

    @Test
    void aLineRefusedForItsShapeIsToldEveryOtherProblemToo() {
        String agent = Fixtures.deployedWithCanary("intake-all-problems");
        JsonObject line = new JsonObject(outcome(agent, 1, "STABLE", "SUCCESS", true, 40));
        line.remove("status");
        line.put("occurredAt", "yesterday").put("evalScore", 7).put("toolCalls", List.of("search",
                Map.of("tool", "lookup", "status", "MAYBE")));
        JsonPath answer = given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME))
                .contentType("application/x-ndjson").body(utf8(line.encode())).when().post(OutcomeRoutes.PATH)
                .then().statusCode(200).extract().jsonPath();
        assertThat(answer.getInt("accepted")).isZero();
        // the shape's problems (occurredAt unreadable, toolCalls[0] not an object) and then the rules' (status
        // missing, evalScore out of range, toolCalls[1].status unknown); occurredAt is not also "required"
        assertThat(answer.getString("rejected[0].message")).startsWith("Invalid input: toolCalls[0]: must be an "
                + "object").contains("occurredAt: must be a date and time").contains("status: is required")
                .contains("(and 2 more)").doesNotContain("occurredAt: is required");
    }

    /** What log shippers and collectors send by default: gzip, inflated within its limit; other codings refused. */
    @Test
    void aGzipBodyIsInflatedWithinItsLimitAndOtherCodingsAreRefused() throws Exception {
        String agent = Fixtures.deployedWithCanary("intake-gzip");
        String lines = new JsonObject(outcome(agent, 1, "STABLE", "SUCCESS", true, 40)).encode() + "\n"
                + new JsonObject(outcome(agent, 2, "CANARY", "ERROR", null, 80)).encode() + "\n";
        String token = "Bearer " + Tokens.of(Role.RUNTIME);
        given().header("Authorization", token).header("Content-Encoding", "gzip").contentType("application/x-ndjson")
                .body(gzip(utf8(lines))).when().post(OutcomeRoutes.PATH)
                .then().statusCode(200).body("accepted", equalTo(2)).body("rejected", hasSize(0));
        // a body that says gzip and is not: named, not read as JSON
        given().header("Authorization", token).header("Content-Encoding", "gzip").contentType("application/x-ndjson")
                .body(utf8(lines)).when().post(OutcomeRoutes.PATH)
                .then().statusCode(400).body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", org.hamcrest.Matchers.startsWith("The body is not gzip"));
        given().header("Authorization", token).header("Content-Encoding", "br").contentType("application/x-ndjson")
                .body(utf8(lines)).when().post(OutcomeRoutes.PATH)
                .then().statusCode(415).body("errors[0].extensions.code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("Content-Encoding br"));
        // 9 MiB of zero bytes is 9 kB gzipped: the inflation stops at the 8 MiB limit
        byte[] bomb = gzip(new byte[9 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(100_000);
        given().header("Authorization", token).header("Content-Encoding", "gzip").contentType("application/x-ndjson")
                .body(bomb).when().post(OutcomeRoutes.PATH)
                .then().statusCode(413).body("errors[0].extensions.code", equalTo("PAYLOAD_TOO_LARGE"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString(
                        "tightrope.outcomes.max-decompressed-bytes"));
        assertThat(bucketSum(agent, "STABLE", "requests")).as("only the first request's").isEqualTo(1);
        assertThat(bucketSum(agent, "CANARY", "errors")).isEqualTo(1);
    }

    @Test
    void onlyRuntimesAndAdminsMayReport() {
        String agent = Fixtures.deployedWithCanary("intake-roles");
        String line = new JsonObject(outcome(agent, 1, "STABLE", "SUCCESS", true, 1)).encode();
        given().header("Authorization", "Bearer " + Tokens.of(Role.OPERATOR)).contentType("application/x-ndjson")
                .body(utf8(line)).when().post(OutcomeRoutes.PATH)
                .then().statusCode(403).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        given().contentType("application/x-ndjson").body(utf8(line)).when().post(OutcomeRoutes.PATH)
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + Tokens.admin()).contentType("text/csv").body(utf8(line))
                .when().post(OutcomeRoutes.PATH)
                .then().statusCode(415).body("errors[0].extensions.code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        executeAs(Tokens.of(Role.VIEWER), "reportOutcomes", Map.of("outcomes", List.of()))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        assertThat(bucketSum(agent, "STABLE", "requests")).isZero();
    }

    @Test
    void concurrentBatchesIntoOneBucketAllAddUp() throws Exception {
        String agent = Fixtures.deployedWithCanary("intake-race");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int batch = 0; batch < 24; batch++) {
                int latency = batch + 1;
                answers.add(pool.submit(() -> {
                    StringBuilder body = new StringBuilder();
                    for (int i = 0; i < 50; i++) {
                        body.append(new JsonObject(outcome(agent, 1, "STABLE", "SUCCESS", true, latency)).encode())
                                .append('\n');
                    }
                    return given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME))
                            .contentType("application/x-ndjson").body(utf8(body.toString()))
                            .when().post(OutcomeRoutes.PATH).then().statusCode(200)
                            .extract().jsonPath().getInt("accepted");
                }));
            }
            int accepted = 0;
            for (Future<Integer> answer : answers) {
                accepted += answer.get(60, TimeUnit.SECONDS);
            }
            assertThat(accepted).isEqualTo(24 * 50);
        } finally {
            pool.shutdownNow();
        }
        assertThat(bucketSum(agent, "STABLE", "requests")).isEqualTo(24 * 50);
        // 50 outcomes of each latency 1..24 ms
        assertThat(bucketSum(agent, "STABLE", "latency_sum")).isEqualTo(50L * (24 * 25 / 2));
    }

    @Test
    void histogramPartsOfClosedBucketsAreMergedIntoTheirBucketOnce() {
        String agent = Fixtures.deployedWithCanary("intake-compaction");
        for (int batch = 0; batch < 3; batch++) {
            executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", Map.of("outcomes", List.of(
                    outcome(agent, 1, "STABLE", "SUCCESS", true, 100), outcome(agent, 1, "STABLE", "SUCCESS", true, 300))))
                    .body("data.reportOutcomes.accepted", equalTo(2));
        }
        String parts = "select count(*) from outcome_bucket_histogram h join deployment d on d.id = h.deployment_id "
                + "join agent a on a.id = d.agent_id where a.slug = ?";
        long before = DatabaseProbe.queryLong(parts, agent);
        assertThat(before).as("one part per batch and bucket").isBetween(3L, 6L);
        try {
            clock.advance(java.time.Duration.ofSeconds(30));
            assertThat(compaction.compactNow().await().indefinitely()).isGreaterThanOrEqualTo((int) before);
            assertThat(DatabaseProbe.queryLong(parts, agent)).isZero();
            assertThat(compaction.compactNow().await().indefinitely()).as("nothing left to merge").isZero();
        } finally {
            clock.reset();
        }
        // the outcomes may straddle two buckets: add up every bucket's merged histogram
        long counted = DatabaseProbe.queryBytes("select b.latency_histogram from outcome_bucket b join deployment d "
                + "on d.id = b.deployment_id join agent a on a.id = d.agent_id where a.slug = ? and b.arm = 'STABLE'",
                agent).stream().mapToLong(bytes -> dev.tightrope.telemetry.domain.LatencyHistogram.fromBytes(bytes)
                        .count()).sum();
        assertThat(counted).as("every latency in the merged histograms, once").isEqualTo(6);
        assertThat(bucketSum(agent, "STABLE", "requests")).isEqualTo(6);
    }

    @Test
    void bucketsPastTheRetentionAreDeletedByTheCleanup() {
        String agent = Fixtures.deployedWithCanary("intake-retention");
        executeAs(Tokens.of(Role.RUNTIME), "reportOutcomes", Map.of("outcomes",
                List.of(outcome(agent, 1, "STABLE", "SUCCESS", true, 10)), "batchId", "old-" + agent))
                .body("data.reportOutcomes.accepted", equalTo(1));
        assertThat(bucketSum(agent, "STABLE", "requests")).isEqualTo(1);
        try {
            clock.advance(java.time.Duration.ofDays(13));
            retention.cleanUpNow().await().indefinitely();
            assertThat(bucketSum(agent, "STABLE", "requests")).as("13 days old: kept").isEqualTo(1);
            clock.advance(java.time.Duration.ofDays(2));
            assertThat(retention.cleanUpNow().await().indefinitely()).isPositive();
            assertThat(bucketSum(agent, "STABLE", "requests")).as("15 days old: deleted").isZero();
            assertThat(DatabaseProbe.queryLong("select count(*) from outcome_batch where batch_id = ?",
                    "old-" + agent)).isZero();
        } finally {
            clock.reset();
        }
    }

    private static byte[] gzip(byte[] bytes) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream zipped = new java.util.zip.GZIPOutputStream(out)) {
            zipped.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long bucketSum(String agent, String arm, String column) {
        return DatabaseProbe.queryLong("select coalesce(sum(b." + column + "), 0)::bigint from outcome_bucket b "
                + "join deployment d on d.id = b.deployment_id join agent a on a.id = d.agent_id "
                + "where a.slug = ? and b.arm = ?", agent, arm);
    }

    private static Map<String, Object> outcome(String agent, int version, String arm, String status,
            Boolean completed, double latencyMs) {
        Map<String, Object> outcome = new HashMap<>();
        outcome.put("agent", agent);
        outcome.put("environment", ENV);
        outcome.put("version", version);
        outcome.put("arm", arm);
        outcome.put("occurredAt", Instant.now().toString());
        outcome.put("status", status);
        outcome.put("taskCompleted", completed);
        outcome.put("latencyMs", latencyMs);
        outcome.put("costUsd", 0.01);
        outcome.put("inputTokens", 100);
        outcome.put("outputTokens", 40);
        outcome.put("toolCalls", status.equals("ERROR") ? List.of(Map.of("tool", "search", "status", "ERROR",
                "latencyMs", 12.5)) : List.of());
        return outcome;
    }
}
