// End-to-end tests of the dashboard in a real Chromium against the real app and its embedded PostgreSQL.
// Started by DashboardBrowserTest (a @QuarkusTest), which creates the agents and tokens named in the environment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { graphql, launch, logIn, settings } from './browser.mjs';

const s = settings();
const WAIT = { timeout: 10_000 };
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function newPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, context, problems };
}

async function shot(page, name) {
  if (s.screenshots) await page.screenshot({ path: `${s.screenshots}/${name}.png`, fullPage: true });
}

test('the app and its assets are served without a token, the API is not', async () => {
  const index = await fetch(`${s.url}/agents/${s.rolloutAgent}/rollouts/${s.rolloutId}`, { headers: { Accept: 'text/html' } });
  assert.equal(index.status, 200);
  assert.match(await index.text(), /<div id="app">/);
  const api = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: '{ agents { edges { node { slug } } } }' }) });
  assert.equal(api.status, 401);
});

test('login: a wrong token is refused with a clear message, the right one opens the agents list', async () => {
  const { page, context, problems } = await newPage();
  await page.goto(`${s.url}/agents`);
  await page.waitForURL(/\/login\?next=%2Fagents/);
  await page.getByText('Dev mode: a first ADMIN API token was generated…').waitFor();
  await page.getByLabel('API token').fill('tr_not-a-token-of-this-server-000000000000000000000');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Your token was not accepted' }).waitFor();

  await page.getByLabel('API token').fill(s.adminToken);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${s.url}/agents`);
  const row = page.locator(`tr[data-agent="${s.rolloutAgent}"][data-environment="production"]`);
  await row.locator('[data-testid="canary"]').filter({ hasText: 'v2 at 25 %' }).waitFor();
  assert.equal(await row.locator('[data-testid="stable"]').textContent(), 'v1');
  await shot(page, 'agents');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a deep link opens the rollout, its live comparison, and a rollback through the dialog is pushed back', async () => {
  const { page, context, problems } = await newPage();
  await logIn(page, s.url, s.adminToken);
  await page.goto(`${s.url}/agents/${s.rolloutAgent}/rollouts/${s.rolloutId}`);
  await page.getByTestId('rollout-status').filter({ hasText: 'Running: canary v2 at 25 %' }).waitFor();
  await page.locator('[data-testid="comparison-table"] tr[data-metric="ERROR_RATE"]').waitFor();
  await page.getByTestId('live-indicator').filter({ hasText: /^live$/ }).waitFor();
  await shot(page, 'rollout');

  await page.getByRole('button', { name: 'Roll back' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(`Roll back ${s.rolloutAgent} in production from v2 to v1`).waitFor();
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await page.getByTestId('rollout-status').filter({ hasText: 'Ended: rolled back (v2 → v1)' }).waitFor({ timeout: 5_000 });
  assert.equal(await page.getByRole('dialog').count(), 0);
  await shot(page, 'rolled-back');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a change made elsewhere appears on an open page within a second, pushed by the subscription', async () => {
  const { page, context } = await newPage();
  await logIn(page, s.url, s.adminToken);
  await page.goto(`${s.url}/agents/${s.stableAgent}?environment=production`);
  const section = page.getByTestId('deployment-production');
  await section.locator('[data-testid="stable"]').filter({ hasText: 'v2' }).waitFor();
  assert.match(await section.getAttribute('class'), /focused/, 'Slack\'s "Open dashboard" link focuses its environment');
  await page.getByTestId('live-indicator').filter({ hasText: /^live$/ }).waitFor();
  // the two versions' prompts differ in one word, which the diff marks
  await page.locator('[data-testid="diff"] [data-kind="PROMPT"] ins').filter({ hasText: '2' }).waitFor();
  assert.equal(await page.locator('[data-testid="diff"] [data-kind="MODEL"].unchanged').count(), 1);
  await shot(page, 'agent');

  await graphql(s.url, s.adminToken, `mutation($agent: String!) {
    rollback(agent: $agent, environment: "production", reason: "e2e: rolled back by a script") { generation } }`,
  { agent: s.stableAgent });
  const committedAt = Date.now(); // the answer came after the commit
  await section.locator('[data-testid="stable"]').filter({ hasText: 'v1' }).waitFor({ timeout: 3_000 });
  const tookMs = Date.now() - committedAt;
  console.log(`the rollback showed on the open page ${tookMs} ms after its commit`);
  await section.locator('tr[data-type="ROLLED_BACK"]').filter({ hasText: 'e2e: rolled back by a script' }).waitFor();
  assert.ok(tookMs < 1_000, `the change showed ${tookMs} ms after its commit`);
  await context.close();
});

test('a VIEWER sees no traffic buttons and no audit log; the API\'s refusal reads as a message', async () => {
  const { page, context } = await newPage();
  await logIn(page, s.url, s.viewerToken);
  await page.getByTestId('who').filter({ hasText: 'VIEWER' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Audit log' }).count(), 0);
  await page.goto(`${s.url}/agents/${s.stableAgent}`);
  await page.getByTestId('deployment-production').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Roll back' }).count(), 0);

  await page.goto(`${s.url}/audit`);
  await page.getByRole('alert').filter({ hasText: 'Your role (VIEWER) may not do this' }).waitFor();
  await shot(page, 'viewer-audit');
  await context.close();
});

test('the audit log shows the rollback and filters by operation', async () => {
  const { page, context } = await newPage();
  await logIn(page, s.url, s.adminToken);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Operation').fill('rollback');
  await page.getByRole('button', { name: 'Filter' }).click();
  const rows = page.locator('[data-testid="audit-table"] tbody tr');
  await rows.filter({ hasText: s.stableAgent }).first().waitFor();
  const operations = await rows.locator('td:nth-child(4)').allTextContents();
  assert.ok(operations.length > 0 && operations.every((op) => op === 'rollback'), operations.join(','));
  await context.close();
});

test('when the live connection drops, the page says so and reconnects', async () => {
  const { page, context } = await newPage();
  const sockets = [];
  await page.routeWebSocket(/\/graphql$/, (socket) => {
    socket.connectToServer(); // a real connection to the app, which this test can cut
    sockets.push(socket);
  });
  await logIn(page, s.url, s.adminToken);
  await page.getByTestId('live-indicator').filter({ hasText: /^live$/ }).waitFor();
  await sockets[sockets.length - 1].close({ code: 1012, reason: 'e2e: the server restarts' });
  await page.getByTestId('connection-banner').filter({ hasText: 'Reconnecting' }).waitFor();
  await page.getByTestId('live-indicator').filter({ hasText: /^live$/ }).waitFor();
  assert.equal(await page.getByTestId('connection-banner').count(), 0);
  await context.close();
});
