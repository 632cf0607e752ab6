package dev.tightrope.platform.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The dashboard's files and pages are served without a token, deep links included, while the API still needs one
 * and paths that are neither stay closed.
 */
@QuarkusTest
class DashboardServingTest {

    private static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";
    private static final String APP = "<div id=\"app\">";

    @Test
    void theAppAndItsAssetsNeedNoToken() {
        String index = given().accept(HTML).get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString(APP))
                .extract().asString();
        given().get("/index.html").then().statusCode(200).body(equalTo(index));
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index);
        assertThat(script.find()).as("index.html names its script").isTrue();
        given().get(script.group(1)).then().statusCode(200).contentType(containsString("javascript"));
        given().get("/favicon.svg").then().statusCode(200);
    }

    @Test
    void deepLinksOfThePagesGetTheApp() {
        for (String page : new String[] {"/agents", "/agents/support-bot", "/agents/support-bot?environment=production",
                "/agents/support-bot/rollouts/42", "/audit", "/login", "/change-requests/7", "/freezes"}) {
            given().accept(HTML).get(page).then().statusCode(200).body(containsString(APP));
        }
    }

    @Test
    void aMissingFileIsNotFoundNotThePage() {
        given().accept("*/*").get("/assets/no-such-file.js").then().statusCode(404);
        given().accept("application/json").get("/agents/support-bot").then().statusCode(404);
    }

    @Test
    void onlyTheHashedFilesAreCachedForGoodAndThePagesAreRevalidated() {
        for (String page : new String[] {"/", "/index.html", "/agents/support-bot", "/login"}) {
            given().accept(HTML).get(page).then().statusCode(200)
                    .header("Cache-Control", equalTo("no-cache"))
                    .header("Vary", containsString("Accept"))
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("X-Content-Type-Options", equalTo("nosniff"));
        }
        String index = given().accept(HTML).get("/").then().extract().asString();
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index);
        assertThat(script.find()).isTrue();
        given().get(script.group(1)).then().statusCode(200)
                .header("Cache-Control", containsString("immutable"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        // an old page's script after an upgrade: a 404 whatever the browser accepts, never the page
        given().accept(HTML).get("/assets/index-OLD12345.js").then().statusCode(404);
        given().contentType("application/json").body("{\"query\":\"{ viewer { name } }\"}").post("/graphql")
                .then().header("Content-Security-Policy", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void theApiStillNeedsAToken() {
        given().contentType("application/json").body("{\"query\":\"{ agents { edges { node { slug } } } }\"}")
                .post("/graphql").then().statusCode(401).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        given().accept(HTML).get("/api/v1/outcomes").then().statusCode(401);
        given().accept(HTML).get("/api/agents/x").then().statusCode(401);
    }

    @Test
    void otherPathsStayClosedWithoutAToken() {
        given().accept(HTML).get("/no-such-page").then().statusCode(401);
    }
}
