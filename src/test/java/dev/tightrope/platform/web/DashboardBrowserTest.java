package dev.tightrope.platform.web;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.rules.application.RuleEvaluator;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The dashboard in a real browser: Debian's Chromium, driven by playwright-core from node, against this test
 * application and its embedded PostgreSQL. The scenarios are {@code web-ui/e2e/dashboard.e2e.mjs} (node's test
 * runner); this test creates what they act on, runs them, and fails with their output if one fails.
 *
 * <p>The rule evaluator's schedule is off in tests; while the scenarios run, this test runs an evaluation pass every
 * {@link #EVALUATE_EVERY} instead, so the outcomes a scenario reports over the runtime API fire the rules of
 * {@code ALERTS_AGENT} as they would in production (every 5 s there).
 *
 * <p>Without Chromium or node the test is skipped with the reason, except in CI ({@code CI=true}), where it must run.
 * Screenshots of the pages (1366×768) go to {@code target/e2e-screenshots/}, and the figures measured — first load,
 * rollback until shown — to {@code target/dashboard-timings.json} (docs/benchmarks.md, H).
 */
@QuarkusTest
class DashboardBrowserTest {

    private static final Path WEB_UI = Path.of("web-ui");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final long TIME_LIMIT_SECONDS = 240;
    private static final Duration EVALUATE_EVERY = Duration.ofSeconds(1);
    /** The one rule of the alerts scenario's agent (its default rules are off). */
    static final String ALERT_RULE = "IF error_rate > 15% THEN alert";

    @TestHTTPResource("/")
    URI base;

    @Inject
    RuleEvaluator evaluator;

    @Test
    void scenariosPassInChromium() throws Exception {
        requireBrowser();
        String rolloutAgent = Fixtures.agentWithVersions("e2e-rollout", 2);
        deploy(rolloutAgent, 1);
        String rolloutId = execute("startRollout", Map.of("agent", rolloutAgent, "environment", "production",
                "version", 2, "weight", 25)).body("errors", nullValue()).extract().path("data.startRollout.rolloutId");
        String stableAgent = Fixtures.agentWithVersions("e2e-stable", 2);
        deploy(stableAgent, 1);
        deploy(stableAgent, 2);
        String alertsAgent = Fixtures.agentWithVersions("e2e-alerts", 1);
        deploy(alertsAgent, 1);
        execute("setDefaultRules", Map.of("agent", alertsAgent, "enabled", false)).body("errors", nullValue());
        execute("createRule", Map.of("agent", alertsAgent, "expression", ALERT_RULE)).body("errors", nullValue());
        Path screenshots = Files.createDirectories(Path.of("target", "e2e-screenshots"));

        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "--test-concurrency=1",
                "e2e/dashboard.e2e.mjs")
                .directory(WEB_UI.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = new HashMap<>();
        environment.put("TIGHTROPE_URL", base.toString());
        environment.put("ADMIN_TOKEN", Tokens.admin());
        environment.put("VIEWER_TOKEN", Tokens.of(Role.VIEWER));
        environment.put("RUNTIME_TOKEN", Tokens.of(Role.RUNTIME));
        environment.put("ROLLOUT_AGENT", rolloutAgent);
        environment.put("ROLLOUT_ID", rolloutId);
        environment.put("STABLE_AGENT", stableAgent);
        environment.put("ALERTS_AGENT", alertsAgent);
        environment.put("ALERT_RULE", ALERT_RULE);
        environment.put("CHROMIUM", CHROMIUM.toString());
        environment.put("SCREENSHOTS", screenshots.toAbsolutePath().toString());
        environment.put("TIMINGS", Path.of("target", "dashboard-timings.json").toAbsolutePath().toString());
        node.environment().putAll(environment);
        StringBuilder output = new StringBuilder();
        Process process = node.start();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        scheduler.scheduleWithFixedDelay(() -> evaluate(output), 0, EVALUATE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        boolean finished;
        try {
            Thread reader = new Thread(() -> copy(process, output), "e2e-output");
            reader.setDaemon(true);
            reader.start();
            finished = process.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            reader.join(5_000);
        } finally {
            scheduler.shutdownNow();
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertThat(finished).as("browser tests finished within %d s:%n%s", TIME_LIMIT_SECONDS, output).isTrue();
        assertThat(process.exitValue()).as("browser tests (web-ui/e2e):%n%s", output).isZero();
    }

    /** One pass of the rule evaluator, as the scheduler runs it; a failure goes into the output shown on failure. */
    private void evaluate(StringBuilder output) {
        try {
            evaluator.runOnce().await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            synchronized (output) {
                output.append("(rule evaluation failed: ").append(e).append(")\n");
            }
        }
    }

    private static void deploy(String agent, int version) {
        execute("deploy", Map.of("agent", agent, "environment", "production", "version", version))
                .body("errors", nullValue());
    }

    /** Skips without a browser on a developer's machine; in CI a missing browser is a failure. */
    private static void requireBrowser() {
        boolean ci = "true".equals(System.getenv("CI"));
        String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM + " (apt-get install chromium)"
                : !Files.isDirectory(WEB_UI.resolve("node_modules/playwright-core")) ? "web-ui/node_modules (npm ci)"
                : null;
        if (missing != null) {
            assertThat(ci).as("CI must run the browser tests, but %s is missing", missing).isFalse();
            Assumptions.abort("Browser tests skipped: " + missing + " is missing");
        }
    }

    private static void copy(Process process, StringBuilder output) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[e2e] " + line);
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.append("(output lost: ").append(e.getMessage()).append(")\n");
            }
        }
    }
}
