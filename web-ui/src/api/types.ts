import type { Role } from '../auth/roles';

/** Shapes of the answers to the documents in {@code documents.ts} (the schema's names). */

export type TrafficChangeType = 'DEPLOYED' | 'ROLLOUT_STARTED' | 'ROLLOUT_ADVANCED' | 'ROLLOUT_PAUSED'
  | 'ROLLOUT_RESUMED' | 'PROMOTED' | 'ROLLED_BACK';
export type Trigger = 'API' | 'DASHBOARD' | 'SLACK' | 'RULE' | 'JUDGE' | 'CIRCUIT_BREAKER' | 'DRILL' | 'SCHEDULE';
export type RolloutStatus = 'RUNNING' | 'PAUSED' | 'PROMOTED' | 'ROLLED_BACK';
export type Metric = 'ERROR_RATE' | 'TASK_COMPLETION' | 'LATENCY' | 'COST_PER_REQUEST' | 'TOOL_ERROR_RATE' | 'EVAL_SCORE';
export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'INSUFFICIENT_DATA';
export type ComponentKind = 'PROMPT' | 'MODEL' | 'TOOLS' | 'GUARDRAILS' | 'KNOWLEDGE_BASE';

export interface Connection<T> {
  edges: { node: T }[];
  pageInfo?: { hasNextPage: boolean; endCursor?: string | null };
}

export interface DeploymentEvent {
  id: string;
  generation: number;
  type: TrafficChangeType;
  trigger: Trigger;
  fromVersion: number | null;
  toVersion: number | null;
  rolloutId: string | null;
  weightBefore: number | null;
  weightAfter: number | null;
  actor: string;
  reason: string;
  decidedAt: string;
  committedAt: string;
  propagatedAt: string | null;
  commitMillis: number;
  propagationMillis: number | null;
  propagation: { status: string; runtimesExpected: number; runtimesAcknowledged: number } | null;
}

/** The few event fields the agents list reads. */
export type EventSummary = Pick<DeploymentEvent, 'id' | 'type' | 'trigger' | 'fromVersion' | 'toVersion' | 'actor'
  | 'committedAt'>;

export interface Rollout {
  id: string;
  canaryVersion: number;
  baselineVersion: number;
  weight: number;
  status: RolloutStatus;
}

export interface Deployment<E = DeploymentEvent> {
  agent: string;
  environment: string;
  stableVersion: number;
  generation: number;
  updatedAt: string;
  rollout: Rollout | null;
  events: Connection<E>;
}

export interface AgentSummary {
  slug: string;
  name: string;
  description: string;
  deployments: Deployment<EventSummary>[];
}

export interface AgentVersion {
  number: number;
  parentNumber: number | null;
  message: string;
  author: string;
  createdAt: string;
  snapshotHash: string;
  components: { kind: ComponentKind; number: number }[];
}

export interface AgentDetail {
  slug: string;
  name: string;
  description: string;
  createdAt: string;
  createdBy: string;
  versions: Connection<AgentVersion>;
  deployments: Deployment[];
}

export interface ComponentDiff {
  kind: ComponentKind;
  changed: boolean;
  fromVersion: number;
  toVersion: number;
  unifiedDiff: string;
  linesAdded: number;
  linesRemoved: number;
}

export interface VersionDiff {
  from: number;
  to: number;
  changed: boolean;
  components: ComponentDiff[];
}

export interface MetricComparison {
  metric: Metric;
  verdict: Verdict;
  stableSamples: number;
  canarySamples: number;
  stableValue: number;
  canaryValue: number;
  effect: number;
  lower: number | null;
  upper: number | null;
  tolerance: number;
  estimates: { weight: number; seconds: number }[];
}

export interface CanaryComparison {
  rolloutId: string;
  agent: string;
  environment: string;
  stableVersion: number;
  canaryVersion: number;
  weight: number;
  planned: boolean;
  step: number | null;
  steps: number | null;
  stepStartedAt: string;
  stepSecondsLeft: number;
  judgedAt: string;
  stableLatencyP50: number;
  stableLatencyP95: number;
  canaryLatencyP50: number;
  canaryLatencyP95: number;
  sampleRatio: { expectedShare: number; observedShare: number; mismatch: boolean };
  metrics: MetricComparison[];
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  tokenId: string | null;
  source: 'API' | 'SLACK' | 'SCHEDULER' | 'JUDGE';
  operation: string;
  arguments: unknown;
  outcome: string;
}

export interface ViewerAnswer {
  viewer: { name: string; role: Role };
}

export type AlertState = 'FIRING' | 'RESOLVED';
export type AlertChange = 'FIRED' | 'RESOLVED' | 'ACTED' | 'ACKNOWLEDGED';
export type Severity = 'INFO' | 'WARNING' | 'CRITICAL';
export type RuleActionName = 'ALERT' | 'PAUSE' | 'ROLLBACK' | 'DISABLE_TOOL' | 'FALLBACK';

/** One firing of a trigger rule on a deployment (the schema's Alert). */
export interface Alert {
  id: string;
  ruleId: string;
  rule: string;
  ruleRevision: number;
  agent: string;
  environment: string;
  version: number;
  state: AlertState;
  severity: Severity;
  /** In the metric's base unit: rates 0 to 1, latencies ms, USD. */
  value: number | null;
  /** As the rule writes it: "> 15%", "DROPS > 20%", "> 3x BASELINE". */
  threshold: string;
  baseline: number | null;
  samples: number;
  action: RuleActionName;
  /** DONE, SKIPPED or an error code; null while the action runs. */
  actionOutcome: string | null;
  firedAt: string;
  resolvedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
}

export interface AlertEvent {
  change: AlertChange;
  alert: Alert;
}

/** A trigger rule at its current revision (the schema's Rule). */
export interface TriggerRule {
  id: string;
  revision: number;
  source: string;
  expression: string;
  action: RuleActionName;
  severity: Severity;
  isDefault: boolean;
  createdBy: string;
  updatedAt: string;
}

export interface AgentRules {
  slug: string;
  name: string;
  defaultRulesEnabled: boolean;
  rules: TriggerRule[];
}

/** Where and why rule text is not a rule (line and column from 1). */
export interface RuleError {
  code: string;
  message: string;
  line: number | null;
  column: number | null;
  found: string | null;
  expected: string | null;
}

export interface RuleValidation {
  valid: boolean;
  expression: string | null;
  error: RuleError | null;
}

export type DemoPhase = 'STARTING' | 'WARMING_UP' | 'ROLLING_OUT' | 'BETWEEN_ROUNDS';

/** Demo mode's state ({@code demo}); every field but {@code enabled} is null when it is off. */
export interface Demo {
  enabled: boolean;
  agent: string | null;
  environment: string | null;
  phase: DemoPhase | null;
  rounds: number | null;
  stableVersion: number | null;
  canaryVersion: number | null;
  rolloutId: string | null;
  weight: number | null;
  paused: boolean | null;
  nextRolloutAt: string | null;
  requestsPerSecond: number | null;
  stableErrorRate: number | null;
  canaryErrorRate: number | null;
  canaryLatencyFactor: number | null;
  problem: string | null;
  lastEnd: { rolloutId: string | null; type: string; trigger: Trigger; actor: string; at: string; reason: string | null } | null;
}
