import type { Alert } from '../api/types';
import { href } from '../app/routes';
import { actionOutcome as outcome } from '../logic/alertOutcome';
import { ago, timestamp, version } from '../logic/format';
import { ruleMetric, ruleValue } from '../logic/ruleMetrics';

interface Props {
  alerts: readonly Alert[];
  /** Given to roles that may acknowledge: the button calls it. */
  onAcknowledge?: (alert: Alert) => void;
  /** The alert being acknowledged, whose button waits. */
  acknowledging?: string | null;
}

/** Alerts, newest first: what fired where, what it saw against its threshold, what it did, who acknowledged it. */
export function AlertTable({ alerts, onAcknowledge, acknowledging }: Props) {
  return (
    <table class="grid alerts" data-testid="alerts-table">
      <thead>
        <tr>
          <th>Fired</th><th>Rule</th><th>Where</th><th>Value</th><th>Samples</th><th>Action</th><th>State</th>
          <th>Acknowledged</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert) => (
          <tr key={alert.id} data-alert={alert.id} data-state={alert.state}>
            <td title={alert.firedAt}>{timestamp(alert.firedAt)}<div class="muted">{ago(alert.firedAt)}</div></td>
            <td>
              <code class="rule-text">{alert.rule}</code>
              <div><span class={`severity severity-${alert.severity.toLowerCase()}`}>{alert.severity}</span>
                {' '}<span class="muted">revision {alert.ruleRevision}</span></div>
            </td>
            <td>
              <a href={href('/agents/:slug', { slug: alert.agent }, { environment: alert.environment })}>{alert.agent}</a>
              <div class="muted">{alert.environment} · {version(alert.version)}</div>
            </td>
            <td data-testid="alert-value"><Value alert={alert} /></td>
            <td>{alert.samples}</td>
            <td>{alert.action.toLowerCase().replace('_', ' ')} → <span data-testid="action-outcome">{outcome(alert.actionOutcome)}</span></td>
            <td data-testid="alert-state">
              <span class={`alert-state alert-${alert.state.toLowerCase()}`}>{alert.state}</span>
              {alert.resolvedAt && <div class="muted" title={alert.resolvedAt}>{timestamp(alert.resolvedAt)}</div>}
            </td>
            <td data-testid="acknowledged">
              {alert.acknowledgedBy ? (
                <span title={alert.acknowledgedAt ?? ''}>{alert.acknowledgedBy}<div class="muted">{timestamp(alert.acknowledgedAt)}</div></span>
              ) : onAcknowledge ? (
                <button type="button" disabled={acknowledging === alert.id} onClick={() => onAcknowledge(alert)}>
                  {acknowledging === alert.id ? 'Acknowledging…' : 'Acknowledge'}
                </button>
              ) : <span class="muted">not yet</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "30 % vs > 15%", with the baseline of relative rules: "$0.0070 vs > 3x BASELINE (baseline $0.0020)". */
function Value({ alert }: { alert: Alert }) {
  const metric = ruleMetric(alert.rule);
  return (
    <>
      <strong>{ruleValue(metric, alert.value)}</strong> <span class="muted">vs</span> <code>{alert.threshold}</code>
      {alert.baseline != null && <div class="muted">baseline {ruleValue(metric, alert.baseline)}</div>}
    </>
  );
}

