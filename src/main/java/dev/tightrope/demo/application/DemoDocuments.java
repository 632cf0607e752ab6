package dev.tightrope.demo.application;

/** The GraphQL documents the demo sends, as a script would. */
final class DemoDocuments {

    static final String CREATE_AGENT = """
            mutation DemoCreateAgent($input: CreateAgentInput!) { createAgent(input: $input) { slug } }""";

    static final String VERSIONS = """
            query DemoVersions($slug: String!) {
              agent(slug: $slug) { versions(first: 100) { edges { node { number } } } }
            }""";

    static final String CREATE_VERSION = """
            mutation DemoCreateVersion($input: CreateVersionInput!) { createVersion(input: $input) { number } }""";

    static final String CREATE_TOKEN = """
            mutation DemoCreateToken($name: String!, $role: Role!, $expiresAt: DateTime) {
              createApiToken(name: $name, role: $role, expiresAt: $expiresAt) { secret }
            }""";

    static final String TOKENS = "query DemoTokens { apiTokens { id name status } }";

    static final String REVOKE_TOKEN = """
            mutation DemoRevokeToken($id: ID!) { revokeApiToken(id: $id) { status } }""";

    static final String DEPLOYMENT = """
            query DemoDeployment($agent: String!, $environment: String!) {
              deployment(agent: $agent, environment: $environment) {
                stableVersion
                rollout { id canaryVersion weight status }
                events(first: 20) { edges { node { type trigger actor reason committedAt rolloutId } } }
              }
            }""";

    static final String DEPLOY = """
            mutation DemoDeploy($agent: String!, $environment: String!, $version: Int!, $reason: String) {
              deploy(agent: $agent, environment: $environment, version: $version, reason: $reason) { generation }
            }""";

    /**
     * The round's rollout: 5 → 25 → 50 % of two minutes each, judged on errors, latency and task completion, each
     * failure rolling back (the plan of docs/rollout-plans.md with shorter steps and three metrics).
     */
    static final String START_ROLLOUT = """
            mutation DemoStartRollout($agent: String!, $environment: String!, $version: Int!, $reason: String) {
              startRollout(agent: $agent, environment: $environment, version: $version, reason: $reason, plan: {
                steps: [{weight: 5, minDurationMinutes: 2}, {weight: 25, minDurationMinutes: 2},
                        {weight: 50, minDurationMinutes: 2}]
                metrics: [{metric: ERROR_RATE, tolerance: 0.01}, {metric: LATENCY, tolerance: 0.10, relative: true},
                          {metric: TASK_COMPLETION, tolerance: 0.02}]
              }) { rolloutId generation weightAfter }
            }""";

    private DemoDocuments() {
    }
}
