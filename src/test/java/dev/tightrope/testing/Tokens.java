package dev.tightrope.testing;

import static dev.tightrope.testing.GraphQLClient.executeAs;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.tightrope.access.domain.Role;
import io.restassured.path.json.JsonPath;

/**
 * API tokens for tests: the ADMIN bootstrap token of the test profile, which the GraphQL helpers send by default,
 * and tokens of every other role, created through the API once per test run.
 */
public final class Tokens {

    private static final Map<Role, String> BY_ROLE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    /** The bootstrap ADMIN token ({@code %test.tightrope.bootstrap-admin-token}). */
    public static String admin() {
        return ConfigProvider.getConfig().getValue("tightrope.bootstrap-admin-token", String.class);
    }

    /** A token with this role (the bootstrap token for ADMIN), shared by the tests of a run. */
    public static String of(Role role) {
        if (role == Role.ADMIN) {
            return admin();
        }
        return BY_ROLE.computeIfAbsent(role, r -> create(Fixtures.uniqueSlug("test-" + r.name().toLowerCase()), r,
                null).secret());
    }

    /** Creates a token as the bootstrap admin. */
    public static Created create(String name, Role role, Instant expiresAt) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("name", name);
        variables.put("role", role.name());
        variables.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        JsonPath created = executeAs(admin(), "createApiToken", variables)
                .statusCode(200)
                .body("errors", nullValue())
                .extract().jsonPath();
        return new Created(created.getString("data.createApiToken.token.id"), created.getString(
                "data.createApiToken.secret"), name);
    }

    /** A created token: its id, its secret (shown once) and its name. */
    public record Created(String id, String secret, String name) {
    }
}
