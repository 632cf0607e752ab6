import { createStore } from '../logic/store';

/** A short message at the corner of the screen, announced to screen readers by the toasts' live region. */
export interface Toast {
  id: string;
  text: string;
  tone: 'info' | 'danger';
}

/** Toasts shown at most; older ones make room. */
const MAX = 4;
/** How long a toast stays unless dismissed. */
export const TOAST_MS = 8000;

export const toasts = createStore<Toast[]>([]);

/** Shows a toast (once per id: the same event pushed twice is one toast). */
export function showToast(toast: Toast, ms = TOAST_MS): void {
  if (toasts.get().some((t) => t.id === toast.id)) return;
  toasts.set([...toasts.get(), toast].slice(-MAX));
  setTimeout(() => dismissToast(toast.id), ms);
}

export function dismissToast(id: string): void {
  const left = toasts.get().filter((t) => t.id !== id);
  if (left.length !== toasts.get().length) toasts.set(left);
}
