import { useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { ADVANCE, DEPLOY, PAUSE, PROMOTE, RESUME, ROLLBACK } from '../api/documents';
import type { Deployment } from '../api/types';
import { can } from '../auth/roles';
import { session } from '../auth/session';
import { useStore } from '../app/useStore';
import { ConfirmDialog } from './ConfirmDialog';
import { RefusalActions } from './RefusalActions';
import { advanceProblem, planAdvance, planDeploy, planPause, planPromote, planRollback, type PlannedChange } from '../logic/trafficActions';
import { version } from '../logic/format';

interface Pending {
  change: PlannedChange;
  document: string;
  danger: boolean;
}

/**
 * The traffic buttons of one deployment, each behind a confirmation that names exactly what will happen. Shown only
 * to roles that may change traffic (the server refuses others anyway). The page learns the result from the
 * deploymentChanged subscription, like every other viewer of the deployment.
 */
export function TrafficControls({ deployment, rolloutControls = false, versions = [] }: { deployment: Deployment;
  rolloutControls?: boolean; /** The agent's versions, newest first: offered for a deploy when no rollout runs. */ versions?: readonly number[] }) {
  const { viewer } = useStore(session);
  const [pending, setPending] = useState<Pending | null>(null);
  const [weight, setWeight] = useState('');
  const others = versions.filter((v) => v !== deployment.stableVersion);
  const [target, setTarget] = useState<number | null>(null);
  const chosen = target ?? others[0] ?? null;
  if (!can(viewer?.role, 'changeTraffic')) return null;

  const rollout = deployment.rollout;
  const ask = (change: PlannedChange | null, document: string, danger = false) => {
    if (change) setPending({ change, document, danger });
  };
  const nextWeight = Number(weight);
  const weightProblem = advanceProblem(rollout, weight);

  return (
    <div class="controls" data-testid={`controls-${deployment.environment}`}>
      <button type="button" class="danger" onClick={() => ask(planRollback(deployment), ROLLBACK, true)}>Roll back</button>
      {!rollout && !rolloutControls && chosen !== null && (
        <span class="deploy">
          <select aria-label={`Version to deploy to ${deployment.environment}`} value={chosen}
            onChange={(e) => setTarget(Number((e.target as HTMLSelectElement).value))}>
            {others.map((v) => <option key={v} value={v}>{version(v)}</option>)}
          </select>
          <button type="button" onClick={() => ask(planDeploy(deployment, chosen), DEPLOY)}>Deploy</button>
        </span>
      )}
      {rollout && rolloutControls && (
        <>
          <button type="button" onClick={() => ask(planPromote(deployment), PROMOTE)}>Promote</button>
          <button type="button" onClick={() => ask(planPause(deployment), rollout.status === 'PAUSED' ? RESUME : PAUSE)}>
            {rollout.status === 'PAUSED' ? 'Resume' : 'Pause'}
          </button>
          <span class="advance">
            <input type="number" min={0} max={100} step={1} aria-label="New canary weight (percent)" placeholder="%"
              value={weight} onInput={(e) => setWeight((e.target as HTMLInputElement).value)} />
            <button type="button" disabled={weightProblem !== null} title={weightProblem ?? undefined}
              aria-describedby={weight !== '' && weightProblem ? `advance-problem-${deployment.environment}` : undefined}
              onClick={() => ask(planAdvance(deployment, nextWeight), ADVANCE)}>Advance</button>
            {weight !== '' && weightProblem && (
              <span class="muted" id={`advance-problem-${deployment.environment}`} data-testid="advance-problem">
                {weightProblem}
              </span>
            )}
          </span>
        </>
      )}
      {pending && (
        <ConfirmDialog change={pending.change} danger={pending.danger} onClose={() => setPending(null)}
          onConfirm={() => graphql(pending.document, pending.change.variables)}
          renderRefusal={(error, close, settle) => (
            <RefusalActions change={pending.change} error={error} onDone={close} onRequested={settle}
              retry={(extra) => graphql(pending.document, { ...pending.change.variables, ...extra })} />
          )} />
      )}
    </div>
  );
}
