package dev.tightrope.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Sends GraphQL documents from {@code src/test/resources/graphql/} over real HTTP, with the bootstrap ADMIN token
 * ({@link Tokens#admin()}) unless a test names another token or none.
 */
public final class GraphQLClient {

    private GraphQLClient() {
    }

    /** Posts the named document ({@code graphql/<name>.graphql}) as ADMIN; asserts HTTP 200. */
    public static ValidatableResponse execute(String document, Map<String, Object> variables) {
        return executeAs(Tokens.admin(), document, variables).statusCode(200);
    }

    /**
     * Posts the named document with {@code Authorization: Bearer <token>}, or without that header when the token is
     * {@code null}. Asserts nothing: refused requests answer 401.
     */
    public static ValidatableResponse executeAs(String token, String document, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", load(document));
        body.put("variables", variables);
        return request(token)
                .body(body)
                .when().post("/graphql")
                .then();
    }

    /** Posts a raw query text as ADMIN (for malformed-request tests only). */
    public static ValidatableResponse raw(String query) {
        return request(Tokens.admin())
                .body(Map.of("query", query))
                .when().post("/graphql")
                .then();
    }

    /** A request with JSON content type and, unless {@code token} is null, the bearer token. */
    public static RequestSpecification request(String token) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
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
