import { useState } from 'preact/hooks';
import { ErrorMessage } from './ErrorMessage';

/**
 * An ADMIN's form to protect an environment (for one agent or every agent): a second person's approval, and/or a
 * soak in an earlier environment. Protecting again replaces the rule for exactly that agent or every agent.
 */
export function ProtectForm({ protect, onSaved }: { protect(variables: Record<string, unknown>): Promise<unknown>;
  onSaved(): void }) {
  const [environment, setEnvironment] = useState('production');
  const [agent, setAgent] = useState('');
  const [approval, setApproval] = useState(true);
  const [soakIn, setSoakIn] = useState('');
  const [minutes, setMinutes] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const soakMinutes = minutes.trim() === '' ? null : Number(minutes);
  const valid = environment.trim() !== '' && (approval || (soakIn.trim() !== '' && soakMinutes !== null))
    && (soakIn.trim() === '') === (soakMinutes === null) && (soakMinutes === null || (Number.isInteger(soakMinutes) && soakMinutes > 0));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      await protect({ environment: environment.trim(), agent: agent.trim() || null, requireApproval: approval,
        soakIn: soakIn.trim() || null, minimumSoakMinutes: soakMinutes });
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const input = (label: string, value: string, set: (v: string) => void, type = 'text') => (
    <label>{label}<input type={type} value={value} onInput={(e) => set((e.target as HTMLInputElement).value)} /></label>
  );
  return (
    <form class="inline-form" aria-label="Protect an environment" onSubmit={submit} data-testid="protect-form">
      {input('Environment', environment, setEnvironment)}
      {input('Agent (empty: every agent)', agent, setAgent)}
      <label class="checkbox"><span>Needs approval</span>
        <input type="checkbox" checked={approval} onChange={(e) => setApproval((e.target as HTMLInputElement).checked)} />
      </label>
      {input('Soak in (e.g. staging)', soakIn, setSoakIn)}
      {input('Soak minutes', minutes, setMinutes, 'number')}
      <button type="submit" class="primary" disabled={busy || !valid}>Protect</button>
      <ErrorMessage error={error} />
    </form>
  );
}
