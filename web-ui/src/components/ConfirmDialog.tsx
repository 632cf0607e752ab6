import { useEffect, useRef, useState } from 'preact/hooks';
import type { PlannedChange } from '../logic/trafficActions';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  change: PlannedChange;
  /** Runs the change; a rejection is shown in the dialog, which then stays open. */
  onConfirm(): Promise<unknown>;
  onClose(): void;
  danger?: boolean;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea, [tabindex]:not([tabindex="-1"])';

/**
 * Asks before a traffic change, naming exactly what will happen. A modal dialog: the page behind it is inert, Tab
 * and Shift+Tab stay among its buttons, Escape cancels, focus starts on Cancel (the safe choice: Tab once, then
 * Enter, confirms) and goes back to the button that opened it, or to the page's heading if that button is gone.
 */
export function ConfirmDialog({ change, onConfirm, onClose, danger }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

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

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (failure) {
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
      aria-busy={busy} onKeyDown={trapTab} onCancel={(e) => { e.preventDefault(); if (!busy) onClose(); }}>
      <h2 id="dialog-title">{change.title}</h2>
      <p id="dialog-sentence" data-testid="dialog-sentence">{change.sentence}</p>
      <ErrorMessage error={error} />
      <div class="dialog-buttons">
        <button type="button" ref={cancel} onClick={onClose} disabled={busy}>Cancel</button>
        {!change.impossible && (
          <button type="button" class={danger ? 'danger' : 'primary'} onClick={confirm} disabled={busy}>
            {busy ? 'Working…' : change.confirm}
          </button>
        )}
      </div>
    </dialog>
  );
}
