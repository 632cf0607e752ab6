/** How times, durations and numbers read on the dashboard. */

/** "5 s", "7 min 30 s", "5 h 54 min", "2 d 3 h". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return s % 60 === 0 ? `${minutes} min` : `${minutes} min ${s % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** Milliseconds with a precision that fits: "0.42 ms", "12.3 ms", "1 204 ms". */
export function millis(ms: number | null | undefined): string {
  if (ms == null) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

/** "2026-11-27 22:11:38 UTC": absolute, unambiguous, sortable. */
export function timestamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "3 min ago", "just now", relative to {@code now}. */
export function ago(iso: string, now: number = Date.now()): string {
  const seconds = (now - new Date(iso).getTime()) / 1000;
  if (!Number.isFinite(seconds)) return iso;
  if (seconds < 5) return 'just now';
  return `${duration(seconds)} ago`;
}

/** A share (0..1) as percent: "5 %", "12.5 %". */
export function percent(share: number, digits = 1): string {
  const value = share * 100;
  return `${Number.isInteger(value) ? value : value.toFixed(digits)} %`;
}

/** "v14", the way versions are named everywhere on the dashboard. */
export function version(number: number | null | undefined): string {
  return number == null ? '—' : `v${number}`;
}

/** A traffic change's type in words: ROLLOUT_STARTED → "rollout started". */
export function changeLabel(type: string): string {
  return type.toLowerCase().replaceAll('_', ' ');
}
