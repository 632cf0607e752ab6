import { useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { REQUEST_CHANGE } from '../api/documents';
import type { ChangeRequest } from '../api/types';
import { session } from '../auth/session';
import { useStore } from '../app/useStore';
import { href } from '../app/routes';
import { refreshPending } from '../app/pendingChanges';
import { recoveryFor, requestFor } from '../logic/changeRequests';
import type { PlannedChange } from '../logic/trafficActions';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  change: PlannedChange;
  /** The refusal of the change. */
  error: unknown;
  /** Sends the change again with these extra variables (an ADMIN's overrideFreeze). */
  retry(extra: Record<string, unknown>): Promise<unknown>;
  onDone(): void;
  /** The change was handed over as a change request: the dialog offers nothing more to confirm. */
  onRequested?(): void;
}

/**
 * What a refused traffic change can still become, under the refusal in its dialog: APPROVAL_REQUIRED offers
 * "Request approval" (requestChange with the same operation and arguments), FROZEN offers an ADMIN to act anyway
 * with a reason (overrideFreeze). A refusal of the retry is handled the same way (an override in a protected
 * environment then needs approval).
 */
export function RefusalActions({ change, error, retry, onDone, onRequested }: Props) {
  const { viewer } = useStore(session);
  // the refusal of a retry from here, kept as long as the dialog's refusal is the same one
  const [retried, setRetried] = useState<{ after: unknown; error: unknown } | null>(null);
  const setLatest = (failure: unknown) => setRetried({ after: error, error: failure });
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [requested, setRequested] = useState<ChangeRequest | null>(null);
  const shown = retried && retried.after === error ? retried.error : error;
  const recovery = recoveryFor(shown, viewer?.role, change);

  if (requested) {
    return (
      <p class="notice" role="status" data-testid="change-requested">
        Change request {requested.id} waits for a second person's approval:{' '}
        <a href={href('/change-requests/:id', { id: requested.id })}>open it</a> to share the link.
      </p>
    );
  }
  const requestApproval = async () => {
    const variables = requestFor(change);
    if (!variables) return;
    setBusy(true);
    try {
      const answer = await graphql<{ requestChange: ChangeRequest }>(REQUEST_CHANGE, variables);
      setRequested(answer.requestChange);
      onRequested?.();
      refreshPending();
    } catch (failure) {
      setLatest(failure);
    } finally {
      setBusy(false);
    }
  };
  const override = async () => {
    setBusy(true);
    try {
      await retry({ overrideFreeze: reason.trim() });
      onDone();
    } catch (failure) {
      setLatest(failure);
      setBusy(false);
    }
  };
  return (
    <div class="refusal-actions" data-testid="refusal-actions">
      {shown !== error && <ErrorMessage error={shown} />}
      {recovery === 'requestApproval' && (
        <button type="button" class="primary" disabled={busy} onClick={requestApproval}>Request approval</button>
      )}
      {recovery === 'overrideFreeze' && (
        <form class="override" onSubmit={(e) => { e.preventDefault(); if (reason.trim()) void override(); }}>
          <label>Reason to override the freeze (ADMIN)
            <input type="text" value={reason} required onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="danger" disabled={busy || !reason.trim()}>Override freeze and {change.confirm.toLowerCase()}</button>
        </form>
      )}
    </div>
  );
}
