package dev.tightrope.access.graphql;

import static dev.tightrope.testing.GraphQLClient.execute;
import static dev.tightrope.testing.GraphQLClient.executeAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLWebSocket;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * Secrets never reach the log: bearer headers (good, bad, revoked), connection_init payloads, created secrets and
 * secret-looking arguments. Everything logged while the calls run, down to DEBUG in the categories that see
 * requests, is captured and searched.
 */
@QuarkusTest
class SecretsNotLoggedTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> CATEGORIES = List.of("dev.tightrope", "io.quarkus.security",
            "io.quarkus.vertx.http", "io.quarkus.smallrye.graphql", "io.smallrye.graphql", "io.vertx");

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Test
    void noSecretAppearsInAnyLogRecord() throws Exception {
        Capture capture = new Capture();
        Map<String, Level> levels = new HashMap<>();
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        for (String category : CATEGORIES) {
            levels.put(category, Logger.getLogger(category).getLevel());
            Logger.getLogger(category).setLevel(Level.FINE);
        }
        List<String> secrets = new ArrayList<>();
        try {
            Tokens.Created token = Tokens.create(Fixtures.uniqueSlug("logged"), Role.OPERATOR, null);
            secrets.add(token.secret());
            String unknown = "tr_" + "n".repeat(43);
            secrets.add(unknown);
            executeAs(token.secret(), "agents", Map.of("first", 1)).statusCode(200);
            executeAs(unknown, "agents", Map.of()).statusCode(401);
            executeAs("some-password-like-value", "agents", Map.of()).statusCode(401);
            secrets.add("some-password-like-value");

            String agent = Fixtures.createAgent("logged");
            Map<String, Object> input = Fixtures.firstVersion(agent, "no secrets here");
            Map<String, Object> model = new HashMap<>(Fixtures.model("gpt-4o"));
            model.put("parameters", Map.of("apiKey", "sk-live-never-logged"));
            input.put("model", model);
            execute("createVersion", Map.of("input", input)).body("errors", nullValue());
            secrets.add("sk-live-never-logged");

            try (GraphQLWebSocket socket = GraphQLWebSocket.connectAs(vertx, base, token.secret())) {
                socket.subscribe("deploymentChanged", Map.of("agent", agent, "environment", "production"));
            }
            try (GraphQLWebSocket socket = GraphQLWebSocket.open(vertx, base,
                    Map.of("authorization", "Bearer " + unknown))) {
                socket.awaitClose(WAIT);
            }
            execute("revokeApiToken", Map.of("id", token.id())).body("errors", nullValue());
            executeAs(token.secret(), "agents", Map.of()).statusCode(401);
        } finally {
            root.removeHandler(capture);
            levels.forEach((category, level) -> Logger.getLogger(category).setLevel(level));
        }

        assertThat(capture.lines).as("log records captured").isNotEmpty();
        for (String secret : secrets) {
            String body = secret.startsWith("tr_") ? secret.substring(3) : secret;
            assertThat(capture.lines).as("log lines containing a secret").noneMatch(line -> line.contains(body));
        }
        assertThat(capture.lines).noneMatch(line -> line.contains(Tokens.admin().substring(3)));
    }

    /** Keeps the formatted message and stack trace of every record. */
    private static final class Capture extends Handler {

        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

        Capture() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            StringWriter text = new StringWriter().append(record.getLoggerName()).append(": ")
                    .append(String.valueOf(message));
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            lines.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
