/** The GraphQL documents the dashboard sends; their answers are typed in {@code types.ts}. */

export const VIEWER = /* GraphQL */ `query Viewer { viewer { name role } }`;

const EVENT_FIELDS = `id generation type trigger fromVersion toVersion rolloutId weightBefore weightAfter actor reason
  decidedAt committedAt propagatedAt commitMillis propagationMillis
  propagation { status runtimesExpected runtimesAcknowledged }`;

const DEPLOYMENT_FIELDS = `agent environment stableVersion generation updatedAt
  rollout { id canaryVersion baselineVersion weight status }`;

export const AGENTS = /* GraphQL */ `query Agents($first: Int, $after: String) {
  agents(first: $first, after: $after) {
    edges { node { slug name description
      deployments { ${DEPLOYMENT_FIELDS}
        events(first: 20) { edges { node { id type trigger fromVersion toVersion actor committedAt } } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const AGENT = /* GraphQL */ `query Agent($slug: String!) {
  agent(slug: $slug) { slug name description createdAt createdBy
    versions(first: 100) { edges { node { number parentNumber message author createdAt snapshotHash
      components { kind number } } } pageInfo { hasNextPage endCursor } }
    deployments { ${DEPLOYMENT_FIELDS} events(first: 100) { edges { node { ${EVENT_FIELDS} } } pageInfo { hasNextPage } } }
  }
}`;

export const DEPLOYMENT = /* GraphQL */ `query Deployment($agent: String!, $environment: String!) {
  deployment(agent: $agent, environment: $environment) { ${DEPLOYMENT_FIELDS}
    events(first: 100) { edges { node { ${EVENT_FIELDS} } } pageInfo { hasNextPage } } }
}`;

export const DIFF = /* GraphQL */ `query Diff($agent: String!, $from: Int!, $to: Int!) {
  diff(agent: $agent, from: $from, to: $to) { from to changed
    components { kind changed fromVersion toVersion unifiedDiff linesAdded linesRemoved } }
}`;

export const DEPLOYMENT_CHANGED = /* GraphQL */ `subscription DeploymentChanged($agent: String!, $environment: String!) {
  deploymentChanged(agent: $agent, environment: $environment) { ${EVENT_FIELDS} }
}`;

const COMPARISON_FIELDS = `rolloutId agent environment stableVersion canaryVersion weight planned step steps
  stepStartedAt stepSecondsLeft judgedAt stableLatencyP50 stableLatencyP95 canaryLatencyP50 canaryLatencyP95
  sampleRatio { expectedShare observedShare mismatch }
  metrics { metric verdict stableSamples canarySamples stableValue canaryValue effect lower upper tolerance
    estimates { weight seconds } }`;

export const CANARY_COMPARISON = /* GraphQL */ `subscription CanaryComparison($rolloutId: ID!) {
  canaryComparison(rolloutId: $rolloutId) { ${COMPARISON_FIELDS} }
}`;

const TRAFFIC_ARGS = `$agent: String!, $environment: String!, $expectedGeneration: Int, $reason: String`;
const TRAFFIC_VALUES = `agent: $agent, environment: $environment, expectedGeneration: $expectedGeneration, reason: $reason`;

export const ROLLBACK = /* GraphQL */ `mutation Rollback(${TRAFFIC_ARGS}, $toVersion: Int) {
  rollback(${TRAFFIC_VALUES}, toVersion: $toVersion) { ${EVENT_FIELDS} }
}`;

export const PROMOTE = /* GraphQL */ `mutation Promote(${TRAFFIC_ARGS}) { promote(${TRAFFIC_VALUES}) { ${EVENT_FIELDS} } }`;

export const PAUSE = /* GraphQL */ `mutation Pause(${TRAFFIC_ARGS}) { pauseRollout(${TRAFFIC_VALUES}) { ${EVENT_FIELDS} } }`;

export const RESUME = /* GraphQL */ `mutation Resume(${TRAFFIC_ARGS}) { resumeRollout(${TRAFFIC_VALUES}) { ${EVENT_FIELDS} } }`;

export const ADVANCE = /* GraphQL */ `mutation Advance(${TRAFFIC_ARGS}, $weight: Int!) {
  advanceRollout(${TRAFFIC_VALUES}, weight: $weight) { ${EVENT_FIELDS} }
}`;

export const AUDIT_LOG = /* GraphQL */ `query AuditLog($filter: AuditLogFilter, $after: String) {
  auditLog(filter: $filter, first: 50, after: $after) {
    edges { node { id at actor tokenId source operation arguments outcome } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const ALERT_FIELDS = `id ruleId rule ruleRevision agent environment version state severity value threshold baseline
  samples action actionOutcome firedAt resolvedAt acknowledgedBy acknowledgedAt`;

export const ALERTS = /* GraphQL */ `query Alerts($state: String, $agent: String, $first: Int, $after: String) {
  alerts(state: $state, agent: $agent, first: $first, after: $after) {
    edges { node { ${ALERT_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const ALERT_EVENTS = /* GraphQL */ `subscription AlertEvents($agent: String) {
  alerts(agent: $agent) { change alert { ${ALERT_FIELDS} } }
}`;

export const ACKNOWLEDGE_ALERT = /* GraphQL */ `mutation AcknowledgeAlert($id: ID!) {
  acknowledgeAlert(id: $id) { ${ALERT_FIELDS} }
}`;

const RULE_FIELDS = `id revision source expression action severity isDefault createdBy updatedAt`;

export const AGENT_RULES = /* GraphQL */ `query AgentRules($slug: String!) {
  agent(slug: $slug) { slug name defaultRulesEnabled rules { ${RULE_FIELDS} } }
}`;

export const VALIDATE_RULE = /* GraphQL */ `query ValidateRule($expression: String!, $agent: String) {
  validateRule(expression: $expression, agent: $agent) {
    valid expression error { code message line column found expected }
  }
}`;

export const CREATE_RULE = /* GraphQL */ `mutation CreateRule($agent: String!, $expression: String!) {
  createRule(agent: $agent, expression: $expression) { ${RULE_FIELDS} }
}`;

export const UPDATE_RULE = /* GraphQL */ `mutation UpdateRule($id: ID!, $expression: String!) {
  updateRule(id: $id, expression: $expression) { ${RULE_FIELDS} }
}`;

export const DELETE_RULE = /* GraphQL */ `mutation DeleteRule($id: ID!) { deleteRule(id: $id) { id deletedAt } }`;

export const SET_DEFAULT_RULES = /* GraphQL */ `mutation SetDefaultRules($agent: String!, $enabled: Boolean!) {
  setDefaultRules(agent: $agent, enabled: $enabled)
}`;

export const DEMO = /* GraphQL */ `query Demo {
  demo { enabled agent environment phase rounds stableVersion canaryVersion rolloutId weight paused nextRolloutAt
    requestsPerSecond stableErrorRate canaryErrorRate canaryLatencyFactor problem
    lastEnd { rolloutId type trigger actor at reason } }
}`;
