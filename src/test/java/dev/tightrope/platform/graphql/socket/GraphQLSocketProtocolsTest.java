package dev.tightrope.platform.graphql.socket;

import static dev.tightrope.testing.GraphQLClient.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.GraphQLClient;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * The older {@code graphql-ws} subprotocol keeps working next to {@code graphql-transport-ws}: offered alone or
 * first, it is chosen in {@link GraphQLSocketEndpoint}, which hands the socket to SmallRye's graphql-ws handler
 * behind the same request checks as the newer protocol (without fast paths).
 */
@QuarkusTest
class GraphQLSocketProtocolsTest {

    private static final String ENV = "production";

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @ParameterizedTest
    @ValueSource(strings = {"graphql-ws", "graphql-ws,graphql-transport-ws"})
    void theOlderSubprotocolStillStreamsConfigurations(String offered) throws Exception {
        String agent = Fixtures.agentWithVersions("legacy-ws", 1);
        execute("deploy", Map.of("agent", agent, "environment", ENV, "version", 1)).body("errors", nullValue());
        HttpClient client = vertx.createHttpClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost())
                .setPort(base.getPort()).setURI("/graphql").setSubProtocols(List.of(offered.split(",")));
        WebSocket socket = client.webSocket(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
            socket.textMessageHandler(text -> messages.add(new JsonObject(text)));
            String protocol = socket.subProtocol();
            // the server takes the client's first choice it supports: graphql-ws both times
            assertThat(protocol).isEqualTo("graphql-ws");
            socket.writeTextMessage(new JsonObject().put("type", "connection_init")
                    .put("payload", new JsonObject().put("authorization", "Bearer " + Tokens.admin())).encode());
            assertThat(nextOtherThanKeepAlive(messages).getString("type")).isEqualTo("connection_ack");

            socket.writeTextMessage(new JsonObject().put("id", "1").put("type", "start")
                    .put("payload", new JsonObject().put("query", GraphQLClient.load("configChanged"))
                            .put("variables", new JsonObject().put("agent", agent).put("environment", ENV)))
                    .encode());
            JsonObject data = nextOtherThanKeepAlive(messages);
            assertThat(data.getString("type")).as(data.encode()).isEqualTo("data");
            assertThat(data.getJsonObject("payload").getJsonObject("data").getJsonObject("configChanged")
                    .getInteger("generation")).isEqualTo(1);
        } finally {
            socket.close();
            client.close();
        }
    }

    /** As on graphql-transport-ws: a socket that never initialises is not held open (2 s in the test profile). */
    @Test
    void anOlderSubprotocolSocketWithoutConnectionInitIsClosed() throws Exception {
        HttpClient client = vertx.createHttpClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost())
                .setPort(base.getPort()).setURI("/graphql").setSubProtocols(List.of("graphql-ws"));
        WebSocket socket = client.webSocket(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            BlockingQueue<Short> closed = new LinkedBlockingQueue<>();
            socket.closeHandler(ignored -> closed.add(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode()));
            assertThat(closed.poll(10, TimeUnit.SECONDS)).isEqualTo((short) 4408);
        } finally {
            client.close();
        }
    }

    private static JsonObject nextOtherThanKeepAlive(BlockingQueue<JsonObject> messages) throws InterruptedException {
        while (true) {
            JsonObject message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            if (!"ka".equals(message.getString("type"))) {
                return message;
            }
        }
    }
}
