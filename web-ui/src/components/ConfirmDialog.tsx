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

/** Asks before a traffic change, naming exactly what will happen. */
export function ConfirmDialog({ change, onConfirm, onClose, danger }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
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

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="dialog-title" onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <h2 id="dialog-title">{change.title}</h2>
      <p data-testid="dialog-sentence">{change.sentence}</p>
      <ErrorMessage error={error} />
      <div class="dialog-buttons">
        <button type="button" onClick={onClose} disabled={busy}>Cancel</button>
        {!change.impossible && (
          <button type="button" class={danger ? 'danger' : 'primary'} onClick={confirm} disabled={busy}>
            {busy ? 'Working…' : change.confirm}
          </button>
        )}
      </div>
    </dialog>
  );
}
