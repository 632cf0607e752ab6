// The dashboard's size budget, checked at every build: a Vite plugin that prints each emitted file's raw and gzip
// size (visible in the Maven log, as the build runs `npm run build`) and fails the build when a kind of file is over
// its budget, so that a dependency that doubles the bundle is noticed where it is added.
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Gzip bytes allowed per kind of file, all files of that kind together. */
export interface Budget {
  js: number;
  css: number;
}

/** The budget of the dashboard: about 1.5× the 53 kB of JavaScript it has now, so that it grows only on purpose. */
export const BUDGET: Budget = { js: 80_000, css: 8_000 };

export interface AssetSize {
  name: string;
  raw: number;
  gzip: number;
}

export interface Report {
  lines: string[];
  /** One sentence per kind over its budget; empty when everything fits. */
  over: string[];
}

export function measure(name: string, content: string | Uint8Array): AssetSize {
  const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
  return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function kindOf(name: string): keyof Budget | null {
  if (name.endsWith('.js')) return 'js';
  if (name.endsWith('.css')) return 'css';
  return null;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function report(assets: readonly AssetSize[], budget: Budget = BUDGET): Report {
  const width = Math.max(5, ...assets.map((a) => a.name.length));
  const lines = [`bundle size (budget: js ${kb(budget.js)} gzip, css ${kb(budget.css)} gzip)`,
    `  ${'file'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzip'.padStart(9)}`];
  const totals: Record<keyof Budget, number> = { js: 0, css: 0 };
  for (const asset of [...assets].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(`  ${asset.name.padEnd(width)}  ${kb(asset.raw).padStart(9)}  ${kb(asset.gzip).padStart(9)}`);
    const kind = kindOf(asset.name);
    if (kind) totals[kind] += asset.gzip;
  }
  const over: string[] = [];
  for (const kind of ['js', 'css'] as const) {
    lines.push(`  ${kind} gzip total ${kb(totals[kind])} of ${kb(budget[kind])}`);
    if (totals[kind] > budget[kind]) {
      over.push(`the ${kind} files weigh ${kb(totals[kind])} gzip, over the budget of ${kb(budget[kind])} `
        + '(web-ui/scripts/bundle-budget.ts)');
    }
  }
  return { lines, over };
}

/** The plugin: after the files are written, print the table and fail the build above the budget. */
export function bundleBudget(budget: Budget = BUDGET): Plugin {
  return {
    name: 'tightrope-bundle-budget',
    apply: 'build',
    writeBundle(_options, bundle) {
      const assets = Object.values(bundle).map((item) => measure(item.fileName,
        item.type === 'chunk' ? item.code : item.source));
      const result = report(assets, budget);
      console.log(result.lines.join('\n'));
      if (result.over.length > 0) this.error(`Bundle over budget: ${result.over.join('; ')}`);
    },
  };
}
