import type { Freeze, Weekday } from '../api/types';
import { timestamp } from './format';
import { utcInstant } from './auditFilter';

/** Release freezes (docs/governance.md) as the freezes page lists and creates them. */

export const WEEKDAYS: readonly Weekday[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

/** "2026-12-24 18:00:00 UTC → 2026-12-27 08:00:00 UTC", or "every FRIDAY 15:00 to MONDAY 09:00 (Europe/Berlin)". */
export function windowText(freeze: Pick<Freeze, 'from' | 'to' | 'weekly'>): string {
  if (freeze.weekly) {
    const w = freeze.weekly;
    return `every ${day(w.startDay)} ${w.startTime} to ${day(w.endDay)} ${w.endTime} (${w.timeZone})`;
  }
  return `${timestamp(freeze.from)} → ${timestamp(freeze.to)}`;
}

function day(weekday: Weekday): string {
  return weekday.charAt(0) + weekday.slice(1).toLowerCase();
}

/** Freezes by environment (sorted), the active ones first within each. */
export function byEnvironment<F extends Pick<Freeze, 'environment' | 'active'>>(freezes: readonly F[]): [string, F[]][] {
  const groups = new Map<string, F[]>();
  for (const freeze of freezes) groups.set(freeze.environment, [...(groups.get(freeze.environment) ?? []), freeze]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([environment, list]) => [environment, [...list].sort((a, b) => Number(b.active) - Number(a.active))]);
}

/** The create form; {@code from}/{@code to} are datetime-local values read as UTC. */
export interface FreezeForm {
  environment: string;
  agent: string;
  reason: string;
  kind: 'interval' | 'weekly';
  from: string;
  to: string;
  startDay: Weekday;
  startTime: string;
  endDay: Weekday;
  endTime: string;
  timeZone: string;
}

export const EMPTY_FREEZE: FreezeForm = { environment: 'production', agent: '', reason: '', kind: 'interval', from: '',
  to: '', startDay: 'FRIDAY', startTime: '15:00', endDay: 'MONDAY', endTime: '09:00', timeZone: 'UTC' };

/**
 * The variables of {@code createFreeze} for the form, or the problems to fix first (the server checks again: a
 * {@code to} in the past, an unknown time zone). An interval without a start starts now.
 */
export function freezeInput(form: FreezeForm, now = Date.now()): { variables: Record<string, unknown> } | { problems: string[] } {
  const problems: string[] = [];
  if (!form.environment.trim()) problems.push('name the environment');
  if (!form.reason.trim()) problems.push('say why releases wait');
  const base = { environment: form.environment.trim(), agent: form.agent.trim() || null, reason: form.reason.trim() };
  if (form.kind === 'interval') {
    const from = form.from.trim() ? utcInstant(form.from) : new Date(now).toISOString();
    const to = utcInstant(form.to);
    if (!from) problems.push('the start is not a date and time');
    if (!to) problems.push('give the end of the freeze');
    else if (new Date(to).getTime() <= now) problems.push('the end must be in the future');
    else if (from && new Date(to).getTime() <= new Date(from).getTime()) problems.push('the end must be after the start');
    return problems.length > 0 ? { problems } : { variables: { ...base, from, to, weekly: null } };
  }
  for (const [name, time] of [['start', form.startTime], ['end', form.endTime]] as const) {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time.trim())) problems.push(`the ${name} time must be HH:MM (24 h)`);
  }
  if (!form.timeZone.trim()) problems.push('give the time zone (e.g. Europe/Berlin or UTC)');
  return problems.length > 0 ? { problems } : { variables: { ...base, from: null, to: null, weekly: {
    startDay: form.startDay, startTime: form.startTime.trim(), endDay: form.endDay, endTime: form.endTime.trim(),
    timeZone: form.timeZone.trim() } } };
}
