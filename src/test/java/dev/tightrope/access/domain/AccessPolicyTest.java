package dev.tightrope.access.domain;

import static dev.tightrope.access.domain.AccessPolicy.Decision.ALLOWED;
import static dev.tightrope.access.domain.AccessPolicy.Decision.FORBIDDEN;
import static dev.tightrope.access.domain.AccessPolicy.Decision.UNAUTHENTICATED;
import static dev.tightrope.access.domain.AccessPolicy.OperationType.MUTATION;
import static dev.tightrope.access.domain.AccessPolicy.OperationType.QUERY;
import static dev.tightrope.access.domain.AccessPolicy.OperationType.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tightrope.access.domain.AccessPolicy.Decision;
import dev.tightrope.access.domain.AccessPolicy.OperationType;

class AccessPolicyTest {

    @ParameterizedTest(name = "{0} {1} as {2}: {3}")
    @CsvSource({
            "MUTATION, rollback,          OPERATOR, ALLOWED",
            "MUTATION, rollback,          ADMIN,    ALLOWED",
            "MUTATION, rollback,          VIEWER,   FORBIDDEN",
            "MUTATION, rollback,          RUNTIME,  FORBIDDEN",
            "QUERY,    route,             RUNTIME,  ALLOWED",
            "QUERY,    route,             VIEWER,   ALLOWED",
            "QUERY,    agents,            RUNTIME,  FORBIDDEN",
            "QUERY,    auditLog,          VIEWER,   FORBIDDEN",
            "QUERY,    auditLog,          OPERATOR, ALLOWED",
            "QUERY,    apiTokens,         OPERATOR, FORBIDDEN",
            "QUERY,    viewer,            VIEWER,   ALLOWED",
            "QUERY,    viewer,            RUNTIME,  FORBIDDEN",
            "MUTATION, createAgent,       OPERATOR, FORBIDDEN",
            "MUTATION, createApiToken,    ADMIN,    ALLOWED",
            "MUTATION, acknowledgeConfig, RUNTIME,  ALLOWED",
            "MUTATION, acknowledgeConfig, ADMIN,    FORBIDDEN",
            "SUBSCRIPTION, configChanged,     RUNTIME, ALLOWED",
            "SUBSCRIPTION, deploymentChanged, RUNTIME, FORBIDDEN",
            "SUBSCRIPTION, deploymentChanged, VIEWER,  ALLOWED"})
    void decidesByTheRuleTable(OperationType type, String operation, Role role, Decision expected) {
        assertThat(AccessPolicy.decide(type, operation, role)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void anOperationWithoutARuleIsRefusedToEveryRole(Role role) {
        assertThat(AccessPolicy.decide(MUTATION, "somethingNew", role)).isEqualTo(FORBIDDEN);
        assertThat(AccessPolicy.allowedRoles(MUTATION, "somethingNew")).isEmpty();
        // same name, other root type: rules are per type
        assertThat(AccessPolicy.decide(SUBSCRIPTION, "rollback", role)).isEqualTo(FORBIDDEN);
    }

    @Test
    void withoutACallerEverythingIsUnauthenticated() {
        AccessPolicy.rules().keySet().forEach(operation ->
                assertThat(AccessPolicy.decide(operation.type(), operation.name(), null)).isEqualTo(UNAUTHENTICATED));
        assertThat(AccessPolicy.decide(QUERY, "somethingNew", null)).isEqualTo(UNAUTHENTICATED);
    }

    @Test
    void peopleInheritTheRightsOfLowerRolesButRuntimesStandApart() {
        for (AccessPolicy.Operation operation : AccessPolicy.rules().keySet()) {
            Decision viewer = AccessPolicy.decide(operation.type(), operation.name(), Role.VIEWER);
            Decision operator = AccessPolicy.decide(operation.type(), operation.name(), Role.OPERATOR);
            Decision admin = AccessPolicy.decide(operation.type(), operation.name(), Role.ADMIN);
            if (viewer == ALLOWED) {
                assertThat(operator).as(operation.toString()).isEqualTo(ALLOWED);
            }
            if (operator == ALLOWED) {
                assertThat(admin).as(operation.toString()).isEqualTo(ALLOWED);
            }
        }
        assertThat(AccessPolicy.rules().entrySet().stream()
                .filter(rule -> AccessPolicy.decide(rule.getKey().type(), rule.getKey().name(), Role.RUNTIME) == ALLOWED)
                .map(rule -> rule.getKey().toString()))
                .containsExactlyInAnyOrder("Query.route", "Subscription.configChanged", "Mutation.acknowledgeConfig",
                        "Mutation.reportOutcomes", "HTTP." + AccessPolicy.HTTP_CONFIG,
                        "HTTP." + AccessPolicy.HTTP_CONFIG_STREAM, "HTTP." + AccessPolicy.HTTP_ACKNOWLEDGEMENTS,
                        "HTTP." + AccessPolicy.HTTP_OUTCOMES, "HTTP." + AccessPolicy.HTTP_OTLP_TRACES);
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @CsvSource({
            "GET /api/v1/agents/{agent}/environments/{environment}/config,         RUNTIME,  ALLOWED",
            "GET /api/v1/agents/{agent}/environments/{environment}/config,         ADMIN,    ALLOWED",
            "GET /api/v1/agents/{agent}/environments/{environment}/config,         VIEWER,   FORBIDDEN",
            "GET /api/v1/agents/{agent}/environments/{environment}/config/stream,  OPERATOR, FORBIDDEN",
            "POST /api/v1/agents/{agent}/environments/{environment}/acknowledgements, RUNTIME, ALLOWED",
            "POST /api/v1/agents/{agent}/environments/{environment}/acknowledgements, ADMIN,   FORBIDDEN",
            "POST /api/v1/outcomes,                                                ADMIN,    ALLOWED",
            "POST /v1/traces,                                                      RUNTIME,  ALLOWED",
            "POST /v1/traces,                                                      OPERATOR, FORBIDDEN",
            "GET /api/v1/somethingNew,                                             ADMIN,    FORBIDDEN"})
    void httpEndpointsAreInTheSameTable(String endpoint, Role role, Decision expected) {
        assertThat(AccessPolicy.decide(OperationType.HTTP, endpoint, role)).isEqualTo(expected);
        assertThat(AccessPolicy.decide(OperationType.HTTP, endpoint, null)).isEqualTo(UNAUTHENTICATED);
    }

    @Test
    void rootTypesAreKnownByTheirSchemaNames() {
        assertThat(OperationType.ofTypeName("HTTP")).as("not a schema type").isEmpty();
        assertThat(OperationType.ofTypeName("Mutation")).contains(MUTATION);
        assertThat(OperationType.ofTypeName("DeploymentEvent")).isEqualTo(Optional.empty());
        assertThat(new AccessPolicy.Operation(QUERY, "route")).hasToString("Query.route");
    }
}
