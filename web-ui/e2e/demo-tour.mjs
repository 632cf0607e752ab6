// The demo's story in a real browser, for the README's pictures: against `mvn quarkus:dev` (demo mode on), it opens
// the dashboard, follows the round's rollout until the judge (or a rule) rolls it back, and saves screenshots at
// 1366×768. Not part of `mvn verify` (DemoModeTest covers the demo there).
//   TIGHTROPE_URL=http://localhost:8080 TOKEN=tr_… SCREENSHOTS=../docs/images node e2e/demo-tour.mjs
import { mkdirSync } from 'node:fs';
import { VIEWPORT, launch, logIn } from './browser.mjs';

const url = (process.env.TIGHTROPE_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const token = process.env.TOKEN;
const out = process.env.SCREENSHOTS ?? 'target/demo-tour';
if (!token) throw new Error('TOKEN must be an API token of the running app (dev mode prints one at its first start)');
mkdirSync(out, { recursive: true });

const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
  page.setDefaultTimeout(30_000);
  const openedAt = Date.now();
  await logIn(page, url, token);
  const banner = page.getByTestId('demo-banner');
  await banner.waitFor();
  await page.getByTestId('agents-table').waitFor();
  await page.screenshot({ path: `${out}/demo-agents.png` });

  // the round's rollout: wait for one if the demo is between rounds
  await banner.getByRole('link', { name: 'Watch the rollout' }).waitFor({ timeout: 60_000 });
  await banner.getByRole('link', { name: 'Watch the rollout' }).click();
  await page.getByTestId('rollout-status').filter({ hasText: 'Running' }).waitFor();
  // halfway to a verdict: the canary has some 80 of the 150 outcomes the judge needs
  await page.waitForFunction(() => {
    const cells = document.querySelectorAll('[data-testid="comparison-table"] tr[data-metric="ERROR_RATE"] td');
    return [...cells].some((cell) => Number(/^\d+ \/ (\d+)$/.exec(cell.textContent ?? '')?.[1] ?? 0) >= 80);
  }, null, { timeout: 120_000 });
  await page.screenshot({ path: `${out}/demo-rollout.png` });

  await page.getByTestId('rollout-status').filter({ hasText: 'Ended: rolled back' }).waitFor({ timeout: 150_000 });
  const seconds = Math.round((Date.now() - openedAt) / 1000);
  console.log(`rolled back ${seconds} s after the dashboard was opened: `
    + `${await page.getByTestId('rollout-status').textContent()}`);
  await page.screenshot({ path: `${out}/demo-rolled-back.png` });
  await page.getByRole('link', { name: 'demo-support-bot' }).first().click();
  await page.getByTestId('deployment-production').waitFor();
  await page.screenshot({ path: `${out}/demo-agent.png` });
} finally {
  await browser.close();
}
