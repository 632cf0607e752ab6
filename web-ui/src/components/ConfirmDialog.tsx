import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PlannedChange } from '../logic/trafficActions';
import { ErrorMessage } from './ErrorMessage';
import { describe } from '../api/errors';
import { showToast } from '../app/toasts';

interface Props {
  change: Pick<PlannedChange, 'title' | 'sentence' | 'confirm' | 'impossible'>;
  /** Runs the change; a rejection is shown in the dialog, which then stays open. */
  onConfirm(): Promise<unknown>;
  onClose(): void;
  danger?: boolean;
  /** What to offer under a refusal (e.g. request approval); shown with the error. */
  renderRefusal?(error: unknown, close: () => void, settle: () => void): ComponentChildren;
  /** Fields the decision needs (a reason), between the sentence and the buttons. */
  children?: ComponentChildren;
  /** The confirm button waits for them. */
  confirmDisabled?: boolean;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea, [tabindex]:not([tabindex="-1"])';

/**
 * Asks before a traffic change, naming exactly what will happen. A modal dialog: the page behind it is inert, Tab
 * and Shift+Tab stay among its buttons, Escape cancels, focus starts on Cancel (the safe choice: Tab once, then
 * Enter, confirms) and goes back to the button that opened it, or to the page's heading if that button is gone.
 *
 * <p>While the change is on its way the dialog can still be closed (Close, Escape): that does not stop the change,
 * which the server may apply or not (a call gives up after 15 s, http.ts). Its answer, if it comes after the dialog
 * was closed, changes nothing on screen but a toast for a failure; the change is sent once, however often one clicks.
 */
export function ConfirmDialog({ change, onConfirm, onClose, danger, renderRefusal, children, confirmDisabled }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // the change was handed over another way (a change request): nothing left to confirm
  const [settled, setSettled] = useState(false);
  // the change is on its way (a ref: two clicks in one frame still send it once)
  const sending = useRef(false);
  const closed = useRef(false);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    cancel.current?.focus();
    return () => {
      // close first: while a modal dialog is open, the page behind it is inert and cannot take the focus
      if (element?.open) element.close();
      if (opener?.isConnected) {
        opener.focus();
        return;
      }
      const heading = document.querySelector<HTMLElement>('main h1');
      if (heading) {
        heading.tabIndex = -1;
        heading.focus();
      }
    };
  }, []);

  const close = () => {
    if (closed.current) return;
    closed.current = true;
    if (sending.current) {
      showToast({ id: `waiting-${Date.now()}`, tone: 'info', text: `${what(change.title)}: sent, no answer yet. `
        + 'Closing does not stop it; the history shows it if it is applied.' });
    }
    onClose();
  };

  const confirm = async () => {
    if (sending.current || closed.current) return;
    sending.current = true;
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      sending.current = false;
      if (!closed.current) close();
    } catch (failure) {
      sending.current = false;
      if (closed.current) {
        // closed while waiting: the page is elsewhere now, so say it in a toast
        showToast({ id: `late-${Date.now()}`, tone: 'danger', text: `${what(change.title)}: ${describe(failure).title}` });
        return;
      }
      setError(failure);
      setBusy(false);
    }
  };

  const trapTab = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || !dialog.current) return;
    const items = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="dialog-title" aria-describedby="dialog-sentence"
      aria-busy={busy} onKeyDown={trapTab} onCancel={(e) => { e.preventDefault(); close(); }}>
      <h2 id="dialog-title">{change.title}</h2>
      <p id="dialog-sentence" data-testid="dialog-sentence">{change.sentence}</p>
      {children}
      <ErrorMessage error={error} />
      {busy && <p class="muted" role="status" data-testid="dialog-waiting">Waiting for Tightrope… Closing this dialog does not stop the change.</p>}
      {!!error && renderRefusal?.(error, close, () => setSettled(true))}
      <div class="dialog-buttons">
        <button type="button" ref={cancel} onClick={close}>{settled || busy ? 'Close' : 'Cancel'}</button>
        {!change.impossible && !settled && (
          <button type="button" class={danger ? 'danger' : 'primary'} onClick={confirm} disabled={busy || confirmDisabled}>
            {busy ? 'Working…' : change.confirm}
          </button>
        )}
      </div>
    </dialog>
  );
}

/** A dialog's title as the name of its change: "Roll back support-bot?" → "Roll back support-bot". */
function what(title: string): string {
  return title.replace(/\?$/, '');
}
