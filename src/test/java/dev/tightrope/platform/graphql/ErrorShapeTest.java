package dev.tightrope.platform.graphql;

import static dev.tightrope.testing.GraphQLClient.raw;
import static dev.tightrope.testing.GraphQLClient.request;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** Errors made by the GraphQL engine itself carry a code too, and never a stack trace. */
@QuarkusTest
class ErrorShapeTest {

    @Test
    void syntaxErrorIsValidationWithItsPosition() {
        raw("query { agents(first: 1) { edges { node { slug } }")
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("Invalid syntax"))
                .body("errors[0].locations[0].line", equalTo(1));
    }

    @Test
    void missingQueryAndNonJsonBodiesAreValidation() {
        request(Tokens.admin()).body("{\"variables\": {}}").when().post("/graphql")
                .then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("no 'query'"));
        request(Tokens.admin()).body("{not json").when().post("/graphql")
                .then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("not valid JSON at line 1, column 2"));
    }

    @Test
    void withoutATokenEvenAMalformedRequestIsUnauthenticated() {
        request(null).body("{not json").when().post("/graphql")
                .then().statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void unknownFieldIsValidation() {
        raw("query { agents { edges { node { color } } } }")
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("color"));
    }

    @Test
    void wrongArgumentTypeIsValidation() {
        raw("query { version(agent: \"x\", number: \"seven\") { number } }")
                .statusCode(200)
                .body("errors.extensions.code", everyItem(equalTo("VALIDATION")));
    }

    @Test
    void noStackTracesOrSystemErrors() {
        raw("mutation { createVersion(input: {agent: \"some-agent\", prompt: [1, 2]}) { number } }")
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", equalTo("Invalid input: prompt: expected an object but got an array"))
                .body("errors.message", everyItem(not(containsString("Exception"))))
                .body("errors.message", everyItem(not(containsString("System error"))));
    }
}
