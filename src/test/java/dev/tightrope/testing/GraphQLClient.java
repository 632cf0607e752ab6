package dev.tightrope.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Sends GraphQL documents from {@code src/test/resources/graphql/} over real HTTP.
 */
public final class GraphQLClient {

    private GraphQLClient() {
    }

    /** Posts the named document ({@code graphql/<name>.graphql}) with the variables; asserts HTTP 200. */
    public static ValidatableResponse execute(String document, Map<String, Object> variables) {
        return given()
                .contentType(ContentType.JSON)
                .body(Map.of("query", load(document), "variables", variables))
                .when().post("/graphql")
                .then().statusCode(200);
    }

    /** Posts a raw query text (for malformed-request tests only). */
    public static ValidatableResponse raw(String query) {
        return given()
                .contentType(ContentType.JSON)
                .body(Map.of("query", query))
                .when().post("/graphql")
                .then();
    }

    public static String load(String document) {
        String path = "/graphql/" + document + ".graphql";
        try (InputStream in = GraphQLClient.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test document " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
