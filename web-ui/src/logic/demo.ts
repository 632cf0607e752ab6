import type { Demo, DeploymentEvent } from '../api/types';
import { percent, timestamp, version } from './format';

/** What the demo banner says: a headline, the explanation, and where to watch. */
export interface DemoExplanation {
  headline: string;
  detail: string;
  /** The running rollout's page, when one runs. */
  rolloutId: string | null;
}

/** The rule among the defaults that would roll the canary back if the judge did not. */
export const DEMO_RULE = 'IF error_rate > 15% FOR 2m THEN rollback';

/**
 * The banner's text for the demo's state, so that someone who opens the dashboard at any moment knows what they see.
 * Null when demo mode is off.
 */
export function explainDemo(demo: Demo): DemoExplanation | null {
  if (!demo.enabled || !demo.agent) return null;
  const agent = demo.agent;
  const canary = version(demo.canaryVersion);
  const stable = version(demo.stableVersion);
  const regression = `${canary} changes only the prompt (it asks for strict JSON), and about `
    + `${percent(demo.canaryErrorRate ?? 0, 0)} of its answers fail (${stable}: ${percent(demo.stableErrorRate ?? 0)})`
    + `${demo.canaryLatencyFactor ? ` and come ${Math.round((demo.canaryLatencyFactor - 1) * 100)} % later` : ''}.`;
  const judge = `The judge compares canary and stable every 5 s and rolls the canary back by itself as soon as the `
    + `difference is certain (at 5 % that takes about a minute: it needs 150 outcomes of the canary); the rule `
    + `${DEMO_RULE} would too.`;
  const traffic = `A synthetic runtime sends ${agent} ${Math.round(demo.requestsPerSecond ?? 0)} requests a second `
    + `through the public API.`;
  const stuck = demo.problem ? ` The demo is held up (it retries): ${demo.problem}` : '';
  switch (demo.phase) {
    case 'WARMING_UP':
      return { headline: `This is a demo: ${stable} of ${agent} serves all traffic; ${canary} is rolled out at `
          + `${clock(demo.nextRolloutAt)}.`, detail: `${traffic} ${regression} ${judge}${stuck}`, rolloutId: null };
    case 'ROLLING_OUT':
      return {
        headline: demo.paused
          ? `This is a demo: the rollout of ${canary} is paused at ${demo.weight} %. Resume it, or roll it back, to go on.`
          : `This is a demo: ${canary} of ${agent} is being rolled out, now at ${demo.weight} % of its traffic `
            + `(5 % → 25 % → 50 % → 100 %), and it will be rolled back.`,
        detail: `${regression} ${judge} ${traffic}${stuck}`,
        rolloutId: demo.rolloutId,
      };
    case 'BETWEEN_ROUNDS':
      return { headline: `This is a demo: ${ended(demo)} The next round starts `
          + `${demo.nextRolloutAt ? `at ${clock(demo.nextRolloutAt)}` : 'in a few seconds'}.`,
        detail: `The deployment's history says who acted and why. ${regression} ${traffic}${stuck}`, rolloutId: null };
    default:
      return { headline: `This is a demo: ${agent} and its runtime are being set up.`, detail: `${traffic}${stuck}`,
        rolloutId: null };
  }
}

/**
 * The demo's state brought forward by a traffic change of its deployment pushed to the page: the server's own state
 * follows within a few seconds (the demo looks every 2 s, the banner asks every 5 s), the page's at once.
 */
export function afterEvent(demo: Demo, event: Pick<DeploymentEvent, 'type' | 'trigger' | 'actor' | 'committedAt'
  | 'reason' | 'rolloutId' | 'weightAfter' | 'toVersion'>): Demo {
  if (!demo.enabled) return demo;
  if (event.type === 'ROLLOUT_STARTED' && event.rolloutId) {
    return { ...demo, phase: 'ROLLING_OUT', rolloutId: event.rolloutId, weight: event.weightAfter, paused: false,
      canaryVersion: event.toVersion ?? demo.canaryVersion, nextRolloutAt: null };
  }
  if (demo.phase !== 'ROLLING_OUT' || event.rolloutId !== demo.rolloutId) return demo;
  switch (event.type) {
    case 'ROLLED_BACK':
    case 'PROMOTED':
      return { ...demo, phase: 'BETWEEN_ROUNDS', rolloutId: null, weight: null, paused: null, nextRolloutAt: null,
        lastEnd: { rolloutId: event.rolloutId, type: event.type, trigger: event.trigger, actor: event.actor,
          at: event.committedAt, reason: event.reason } };
    case 'ROLLOUT_ADVANCED':
      return { ...demo, weight: event.weightAfter };
    case 'ROLLOUT_PAUSED':
      return { ...demo, paused: true };
    case 'ROLLOUT_RESUMED':
      return { ...demo, paused: false };
    default:
      return demo;
  }
}

function ended(demo: Demo): string {
  const end = demo.lastEnd;
  const canary = version(demo.canaryVersion);
  if (!end) return `the rollout of ${canary} ended.`;
  const who = end.trigger === 'JUDGE' ? 'the judge' : end.trigger === 'RULE' ? `a trigger rule (${end.actor})`
    : `${end.actor} (${end.trigger.toLowerCase()})`;
  const what = end.type === 'PROMOTED' ? 'promoted' : 'rolled back';
  return `${who} ${what} ${canary} at ${clock(end.at)}.`;
}

/** "22:41:07 UTC". */
function clock(iso: string | null): string {
  return iso ? timestamp(iso).slice(11) : 'any moment';
}
