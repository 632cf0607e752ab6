import type { CanaryComparison } from '../api/types';
import { METRICS, estimates, interval, tolerance } from '../logic/metrics';
import { duration } from '../logic/format';

/** Per metric: both arms, the effect and its anytime-valid interval, the tolerance, the verdict, time to a verdict. */
export function ComparisonTable({ comparison }: { comparison: CanaryComparison }) {
  return (
    <table class="grid" data-testid="comparison-table">
      <thead>
        <tr>
          <th>Metric</th><th>Stable v{comparison.stableVersion}</th><th>Canary v{comparison.canaryVersion}</th>
          <th>Effect</th><th>Interval</th><th>Tolerance</th><th>Verdict</th><th>Samples (stable / canary)</th>
          <th>Time to a verdict</th>
        </tr>
      </thead>
      <tbody>
        {comparison.metrics.map((m) => {
          const style = METRICS[m.metric];
          return (
            <tr key={m.metric} data-metric={m.metric}>
              <td>{style.label}</td>
              <td>{style.value(m.stableValue)}</td>
              <td>{style.value(m.canaryValue)}</td>
              <td>{style.effect(m.effect)}</td>
              <td>{interval(m)}</td>
              <td>{tolerance(m)}</td>
              <td><span class={`verdict verdict-${m.verdict.toLowerCase()}`}>{m.verdict.replace('_', ' ')}</span></td>
              <td>{m.stableSamples} / {m.canarySamples}</td>
              <td>
                {estimates(m, comparison.weight).map((e) => (
                  <div key={e.weight} class={e.current ? 'current' : 'muted'}>about {duration(e.seconds)} at {e.weight} %</div>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
