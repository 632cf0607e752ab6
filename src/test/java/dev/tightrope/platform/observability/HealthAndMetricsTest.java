package dev.tightrope.platform.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.contains;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.tightrope.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void livenessReadinessAndTheDatabaseGroup() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // the startup probe of deploy/kubernetes (ManifestsTest holds the probes to these three paths)
        given().when().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        // readiness is the routing tables, not the database: routing is fail-static (FailStaticTest)
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", contains("Routing tables"))
                .body("checks[0].data.loaded", equalTo(true));
        given().when().get("/q/health/group/database").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", contains("PostgreSQL"));
    }

    @Test
    void registryCountersAreDescribedAndCount() {
        double agentsBefore = counter("tightrope_agents_created_total");
        double versionsBefore = counter("tightrope_versions_created_total");
        String agent = Fixtures.createAgent("metrics");
        Fixtures.createFirstVersion(agent, "Count me.");

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("# HELP tightrope_agents_created Agents registered");
        assertThat(metrics).contains("# HELP tightrope_versions_created Agent versions created");
        assertThat(metrics).contains("tightrope_component_versions_created_total{kind=\"PROMPT\"}");
        assertThat(counter("tightrope_agents_created_total")).isEqualTo(agentsBefore + 1);
        assertThat(counter("tightrope_versions_created_total")).isEqualTo(versionsBefore + 1);
    }

    private static double counter(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
