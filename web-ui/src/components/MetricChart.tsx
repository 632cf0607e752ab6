import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import type { Metric } from '../api/types';
import type { MetricSeries } from '../logic/series';
import { METRICS } from '../logic/metrics';

/**
 * uPlot, loaded with the first chart: a third of the dashboard's JavaScript, needed on rollout pages only, so the
 * other pages load without it.
 */
let charts: Promise<typeof uPlot> | null = null;
function loadCharts(): Promise<typeof uPlot> {
  charts ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([module]) => module.default);
  return charts;
}

/** The effect of one metric over time, with its interval and the tolerance line (drawn with uPlot). */
export function MetricChart({ metric, series }: { metric: Metric; series: MetricSeries | undefined }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [drawn, setDrawn] = useState(0);
  const style = METRICS[metric];

  useEffect(() => {
    let gone = false;
    loadCharts().then((UPlot) => {
      if (gone || !box.current) return;
      const format = (_: uPlot, value: number | null) => (value == null ? '—' : style.effect(value));
      plot.current = new UPlot({
        width: 320,
        height: 130,
        legend: { show: false },
        scales: { x: { time: true } },
        axes: [{ size: 28 }, { size: 92, values: (u, values) => values.map((v) => format(u, v)) }],
        series: [
          {},
          { label: 'effect', stroke: '#1d4ed8', width: 2, value: format },
          { label: 'lower', stroke: '#93c5fd', dash: [4, 4], value: format },
          { label: 'upper', stroke: '#93c5fd', dash: [4, 4], value: format },
          { label: 'tolerance', stroke: '#dc2626', width: 1, value: format },
        ],
      }, [[], [], [], [], []], box.current);
      setDrawn((n) => n + 1);
    }, () => undefined); // no chart is better than a broken page; the table has the figures
    return () => {
      gone = true;
      plot.current?.destroy();
      plot.current = null;
    };
  }, [metric]);

  useEffect(() => {
    if (!plot.current || !series) return;
    plot.current.setData([series.time, series.effect, series.lower, series.upper, series.tolerance] as uPlot.AlignedData);
  }, [series, drawn]);

  return <div class="chart" ref={box} data-testid={`chart-${metric}`} role="img" aria-label={`${style.label} over time`} />;
}
