// Percentiles and tables, no library: the samples of one benchmark are at most a few hundred thousand numbers, so
// they are kept whole and sorted once.

/** Nearest-rank percentile of an ascending array: the smallest value with at least q of the samples at or below. */
export function percentileSorted(sorted, q) {
  if (sorted.length === 0) return NaN;
  if (q <= 0) return sorted[0];
  if (q >= 1) return sorted[sorted.length - 1];
  const rank = Math.ceil(q * sorted.length); // 1-based
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** n, p50, p90, p95, p99, max and mean of the samples (non-finite ones are left out and counted as missing). */
export function summarize(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  const sorted = Float64Array.from(finite).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    missing: values.length - sorted.length,
    p50: percentileSorted(sorted, 0.5),
    p90: percentileSorted(sorted, 0.9),
    p95: percentileSorted(sorted, 0.95),
    p99: percentileSorted(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

export function fmt(v) {
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** A Markdown table of summaries: rows = [[label, summary], ...]. */
export function summaryTable(rows, unit = 'ms') {
  const out = [`| measure (${unit}) | n | p50 | p90 | p95 | p99 | max | mean |`, '|---|---|---|---|---|---|---|---|'];
  for (const [label, s] of rows) {
    out.push(`| ${label} | ${s.n}${s.missing ? ` (+${s.missing} missing)` : ''} | ${fmt(s.p50)} | ${fmt(s.p90)} | `
      + `${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${fmt(s.mean)} |`);
  }
  return out.join('\n');
}

/** A plain Markdown table. */
export function table(header, rows) {
  const out = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) out.push(`| ${r.map((c) => (typeof c === 'number' ? fmt(c) : String(c))).join(' | ')} |`);
  return out.join('\n');
}

/** Pearson correlation of two equally long series (NaN when undefined). */
export function correlation(xs, ys) {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return NaN;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += xs[i]; my += ys[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx, dy = ys[i] - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

export function verdict(met) {
  return met ? 'PASS' : 'NOT MET';
}
