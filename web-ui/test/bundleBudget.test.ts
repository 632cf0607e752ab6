import { describe, expect, it } from 'vitest';
import { measure, report } from '../scripts/bundle-budget';

describe('bundle budget', () => {
  it('measures raw and gzip bytes', () => {
    const size = measure('assets/a.js', 'x'.repeat(10_000));
    expect(size.raw).toBe(10_000);
    expect(size.gzip).toBeLessThan(200);
  });

  it('prints every file and passes within the budget', () => {
    const result = report([{ name: 'assets/index.js', raw: 140_000, gzip: 52_000 },
      { name: 'assets/index.css', raw: 9_000, gzip: 2_600 }, { name: 'index.html', raw: 450, gzip: 290 }],
    { js: 80_000, css: 8_000 });
    expect(result.over).toEqual([]);
    expect(result.lines.join('\n')).toContain('assets/index.js');
    expect(result.lines.join('\n')).toContain('js gzip total 52.0 kB of 80.0 kB');
  });

  it('names the kind that is over its budget', () => {
    const result = report([{ name: 'a.js', raw: 1, gzip: 50_000 }, { name: 'b.js', raw: 1, gzip: 40_000 }],
      { js: 80_000, css: 8_000 });
    expect(result.over).toEqual(['the js files weigh 90.0 kB gzip, over the budget of 80.0 kB '
      + '(web-ui/scripts/bundle-budget.ts)']);
  });
});
