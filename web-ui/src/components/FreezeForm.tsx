import { useState } from 'preact/hooks';
import type { Weekday } from '../api/types';
import { EMPTY_FREEZE, WEEKDAYS, freezeInput, type FreezeForm as Form } from '../logic/freezes';
import { ErrorMessage } from './ErrorMessage';

/** An ADMIN's form for a new freeze: an interval (UTC) with a reason, or a window every week in a time zone. */
export function FreezeForm({ create, onCreated }: { create(variables: Record<string, unknown>): Promise<unknown>;
  onCreated(): void }) {
  const [form, setForm] = useState<Form>(EMPTY_FREEZE);
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: keyof Form) => (e: Event) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value });
  const text = (name: keyof Form, label: string, type = 'text') => (
    <label>{label}<input type={type} name={name} value={form[name]} onInput={set(name)} /></label>
  );
  const day = (name: 'startDay' | 'endDay', label: string) => (
    <label>{label}
      <select name={name} value={form[name]} onChange={set(name)}>
        {WEEKDAYS.map((d: Weekday) => <option key={d} value={d}>{d.charAt(0) + d.slice(1).toLowerCase()}</option>)}
      </select>
    </label>
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    const input = freezeInput(form);
    if ('problems' in input) {
      setProblems(input.problems);
      return;
    }
    setProblems([]);
    setError(null);
    setBusy(true);
    try {
      await create(input.variables);
      setForm({ ...EMPTY_FREEZE, environment: form.environment });
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-form" aria-label="New freeze" onSubmit={submit} data-testid="freeze-form">
      {text('environment', 'Environment')}
      {text('agent', 'Agent (empty: every agent)')}
      {text('reason', 'Reason')}
      <label>Window
        <select name="kind" value={form.kind} onChange={set('kind')}>
          <option value="interval">from … to (UTC)</option>
          <option value="weekly">every week</option>
        </select>
      </label>
      {form.kind === 'interval' ? (
        <>
          {text('from', 'From (UTC; empty: now)', 'datetime-local')}
          {text('to', 'To (UTC)', 'datetime-local')}
        </>
      ) : (
        <>
          {day('startDay', 'Starts on')}
          {text('startTime', 'at (HH:MM)')}
          {day('endDay', 'Ends on')}
          {text('endTime', 'at (HH:MM) ')}
          {text('timeZone', 'Time zone')}
        </>
      )}
      <button type="submit" class="primary" disabled={busy}>Create freeze</button>
      {problems.length > 0 && <p class="error" role="alert">Not yet: {problems.join('; ')}.</p>}
      <ErrorMessage error={error} />
    </form>
  );
}
