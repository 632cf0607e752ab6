package dev.tightrope.access.graphql;

import static dev.tightrope.testing.GraphQLClient.executeAs;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** {@code viewer}: a person's token tells its own name and role, which the dashboard uses to offer what it allows. */
@QuarkusTest
class ViewerTest {

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"VIEWER", "OPERATOR", "ADMIN"})
    void aPersonLearnsTheNameAndRoleOfTheirToken(Role role) {
        Tokens.Created token = Tokens.create(Fixtures.uniqueSlug("viewer-" + role.name().toLowerCase()), role, null);
        executeAs(token.secret(), "viewer", Map.of())
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.viewer.name", equalTo(token.name()))
                .body("data.viewer.role", equalTo(role.name()))
                .body("data.viewer.actor", equalTo("token:" + token.name()))
                .body("data.viewer.tokenId", equalTo(token.id()));
    }

    @Test
    void aRuntimeTokenIsRefusedWithItsRole() {
        executeAs(Tokens.of(Role.RUNTIME), "viewer", Map.of())
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.role", equalTo("RUNTIME"));
    }

    @Test
    void withoutATokenTheAnswerIsUnauthenticated() {
        executeAs(null, "viewer", Map.of())
                .statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }
}
