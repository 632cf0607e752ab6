// The GraphQL documents the client sends. The subscription and the acknowledgement are those of
// src/test/resources/graphql/configChanged.graphql and acknowledgeConfig.graphql, as a runtime sends them.

export const CONFIG_CHANGED = `subscription ConfigChanged($agent: String!, $environment: String!, $runtimeId: String) {
  configChanged(agent: $agent, environment: $environment, runtimeId: $runtimeId) {
    agent environment generation weight salt rolloutId
    stable { version snapshotHash prompt model tools guardrails knowledgeBase }
    canary { version prompt }
  }
}`;

export const ACKNOWLEDGE = `mutation Acknowledge($agent: String!, $environment: String!, $generation: Int!, $runtimeId: String!) {
  acknowledgeConfig(agent: $agent, environment: $environment, generation: $generation, runtimeId: $runtimeId) {
    runtimeId generation acknowledgedAt eventsPropagated
  }
}`;

// route.graphql: the whole decision with the configuration, what a runtime that routes per request asks for
export const ROUTE = `query Route($agent: String!, $environment: String!, $routingKey: String) {
  route(agent: $agent, environment: $environment, routingKey: $routingKey) {
    version arm generation rolloutId snapshotHash prompt model tools guardrails knowledgeBase disabledTools
  }
}`;

export const ROLLBACK = `mutation ($agent: String!, $environment: String!, $reason: String) {
  rollback(agent: $agent, environment: $environment, reason: $reason) { generation type fromVersion toVersion commitMillis }
}`;

export const DEPLOY = `mutation ($agent: String!, $environment: String!, $version: Int!, $reason: String) {
  deploy(agent: $agent, environment: $environment, version: $version, reason: $reason) { generation type fromVersion toVersion commitMillis }
}`;

export const CREATE_AGENT = `mutation ($input: CreateAgentInput!) { createAgent(input: $input) { slug } }`;
export const CREATE_VERSION = `mutation ($input: CreateVersionInput!) { createVersion(input: $input) { number } }`;
export const CREATE_TOKEN = `mutation ($name: String!, $role: Role!) { createApiToken(name: $name, role: $role) { secret } }`;

export const EVENTS = `query ($agent: String!, $environment: String!, $after: String) {
  deployment(agent: $agent, environment: $environment) {
    events(first: 100, after: $after) {
      edges { node { generation type decidedAt committedAt propagatedAt commitMillis propagationMillis
                     propagation { status runtimesExpected runtimesAcknowledged } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

// a DRY_RUN drill rehearses the rollback's transaction and rolls it back (docs/drills.md): the traffic code path
// without a change
export const REHEARSE = `mutation ($agent: String!, $environment: String!) {
  runRollbackDrill(agent: $agent, environment: $environment, mode: DRY_RUN) { passed switchMillis }
}`;
