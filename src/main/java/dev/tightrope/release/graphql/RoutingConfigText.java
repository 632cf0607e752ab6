package dev.tightrope.release.graphql;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.graphql.compiled.CompiledField;
import dev.tightrope.platform.graphql.compiled.LiveSchemaCompiler;
import dev.tightrope.release.application.RoutingTable;
import graphql.language.OperationDefinition.Operation;

/**
 * A deployment's complete routing configuration as JSON text, for the runtime API over plain HTTP: the
 * {@code RoutingConfig} object that a {@code configChanged} subscription selecting every field receives under
 * {@code data.configChanged} ({@link #DOCUMENT}), written by the same code as the subscription's fast path
 * ({@link RoutingConfigJson}), so there is one shape of a configuration, not two.
 *
 * <p>The document is compiled against the live schema on first use, so a field removed from the schema fails here
 * at once rather than drifting apart.
 */
@ApplicationScoped
public class RoutingConfigText {

    /** Every field of RoutingConfig and VersionConfig, in the schema's order. */
    public static final String DOCUMENT = """
            subscription Config($agent: String!, $environment: String!) {
              configChanged(agent: $agent, environment: $environment) {
                agent environment generation weight salt rolloutId toolGates
                stable { version snapshotHash prompt model tools guardrails knowledgeBase }
                canary { version snapshotHash prompt model tools guardrails knowledgeBase }
              }
            }
            """;

    private final LiveSchemaCompiler compiler;
    private volatile CompiledField plan;

    RoutingConfigText(LiveSchemaCompiler compiler) {
        this.compiler = compiler;
    }

    /** The table's configuration: {@code {"agent":…,"environment":…,"generation":…,…,"stable":{…},"canary":…}}. */
    public String json(RoutingTable table) {
        return RoutingConfigJson.writeConfig(plan(), table);
    }

    private CompiledField plan() {
        CompiledField current = plan;
        if (current == null) {
            current = compiler.compile(DOCUMENT, Operation.SUBSCRIPTION, "configChanged",
                    Set.of("agent", "environment"), Set.of(), RoutingConfigJson.SHAPE)
                    .orElseThrow(() -> new IllegalStateException("the full configChanged document no longer "
                            + "compiles against the schema"));
            plan = current;
        }
        return current;
    }
}
