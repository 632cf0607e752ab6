import { useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { AGENT_DRILLS, RUN_DRILL, SET_DRILL_SCHEDULE } from '../api/documents';
import type { Connection, Deployment, DrillMode, DrillResult, DrillSchedule } from '../api/types';
import { can } from '../auth/roles';
import { session } from '../auth/session';
import { useQuery } from '../app/useQuery';
import { useStore } from '../app/useStore';
import { cronError, drillSteps, modeLabel, planDrill, type PlannedDrill } from '../logic/drills';
import { millis, timestamp, version } from '../logic/format';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorMessage } from './ErrorMessage';

interface Answer {
  drills: Connection<DrillResult>;
  drillSchedule: DrillSchedule;
}

/**
 * An agent's rollback drills (docs/drills.md): "Run drill" per deployment (DRY_RUN by default; LIVE behind a
 * confirmation that names the rollback and the roll-forward), the history with each drill's steps and failure
 * reason, and the schedule, which an ADMIN edits.
 */
export function DrillPanel({ agent, deployments }: { agent: string; deployments: readonly Deployment[] }) {
  const { viewer } = useStore(session);
  const { data, error, reload } = useQuery<Answer>(AGENT_DRILLS, { agent });
  const [planned, setPlanned] = useState<PlannedDrill | null>(null);
  const [modes, setModes] = useState<Record<string, DrillMode>>({});
  const drills = data?.drills.edges.map((e) => e.node) ?? [];

  return (
    <section class="drills" data-testid="drills">
      <ErrorMessage error={error} />
      {can(viewer?.role, 'runDrills') && deployments.length > 0 && (
        <div class="inline-form">
          {deployments.map((d) => {
            const mode = modes[d.environment] ?? 'DRY_RUN';
            return (
              <span key={d.environment} class="controls" data-testid={`drill-controls-${d.environment}`}>
                <label>Drill mode for {d.environment}
                  <select value={mode} onChange={(e) => setModes({ ...modes, [d.environment]: (e.target as HTMLSelectElement).value as DrillMode })}>
                    <option value="DRY_RUN">dry run (changes nothing)</option>
                    <option value="LIVE">live (rolls back and forward)</option>
                  </select>
                </label>
                <button type="button" aria-label={`Run drill in ${d.environment}`} onClick={() => setPlanned(planDrill(d, mode))}>
                  Run drill
                </button>
              </span>
            );
          })}
        </div>
      )}
      {data && drills.length === 0 && <p class="muted">No drills yet.</p>}
      {drills.length > 0 && <DrillTable drills={drills} />}
      {data && <Schedule agent={agent} schedule={data.drillSchedule} editable={can(viewer?.role, 'scheduleDrills')} onSaved={reload} />}
      {planned && (
        <ConfirmDialog change={planned} danger={planned.variables.mode === 'LIVE'} onClose={() => setPlanned(null)}
          onConfirm={async () => { await graphql(RUN_DRILL, planned.variables); reload(); }} />
      )}
    </section>
  );
}

function DrillTable({ drills }: { drills: readonly DrillResult[] }) {
  return (
    <table class="grid" data-testid="drills-table">
      <thead><tr><th>Started</th><th>Environment</th><th>Mode</th><th>Result</th><th>Versions</th><th>Total</th><th>Steps</th><th>By</th></tr></thead>
      <tbody>
        {drills.map((d) => (
          <tr key={d.id} data-drill={d.id} data-mode={d.mode} data-passed={String(d.passed)}>
            <td>{timestamp(d.startedAt)}</td>
            <td>{d.environment}</td>
            <td>{modeLabel(d.mode)}</td>
            <td>
              <span class={d.passed ? 'passed' : 'failed'} data-testid="drill-result">{d.passed ? 'passed' : 'failed'}</span>
              {d.failureReason && <div class="reason" data-testid="drill-failure">{d.failureReason}</div>}
            </td>
            <td>{d.fromVersion != null ? `${version(d.fromVersion)} → ${version(d.toVersion)}` : '—'}</td>
            <td>{millis(d.totalMillis)}</td>
            <td class="muted">{drillSteps(d).join(' · ')}</td>
            <td><div class="cell-text">{d.scheduled ? 'schedule' : d.actor}</div></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Schedule({ agent, schedule, editable, onSaved }: { agent: string; schedule: DrillSchedule; editable: boolean;
  onSaved(): void }) {
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState(schedule);
  const [error, setError] = useState<unknown>(null);
  const problem = cronError(form.cron);
  const save = async (e: Event) => {
    e.preventDefault();
    if (problem) return;
    setError(null);
    try {
      await graphql(SET_DRILL_SCHEDULE, { agent, cron: form.cron.trim(), timeZone: form.timeZone.trim() || null,
        mode: form.mode, enabled: form.enabled });
      setEditing(false);
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };
  if (!editing) {
    return (
      <p data-testid="drill-schedule">
        Schedule: <code>{schedule.cron}</code> ({schedule.timeZone}), {modeLabel(schedule.mode)}
        {schedule.defaultSchedule ? ', the default' : ''}{schedule.enabled ? '' : ', off'}
        {schedule.nextRunAt ? `; next ${timestamp(schedule.nextRunAt)}` : ''}.{' '}
        {editable && <button type="button" class="link" onClick={() => { setForm(schedule); setEditing(true); }}>Edit schedule</button>}
      </p>
    );
  }
  return (
    <form class="inline-form" aria-label="Drill schedule" onSubmit={save}>
      <label>Cron (minute hour day month weekday)
        <input type="text" value={form.cron} onInput={(e) => setForm({ ...form, cron: (e.target as HTMLInputElement).value })} />
      </label>
      <label>Time zone
        <input type="text" value={form.timeZone} onInput={(e) => setForm({ ...form, timeZone: (e.target as HTMLInputElement).value })} />
      </label>
      <label>Mode
        <select value={form.mode} onChange={(e) => setForm({ ...form, mode: (e.target as HTMLSelectElement).value as DrillMode })}>
          <option value="DRY_RUN">dry run</option>
          <option value="LIVE">live</option>
        </select>
      </label>
      <label class="checkbox"><span>On</span>
        <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: (e.target as HTMLInputElement).checked })} />
      </label>
      <button type="submit" class="primary" disabled={!!problem}>Save schedule</button>
      <button type="button" onClick={() => setEditing(false)}>Cancel</button>
      {problem && <p class="error" role="alert">{problem}</p>}
      <ErrorMessage error={error} />
    </form>
  );
}
