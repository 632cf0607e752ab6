package dev.tightrope.platform.graphql;

import static dev.tightrope.testing.GraphQLClient.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.GraphQLClient;
import dev.tightrope.testing.Tokens;
import graphql.introspection.IntrospectionQuery;
import io.quarkus.test.junit.QuarkusTest;

/** Depth and complexity limits answer with a coded error, and leave room for what real clients send. */
@QuarkusTest
class GraphQLLimitsTest {

    @Test
    void tooDeepIsValidation() {
        String deep = "query { __schema { types { fields { type " + "{ ofType ".repeat(GraphQLLimits.DEFAULT_MAX_DEPTH)
                + "{ name }" + " }".repeat(GraphQLLimits.DEFAULT_MAX_DEPTH) + " } } } }";
        raw(deep).statusCode(200)
                .body("data", nullValue())
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("depth"));
    }

    @Test
    void tooComplexIsValidation() {
        StringBuilder wide = new StringBuilder("query {");
        for (int i = 0; i <= GraphQLLimits.DEFAULT_MAX_COMPLEXITY / 2; i++) {
            wide.append(" f").append(i).append(": agent(slug: \"none\") { slug }");
        }
        raw(wide.append(" }").toString()).statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("complexity"));
    }

    @Test
    void fragmentsThatMultiplyAreRefusedBeforeTheEngineCollectsThem() {
        // each fragment spreads the one before twice: 2^25 fields in a document of 1.5 kB, complexity 2
        String bomb = FragmentExpansionTest.doubling(24);
        long started = System.nanoTime();
        raw(bomb).statusCode(200)
                .body("data", nullValue())
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("more than 5000 fields once its fragments are expanded"));
        assertThat((System.nanoTime() - started) / 1_000_000)
                .as("milliseconds to refuse it").isLessThan(2_000);
    }

    @Test
    void fragmentsSpreadAFewTimesStillRun() {
        String query = "query { a: viewer { ...V } b: viewer { ...V } c: viewer { ...V } }\n"
                + "fragment V on Viewer { name role ...W ...W }\nfragment W on Viewer { name }";
        raw(query).statusCode(200).body("errors", nullValue()).body("data.c.role", equalTo("ADMIN"));
    }

    @Test
    void batchesAreRefused() {
        GraphQLClient.request(Tokens.admin())
                .body("[{\"query\": \"{ __typename }\"}, {\"query\": \"{ __typename }\"}]")
                .when().post("/graphql")
                .then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].message", containsString("Batched requests (a JSON array) are not supported"))
                .body("errors[0].message", not(containsString("java")));
    }

    @Test
    void anOversizedBodyIsRefusedBeforeAnythingRuns() {
        String padding = "x".repeat(2 * 1024 * 1024 + 1);
        GraphQLClient.request(Tokens.admin())
                .body("{\"query\": \"{ __typename }\", \"extensions\": {\"padding\": \"" + padding + "\"}}")
                .when().post("/graphql")
                .then().statusCode(413)
                .body("errors[0].extensions.code", equalTo("PAYLOAD_TOO_LARGE"))
                .body("errors[0].extensions.limitBytes", equalTo(2 * 1024 * 1024))
                .body("errors[0].message", containsString("limit of 2097152 bytes (2 MiB)"));
    }

    @Test
    void theStandardIntrospectionQueryFitsTheLimits() {
        raw(IntrospectionQuery.INTROSPECTION_QUERY).statusCode(200)
                .body("errors", nullValue())
                .body("data.__schema.queryType.name", equalTo("Query"));
    }

    @Test
    void aCachedDocumentAnswersLikeTheFirstTime() {
        String query = "query { __type(name: \"Query\") { name } }";
        raw(query).statusCode(200).body("data.__type.name", equalTo("Query"));
        raw(query).statusCode(200).body("data.__type.name", equalTo("Query"));
    }
}
