import { useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { CREATE_FREEZE, DELETE_FREEZE, GOVERNANCE, PROTECT_ENVIRONMENT, UNPROTECT_ENVIRONMENT } from '../api/documents';
import type { Freeze, ProtectedEnvironment } from '../api/types';
import { can } from '../auth/roles';
import { session } from '../auth/session';
import { useQuery } from '../app/useQuery';
import { useStore } from '../app/useStore';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { FreezeForm } from '../components/FreezeForm';
import { ProtectForm } from '../components/ProtectForm';
import { ago, duration, timestamp } from '../logic/format';
import { byEnvironment, windowText } from '../logic/freezes';

interface Answer {
  freezes: Freeze[];
  protectedEnvironments: ProtectedEnvironment[];
}

interface Asking {
  title: string;
  sentence: string;
  confirm: string;
  run(): Promise<unknown>;
}

/**
 * Release freezes by environment (the one holding now highlighted, with its end) and protected environments;
 * an ADMIN creates and deletes freezes and protects and unprotects environments here. Reloaded every 30 s: a
 * window that opens or ends shows without a reload.
 */
export function FreezesPage() {
  const { data, error, reload } = useQuery<Answer>(GOVERNANCE, {}, 30);
  const { viewer } = useStore(session);
  const admin = can(viewer?.role, 'manageFreezes');
  const [asking, setAsking] = useState<Asking | null>(null);
  const now = Date.now();

  const deleteFreeze = (freeze: Freeze) => setAsking({
    title: `Delete freeze ${freeze.id}?`,
    sentence: `End the freeze of ${freeze.environment} for ${freeze.agent ?? 'every agent'} (${windowText(freeze)}, `
      + `“${freeze.reason}”) for good: releases there go ahead at once${freeze.active ? ', although it holds now' : ''}.`,
    confirm: 'Delete freeze',
    run: () => graphql(DELETE_FREEZE, { id: freeze.id }),
  });
  const unprotect = (rule: ProtectedEnvironment) => setAsking({
    title: `Unprotect ${rule.environment}?`,
    sentence: `Remove the protection of ${rule.environment} for ${rule.agent ?? 'every agent'}: changes there no longer `
      + 'need a second person\'s approval or a soak.',
    confirm: 'Unprotect',
    run: () => graphql(UNPROTECT_ENVIRONMENT, { environment: rule.environment, agent: rule.agent }),
  });

  return (
    <main>
      <header class="page-header"><h1>Freezes and protected environments</h1></header>
      <ErrorMessage error={error} />
      <h2>Release freezes</h2>
      <p class="muted">While a freeze holds, deploy, rollout, advance and promote wait (FROZEN) and planned rollouts hold
        their step; rollbacks and pauses always work.</p>
      {data && data.freezes.length === 0 && <p class="muted" data-testid="no-freezes">No freezes.</p>}
      {data && byEnvironment(data.freezes).map(([environment, freezes]) => (
        <section key={environment} data-testid={`freezes-${environment}`}>
          <h3>{environment}</h3>
          <table class="grid">
            <thead><tr><th>Agent</th><th>Window</th><th>Reason</th><th>Now</th><th>Created</th><th><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {freezes.map((f) => (
                <tr key={f.id} data-freeze={f.id} class={f.active ? 'active-freeze' : ''}>
                  <td>{f.agent ?? 'every agent'}</td>
                  <td>{windowText(f)}</td>
                  <td><div class="cell-text">{f.reason}</div></td>
                  <td data-testid="freeze-status">
                    {f.active && f.activeUntil
                      ? <strong>frozen until {timestamp(f.activeUntil)} ({duration((new Date(f.activeUntil).getTime() - now) / 1000)} left)</strong>
                      : f.nextStart ? `next from ${timestamp(f.nextStart)}` : 'over'}
                  </td>
                  <td title={timestamp(f.createdAt)}><div class="cell-text">{f.createdBy}, {ago(f.createdAt, now)}</div></td>
                  <td>{admin && <button type="button" aria-label={`Delete freeze ${f.id} of ${f.environment}`}
                    onClick={() => deleteFreeze(f)}>Delete</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {admin && <FreezeForm onCreated={reload} create={(variables) => graphql(CREATE_FREEZE, variables)} />}

      <h2>Protected environments</h2>
      <p class="muted">In a protected environment a person's deploy, rollout, advance or promote needs a second person's
        approval (change requests), and a version may need to have been stable in an earlier environment first (soak).</p>
      {data && data.protectedEnvironments.length === 0 && <p class="muted">No protected environments.</p>}
      {data && data.protectedEnvironments.length > 0 && (
        <table class="grid" data-testid="protected-table">
          <thead><tr><th>Environment</th><th>Agent</th><th>Approval</th><th>Soak</th><th>Set by</th><th><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {data.protectedEnvironments.map((p) => (
              <tr key={p.id} data-environment={p.environment} data-agent={p.agent ?? ''}>
                <td>{p.environment}</td>
                <td>{p.agent ?? 'every agent'}</td>
                <td>{p.requireApproval ? 'a second person approves' : 'not needed'}</td>
                <td>{p.soakIn && p.minimumSoakMinutes ? `${duration(p.minimumSoakMinutes * 60)} stable in ${p.soakIn}` : 'none'}</td>
                <td title={timestamp(p.updatedAt)}><div class="cell-text">{p.updatedBy}</div></td>
                <td>{admin && <button type="button" aria-label={`Unprotect ${p.environment} for ${p.agent ?? 'every agent'}`}
                  onClick={() => unprotect(p)}>Unprotect</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can(viewer?.role, 'protectEnvironments') && <ProtectForm onSaved={reload}
        protect={(variables) => graphql(PROTECT_ENVIRONMENT, variables)} />}
      {asking && (
        <ConfirmDialog danger change={asking} onClose={() => setAsking(null)}
          onConfirm={async () => { await asking.run(); reload(); }} />
      )}
    </main>
  );
}
