import { useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { APPROVE_CHANGE, REJECT_CHANGE } from '../api/documents';
import type { ChangeRequest } from '../api/types';
import { session } from '../auth/session';
import { useStore } from '../app/useStore';
import { href } from '../app/routes';
import { refreshPending } from '../app/pendingChanges';
import { argumentsOf, describeChange, expiry, isOwn, mayDecide, shownState, STATE_TEXT } from '../logic/changeRequests';
import { ago, timestamp } from '../logic/format';
import { ConfirmDialog } from './ConfirmDialog';
import { RefusalActions } from './RefusalActions';

interface Deciding {
  request: ChangeRequest;
  decision: 'approve' | 'reject';
}

/**
 * Change requests with exactly what each asks for, who asked, its age and expiry, its state; Approve and Reject
 * for an OPERATOR or ADMIN who did not ask for it, each behind a confirmation (Reject asks why). {@code onDecided}
 * hears the request as the server answered it.
 */
export function ChangeRequestTable({ requests, onDecided }: { requests: readonly ChangeRequest[];
  onDecided(request: ChangeRequest): void }) {
  const { viewer } = useStore(session);
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  const [reason, setReason] = useState('');
  const now = Date.now();

  const decide = async (extra: Record<string, unknown> = {}) => {
    if (!deciding) return;
    const { request, decision } = deciding;
    const answer = decision === 'approve'
      ? (await graphql<{ approveChange: ChangeRequest }>(APPROVE_CHANGE, { id: request.id, ...extra })).approveChange
      : (await graphql<{ rejectChange: ChangeRequest }>(REJECT_CHANGE, { id: request.id, reason: reason.trim() })).rejectChange;
    onDecided(answer);
    refreshPending();
  };

  return (
    <>
      <table class="grid" data-testid="change-requests-table">
        <thead>
          <tr><th>Request</th><th>Change</th><th>Requested by</th><th>Age</th><th>Expiry</th><th>State</th><th><span class="sr-only">Decision</span></th></tr>
        </thead>
        <tbody>
          {requests.map((r) => {
            const state = shownState(r, now);
            return (
              <tr key={r.id} data-request={r.id} data-state={state}>
                <td><a href={href('/change-requests/:id', { id: r.id })}>#{r.id}</a></td>
                <td>
                  <div data-testid="change">{describeChange(r)}</div>
                  <code class="arguments" data-testid="change-arguments">{argumentsOf(r)}</code>
                  {r.reason && <div class="muted cell-text">“{r.reason}”</div>}
                </td>
                <td><div class="cell-text">{r.requestedBy}</div>{isOwn(r, viewer) && <div class="muted">(you)</div>}</td>
                <td title={timestamp(r.requestedAt)}>{ago(r.requestedAt, now)}</td>
                <td title={timestamp(r.expiresAt)}>{state === 'PENDING' || state === 'EXPIRED' ? expiry(r.expiresAt, now) : '—'}</td>
                <td>
                  <span class={`state state-${state.toLowerCase()}`} data-testid="request-state">{STATE_TEXT[state]}</span>
                  {r.decidedBy && <div class="muted">by {r.decidedBy}{r.decidedAt ? `, ${ago(r.decidedAt, now)}` : ''}</div>}
                  {r.decisionReason && <div class="muted">“{r.decisionReason}”</div>}
                  {r.outcome && <div class="muted" data-testid="request-outcome">{r.outcome}</div>}
                </td>
                <td>
                  {mayDecide(r, viewer, now) && (
                    <span class="controls">
                      <button type="button" class="primary" aria-label={`Approve change request ${r.id}`}
                        onClick={() => setDeciding({ request: r, decision: 'approve' })}>Approve</button>
                      <button type="button" aria-label={`Reject change request ${r.id}`}
                        onClick={() => { setReason(''); setDeciding({ request: r, decision: 'reject' }); }}>Reject</button>
                    </span>
                  )}
                  {state === 'PENDING' && isOwn(r, viewer) && <span class="muted">a second person decides</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {deciding && (
        <ConfirmDialog danger={deciding.decision === 'reject'} onClose={() => setDeciding(null)} onConfirm={() => decide()}
          confirmDisabled={deciding.decision === 'reject' && !reason.trim()}
          change={deciding.decision === 'approve' ? {
            title: `Approve change request ${deciding.request.id}?`,
            sentence: `Approve and apply now: ${describeChange(deciding.request)}, as ${deciding.request.requestedBy}'s change `
              + `(requested ${ago(deciding.request.requestedAt, now)}). It is applied only if the deployment is still at `
              + `generation ${deciding.request.generation}; otherwise it ends as stale and nothing changes.`,
            confirm: 'Approve and apply',
          } : {
            title: `Reject change request ${deciding.request.id}?`,
            sentence: `Reject: ${describeChange(deciding.request)}. Nothing changes; ${deciding.request.requestedBy} sees your reason.`,
            confirm: 'Reject request',
          }}
          renderRefusal={deciding.decision === 'approve' ? (error, close) => (
            <RefusalActions error={error} onDone={close} retry={(extra) => decide(extra)}
              change={{ title: '', sentence: '', confirm: 'Approve', variables: {}, operation: deciding.request.operation }} />
          ) : undefined}>
          {deciding.decision === 'reject' && (
            <label class="dialog-field">Why reject it
              <input type="text" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
            </label>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}
