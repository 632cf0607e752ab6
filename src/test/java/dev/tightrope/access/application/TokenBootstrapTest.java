package dev.tightrope.access.application;

import static dev.tightrope.testing.GraphQLClient.executeAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tightrope.access.domain.ApiTokenSecret;
import dev.tightrope.access.domain.Bootstrap.Mode;
import dev.tightrope.testing.EmbeddedPostgresResource;
import dev.tightrope.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/** The configured bootstrap secret becomes one ADMIN token, however often and however concurrently instances start. */
@QuarkusTest
class TokenBootstrapTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TokenBootstrap bootstrap;

    @Test
    void theConfiguredSecretIsOneAdminTokenAcrossRestartsAndConcurrentStarts() throws SQLException {
        assertThat(rowsWithSecret(Tokens.admin())).containsExactly("bootstrap-admin ADMIN bootstrap active");

        bootstrap.run(Mode.PRODUCTION).await().atMost(WAIT);
        bootstrap.run(Mode.TEST).await().atMost(WAIT);
        List<Uni<Void>> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            starts.add(bootstrap.run(Mode.PRODUCTION));
        }
        Uni.join().all(starts).andFailFast().await().atMost(WAIT);

        assertThat(rowsWithSecret(Tokens.admin())).containsExactly("bootstrap-admin ADMIN bootstrap active");
    }

    @Test
    void aChangedSecretBecomesAnotherAdminTokenThatWorksEvenWhenInstancesStartTogether() throws SQLException {
        String secret = "tr_" + "c0ffee".repeat(8);
        List<Uni<Void>> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            starts.add(bootstrap.run(Mode.PRODUCTION, Optional.of(secret)));
        }
        Uni.join().all(starts).andFailFast().await().atMost(WAIT);

        assertThat(rowsWithSecret(secret)).containsExactly("bootstrap-admin-c0ffeec0 ADMIN bootstrap active");
        executeAs(secret, "apiTokens", Map.of()).statusCode(200).body("errors", nullValue());
    }

    @Test
    void aMalformedSecretStopsTheStartWithoutShowingIt() {
        String secret = "my-password-123";
        assertThatThrownBy(() -> bootstrap.run(Mode.PRODUCTION, Optional.of(secret)).await().atMost(WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN")
                .hasMessageContaining("openssl rand -hex 32")
                .hasMessageNotContaining(secret);
    }

    @Test
    void devModePrintsNothingOnceTokensExist() throws SQLException {
        long before = tokenCount();
        bootstrap.run(Mode.DEVELOPMENT, Optional.empty()).await().atMost(WAIT);
        assertThat(tokenCount()).isEqualTo(before);
    }

    private static List<String> rowsWithSecret(String secret) throws SQLException {
        try (Connection connection = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
                PreparedStatement query = connection.prepareStatement("select name, role, created_by, revoked_at "
                        + "from api_token where secret_hash = ?")) {
            query.setString(1, ApiTokenSecret.hash(secret));
            List<String> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getString(3) + " "
                            + (result.getTimestamp(4) == null ? "active" : "revoked"));
                }
            }
            return rows;
        }
    }

    private static long tokenCount() throws SQLException {
        try (Connection connection = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select count(*) from api_token")) {
            result.next();
            return result.getLong(1);
        }
    }
}
