import { dismissToast, toasts } from '../app/toasts';
import { useStore } from '../app/useStore';

/**
 * The toasts, in a polite live region that is always in the page (a region added together with its text is not
 * announced): traffic changes pushed to the open page, whoever made them.
 */
export function Toasts() {
  const shown = useStore(toasts);
  return (
    <div class="toasts" role="status" aria-live="polite" aria-label="Notifications" data-testid="toasts">
      {shown.map((toast) => (
        <div key={toast.id} class={`toast toast-${toast.tone}`} data-testid="toast">
          <span>{toast.text}</span>
          <button type="button" class="link" aria-label={`Dismiss: ${toast.text}`} onClick={() => dismissToast(toast.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
