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

/** The agents list's drill column, asked for once the list is on screen (like the health badges). */
export const DRILL_FRESHNESS = /* GraphQL */ `query DrillFreshness($first: Int, $after: String) {
  agents(first: $first, after: $after) {
    edges { node { slug deployments { environment drillOverdue lastPassingDrill { finishedAt mode } } } }
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
/** The changes a release freeze holds take an ADMIN's reason to act anyway. */
const FREEZABLE_ARGS = `${TRAFFIC_ARGS}, $overrideFreeze: String`;
const FREEZABLE_VALUES = `${TRAFFIC_VALUES}, overrideFreeze: $overrideFreeze`;

export const ROLLBACK = /* GraphQL */ `mutation Rollback(${TRAFFIC_ARGS}, $toVersion: Int) {
  rollback(${TRAFFIC_VALUES}, toVersion: $toVersion) { ${EVENT_FIELDS} }
}`;

export const PROMOTE = /* GraphQL */ `mutation Promote(${FREEZABLE_ARGS}) { promote(${FREEZABLE_VALUES}) { ${EVENT_FIELDS} } }`;

export const DEPLOY = /* GraphQL */ `mutation Deploy(${FREEZABLE_ARGS}, $version: Int!) {
  deploy(${FREEZABLE_VALUES}, version: $version) { ${EVENT_FIELDS} }
}`;

export const PAUSE = /* GraphQL */ `mutation Pause(${TRAFFIC_ARGS}) { pauseRollout(${TRAFFIC_VALUES}) { ${EVENT_FIELDS} } }`;

export const RESUME = /* GraphQL */ `mutation Resume(${TRAFFIC_ARGS}) { resumeRollout(${TRAFFIC_VALUES}) { ${EVENT_FIELDS} } }`;

export const ADVANCE = /* GraphQL */ `mutation Advance(${FREEZABLE_ARGS}, $weight: Int!) {
  advanceRollout(${FREEZABLE_VALUES}, weight: $weight) { ${EVENT_FIELDS} }
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

const DRILL_FIELDS = `id agent environment mode passed scheduled actor fromVersion toVersion startedAt finishedAt
  totalMillis checkMillis switchMillis rollbackCommitMillis rollbackPropagationMillis forwardCommitMillis
  forwardPropagationMillis runtimesExpected runtimesAcknowledged failureReason`;

const SCHEDULE_FIELDS = `cron timeZone mode enabled defaultSchedule nextRunAt`;

export const AGENT_DRILLS = /* GraphQL */ `query AgentDrills($agent: String!) {
  drills(agent: $agent, first: 50) { edges { node { ${DRILL_FIELDS} } } pageInfo { hasNextPage } }
  drillSchedule(agent: $agent) { ${SCHEDULE_FIELDS} }
}`;

export const RUN_DRILL = /* GraphQL */ `mutation RunDrill($agent: String!, $environment: String!, $mode: DrillMode!) {
  runRollbackDrill(agent: $agent, environment: $environment, mode: $mode) { ${DRILL_FIELDS} }
}`;

export const SET_DRILL_SCHEDULE = /* GraphQL */ `mutation SetDrillSchedule($agent: String!, $cron: String!,
  $timeZone: String, $mode: DrillMode!, $enabled: Boolean) {
  setDrillSchedule(agent: $agent, cron: $cron, timeZone: $timeZone, mode: $mode, enabled: $enabled) { ${SCHEDULE_FIELDS} }
}`;

const DURATIONS = `samples meanMillis medianMillis p95Millis maxMillis`;

export const ROLLBACK_STATS = /* GraphQL */ `query RollbackStats($agent: String!, $environment: String, $since: DateTime!) {
  rollbackStats(agent: $agent, environment: $environment, since: $since) { agent environment since until releases
    rollbacks drillRollbacks byTrigger { trigger count } stoppedByJudge stoppedByRules toolsDisabled changeFailureRate
    decisionToCommit { ${DURATIONS} } decisionToPropagated { ${DURATIONS} }
    propagation { acknowledged noRuntimes timedOut pending }
    timeToDetect { ${DURATIONS} } timeToDetectByTrigger { trigger durations { ${DURATIONS} } }
    timeToRecover { ${DURATIONS} } }
}`;

const CHANGE_REQUEST_FIELDS = `id agent environment operation version weight hasPlan plan from mode reason generation state
  requestedBy requestedAt expiresAt decidedBy decidedAt decisionReason eventGeneration outcome`;

export const CHANGE_REQUESTS = /* GraphQL */ `query ChangeRequests($state: ChangeState, $first: Int) {
  changeRequests(state: $state, first: $first) { ${CHANGE_REQUEST_FIELDS} }
}`;

/** The nav's badge: how many requests wait (at most 100 are counted). */
export const PENDING_CHANGES = /* GraphQL */ `query PendingChanges {
  changeRequests(state: PENDING, first: 100) { id expiresAt }
}`;

export const CHANGE_REQUEST = /* GraphQL */ `query ChangeRequest($id: ID!) {
  changeRequest(id: $id) { ${CHANGE_REQUEST_FIELDS} }
}`;

export const REQUEST_CHANGE = /* GraphQL */ `mutation RequestChange($operation: ChangeOperation!, $agent: String!,
  $environment: String!, $version: Int, $weight: Int, $reason: String, $expectedGeneration: Int) {
  requestChange(operation: $operation, agent: $agent, environment: $environment, version: $version, weight: $weight,
    reason: $reason, expectedGeneration: $expectedGeneration) { ${CHANGE_REQUEST_FIELDS} }
}`;

export const APPROVE_CHANGE = /* GraphQL */ `mutation ApproveChange($id: ID!, $overrideFreeze: String) {
  approveChange(id: $id, overrideFreeze: $overrideFreeze) { ${CHANGE_REQUEST_FIELDS} }
}`;

export const REJECT_CHANGE = /* GraphQL */ `mutation RejectChange($id: ID!, $reason: String!) {
  rejectChange(id: $id, reason: $reason) { ${CHANGE_REQUEST_FIELDS} }
}`;

const FREEZE_FIELDS = `id agent environment reason from to weekly { startDay startTime endDay endTime timeZone }
  active activeUntil nextStart createdAt createdBy`;

const PROTECTION_FIELDS = `id agent environment requireApproval soakIn minimumSoakMinutes updatedAt updatedBy`;

export const GOVERNANCE = /* GraphQL */ `query Governance {
  freezes { ${FREEZE_FIELDS} }
  protectedEnvironments { ${PROTECTION_FIELDS} }
}`;

export const CREATE_FREEZE = /* GraphQL */ `mutation CreateFreeze($environment: String!, $agent: String, $reason: String!,
  $from: DateTime, $to: DateTime, $weekly: WeeklyFreezeInput) {
  createFreeze(environment: $environment, agent: $agent, reason: $reason, from: $from, to: $to, weekly: $weekly) {
    ${FREEZE_FIELDS} }
}`;

export const DELETE_FREEZE = /* GraphQL */ `mutation DeleteFreeze($id: ID!) { deleteFreeze(id: $id) { id } }`;

export const PROTECT_ENVIRONMENT = /* GraphQL */ `mutation ProtectEnvironment($environment: String!, $agent: String,
  $requireApproval: Boolean!, $soakIn: String, $minimumSoakMinutes: Int) {
  protectEnvironment(environment: $environment, agent: $agent, requireApproval: $requireApproval, soakIn: $soakIn,
    minimumSoakMinutes: $minimumSoakMinutes) { ${PROTECTION_FIELDS} }
}`;

export const UNPROTECT_ENVIRONMENT = /* GraphQL */ `mutation UnprotectEnvironment($environment: String!, $agent: String) {
  unprotectEnvironment(environment: $environment, agent: $agent)
}`;
