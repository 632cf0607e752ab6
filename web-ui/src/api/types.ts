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
