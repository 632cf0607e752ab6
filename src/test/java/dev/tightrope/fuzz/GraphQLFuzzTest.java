package dev.tightrope.fuzz;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.FakeSlack;
import dev.tightrope.testing.SlackRequests;
import dev.tightrope.testing.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * A seeded fuzz run against the real application, over real HTTP and real WebSockets on loopback: documents from
 * {@code src/test/resources/graphql/} and the live schema, damaged by {@link FuzzCases} (extreme and wrongly typed
 * values, unknown fields, malformed and oversized bodies, protocol abuse, malformed Slack requests).
 *
 * <p>Why: the API's promises about bad input — a coded error, never a 5xx or INTERNAL, no Java in messages, a
 * refusal changes nothing, the fast paths answer exactly like the engine — are easy to break in one corner and hard
 * to cover by hand. Every answer is checked against them ({@link Invariants}); each failure is printed with a curl
 * (or websocat) reproduction, and the run fails at the end with all of them. The seed is printed first; the same seed
 * replays the same cases. See docs/fuzzing.md.
 */
@QuarkusTest
class GraphQLFuzzTest {

    private static final int RESTORE_EVERY = 25;
    private static final int MEANINGFUL_PAIRS = 20;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @Test
    void everyAnswerToClientInputKeepsTheInvariants() throws Exception {
        FuzzSettings settings = FuzzSettings.fromSystemProperties();
        System.out.println("GraphQLFuzzTest: seed " + settings.seed() + (settings.seedGiven() ? " (given)" : " (fresh)")
                + ", " + settings.cases() + " cases, at most " + settings.budget().toSeconds() + " s. Replay: mvn "
                + "verify -Dtest=GraphQLFuzzTest -Dtightrope.fuzz.seed=" + settings.seed());
        String origin = "http://127.0.0.1:" + base.getPort();
        HttpSender.Credentials credentials = new HttpSender.Credentials(Tokens.admin(), Tokens.of(Role.RUNTIME),
                Tokens.of(Role.VIEWER));
        FuzzReport report = new FuzzReport(settings.seed());
        Map<String, Integer> families = new TreeMap<>();
        Map<String, Long> millis = new TreeMap<>();
        List<Integer> slackCases = new ArrayList<>();
        List<String> vacuous = new ArrayList<>();
        long started = System.nanoTime();
        int ran = 0;
        try (FakeSlack slack = FakeSlack.start(vertx);
                HttpSender http = new HttpSender(vertx, base.getPort(), credentials);
                TableDigest digest = new TableDigest()) {
            FuzzWorld world = FuzzWorld.forSeed(settings.seed(), slack.url(""));
            Map<String, String> empty = digest.take();
            FuzzWorldSetup.build(world);
            assertThat(TableDigest.changed(empty, digest.take())).as("the digest sees the world being built")
                    .contains("agent", "agent_version", "deployment", "deployment_event", "rollout", "slack_user");
            FuzzCases cases = new FuzzCases(settings.seed(), world, TestDocuments.load(), FuzzWorldSetup.schema());
            FuzzRunner runner = new FuzzRunner(http, new SocketSender(vertx, base.getPort(), credentials), digest,
                    registry, report, origin);
            System.out.println("GraphQLFuzzTest: world " + world);
            long deadline = started + settings.budget().toNanos();
            while (ran < settings.cases()) {
                if (System.nanoTime() > deadline) {
                    System.out.println("GraphQLFuzzTest: time budget of " + settings.budget().toSeconds()
                            + " s used up after " + ran + " of " + settings.cases() + " cases; the rest were not "
                            + "generated (raise -Dtightrope.fuzz.max-seconds for a longer run)");
                    break;
                }
                FuzzCase fuzzCase = cases.next();
                String family = fuzzCase.kind().split(":")[0];
                families.merge(family, 1, Integer::sum);
                long caseStarted = System.nanoTime();
                if (fuzzCase.http() != null && fuzzCase.http().slack() != null) {
                    slackCases.add(fuzzCase.number());
                }
                runner.run(fuzzCase);
                millis.merge(family, (System.nanoTime() - caseStarted) / 1_000_000L, Long::sum);
                ran++;
                if (ran % RESTORE_EVERY == 0) {
                    FuzzWorldSetup.restore(world);
                }
            }
            SlackReplies.check(slack, slackCases, report, origin);
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            System.out.println("GraphQLFuzzTest: " + ran + " cases in " + seconds + " s, " + report.size()
                    + " failing; cases by family " + families + "; milliseconds by family " + millis);
            System.out.println("GraphQLFuzzTest: " + runner.refusalsChecked + " refusals checked to have changed "
                    + "no table; route differential pairs " + runner.routePairs + " (fast path served "
                    + runner.routePairsServedFast + "), configChanged pairs " + runner.configPairs
                    + " (fast path served " + runner.configPairsServedFast + "); /q/metrics: "
                    + prometheus("tightrope_graphql_route_fast_path_total") + " route, "
                    + prometheus("tightrope_graphql_subscription_fast_path_total") + " subscriptions");
            // with enough pairs, some must have been served by the fast path, or the differential compared nothing
            if (runner.routePairs >= MEANINGFUL_PAIRS && runner.routePairsServedFast == 0) {
                vacuous.add("the route fast path served none of " + runner.routePairs + " differential pairs");
            }
            if (runner.configPairs >= MEANINGFUL_PAIRS && runner.configPairsServedFast == 0) {
                vacuous.add("the configChanged fast path served none of " + runner.configPairs + " pairs");
            }
        }
        String preamble = "Credentials in the reproductions: TR_ADMIN=" + Tokens.admin() + " TR_RUNTIME="
                + credentials.runtime() + " TR_VIEWER=" + credentials.viewer() + " TR_SLACK_SECRET="
                + SlackRequests.SIGNING_SECRET + " (test-only secrets of this run)";
        if (!report.isEmpty() || !vacuous.isEmpty()) {
            String rendered = String.join("\n", vacuous) + "\n" + report.render(preamble) + "Every failing case: "
                    + report.writeAll(preamble) + "\nReplay exactly these cases: -Dtightrope.fuzz.seed="
                    + settings.seed() + " -Dtightrope.fuzz.cases=" + ran + "\n";
            throw new AssertionError(rendered);
        }
    }

    private static double prometheus(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
