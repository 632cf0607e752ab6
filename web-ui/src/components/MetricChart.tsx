import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Metric } from '../api/types';
import type { MetricSeries } from '../logic/series';
import { METRICS } from '../logic/metrics';

/** The effect of one metric over time, with its interval and the tolerance line (drawn with uPlot). */
export function MetricChart({ metric, series }: { metric: Metric; series: MetricSeries | undefined }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const style = METRICS[metric];

  useEffect(() => {
    if (!box.current) return undefined;
    const format = (_: uPlot, value: number | null) => (value == null ? '—' : style.effect(value));
    plot.current = new uPlot({
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
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [metric]);

  useEffect(() => {
    if (!plot.current || !series) return;
    plot.current.setData([series.time, series.effect, series.lower, series.upper, series.tolerance] as uPlot.AlignedData);
  }, [series]);

  return <div class="chart" ref={box} data-testid={`chart-${metric}`} aria-label={`${style.label} over time`} />;
}
