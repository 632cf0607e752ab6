// End-to-end tests of the dashboard in a real Chromium against the real app and its embedded PostgreSQL.
// Started by DashboardBrowserTest (a @QuarkusTest), which creates the agents and tokens named in the environment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { graphql, launch, logIn, reportOutcomes, settings } from './browser.mjs';

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
  // the unfiltered list names the agent too: wait for the filtered answer to replace it
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr td:nth-child(4)')];
    return cells.length > 0 && cells.every((cell) => cell.textContent === 'rollback');
  });
  await rows.filter({ hasText: s.stableAgent }).first().waitFor();
  const operations = await rows.locator('td:nth-child(4)').allTextContents();
  assert.ok(operations.length > 0 && operations.every((op) => op === 'rollback'), operations.join(','));
  await context.close();
});

test('rules: the editor marks an error where it stands, a valid rule is saved and listed, then deleted', async () => {
  const { page, context, problems } = await newPage();
  await logIn(page, s.url, s.adminToken);
  await page.goto(`${s.url}/agents/${s.stableAgent}`);
  await page.getByRole('link', { name: 'Rules' }).click();
  await page.waitForURL(`${s.url}/agents/${s.stableAgent}/rules`);
  const table = page.getByTestId('rules-table');
  await table.getByTestId('default-badge').first().waitFor();
  assert.equal(await table.getByTestId('default-badge').count(), 4, 'the four default rules');

  let validations = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/graphql') && (request.postData() ?? '').includes('ValidateRule')) validations++;
  });
  await page.getByRole('button', { name: 'New rule' }).click();
  const editor = page.getByTestId('rule-editor');
  const typed = 'IF error_rate > 150% THEN rollback';
  await editor.getByLabel('Rule').pressSequentially(typed, { delay: 15 });
  const mark = editor.getByTestId('rule-error-mark');
  await mark.filter({ hasText: '150%' }).waitFor();
  assert.equal(await mark.getAttribute('data-line'), '1');
  assert.equal(await mark.getAttribute('data-column'), '17');
  assert.match(await editor.getByTestId('rule-error').textContent(), /line 1, column 17: expected a rate from 0% to 100%/);
  assert.ok(await editor.getByRole('button', { name: 'Save rule' }).isDisabled(), 'an invalid rule cannot be saved');
  assert.ok(validations >= 1 && validations < typed.length / 2, `typing ${typed.length} characters sent ${validations} validations`);
  await shot(page, 'rule-error');

  const rule = 'IF p95_latency > 4s FOR 5m THEN pause';
  await editor.getByLabel('Rule').fill(rule);
  await editor.getByTestId('rule-valid').filter({ hasText: rule }).waitFor();
  await editor.getByRole('button', { name: 'Save rule' }).click();
  const row = table.locator('tr').filter({ has: page.getByTestId('rule-expression').filter({ hasText: rule }) });
  await row.waitFor();
  assert.equal(await page.getByTestId('rule-editor').count(), 0);
  await shot(page, 'rules');

  await row.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(`Delete “${rule}”`).waitFor();
  await dialog.getByRole('button', { name: 'Delete rule' }).click();
  await row.waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('alerts: a firing appears live, acknowledging updates every open page, a VIEWER sees no controls', async () => {
  const admin = await newPage();
  const viewer = await newPage();
  await logIn(admin.page, s.url, s.adminToken);
  await logIn(viewer.page, s.url, s.viewerToken);
  const alertsPage = `${s.url}/agents/${s.alertsAgent}/alerts`;
  for (const { page } of [admin, viewer]) {
    await page.goto(alertsPage);
    await page.getByTestId('no-alerts').waitFor();
    await page.getByTestId('live-indicator').filter({ hasText: /^live$/ }).waitFor();
  }

  // a runtime reports 50 % errors; the next evaluation pass (every second in this test) fires the rule
  const reportedAt = Date.now();
  await reportOutcomes(s.url, s.runtimeToken, { agent: s.alertsAgent, version: 1, count: 40, errorRate: 0.5 });
  const row = (page) => page.locator('[data-testid="alerts-table"] tr[data-state="FIRING"]')
    .filter({ hasText: s.alertRule });
  await row(admin.page).waitFor({ timeout: 10_000 });
  console.log(`the alert showed on the open page ${Date.now() - reportedAt} ms after the outcomes were reported`);
  assert.match(await row(admin.page).getByTestId('alert-value').textContent(), /^50 % vs > 15%$/);
  await row(admin.page).getByTestId('action-outcome').filter({ hasText: 'done' }).waitFor();
  await row(viewer.page).waitFor();
  assert.equal(await viewer.page.getByRole('button', { name: 'Acknowledge' }).count(), 0);
  await shot(admin.page, 'alert-firing');

  await row(admin.page).getByRole('button', { name: 'Acknowledge' }).click();
  for (const { page } of [admin, viewer]) {
    await row(page).getByTestId('acknowledged').filter({ hasText: 'token:' }).waitFor();
  }
  assert.equal(await admin.page.getByRole('button', { name: 'Acknowledge' }).count(), 0);

  // health: the agent shows one firing alert on the agents list and on its page
  await admin.page.goto(`${s.url}/agents?q=${s.alertsAgent}`);
  await admin.page.locator(`tr[data-agent="${s.alertsAgent}"] [data-testid="health"]`).filter({ hasText: '1 firing' }).waitFor();
  await admin.page.goto(`${s.url}/agents/${s.alertsAgent}`);
  await admin.page.getByTestId('deployment-production').getByTestId('health').filter({ hasText: '1 firing' }).waitFor();
  assert.deepEqual([...admin.problems, ...viewer.problems], []);
  await admin.context.close();
  await viewer.context.close();
});

test('a VIEWER sees the rules but no rule controls', async () => {
  const { page, context } = await newPage();
  await logIn(page, s.url, s.viewerToken);
  await page.goto(`${s.url}/agents/${s.stableAgent}/rules`);
  await page.getByTestId('rules-table').getByTestId('default-badge').first().waitFor();
  await page.getByTestId('default-rules').filter({ hasText: 'Default rules: on' }).waitFor();
  for (const name of ['New rule', 'Edit', 'Delete', 'Turn default rules off']) {
    assert.equal(await page.getByRole('button', { name }).count(), 0, `no ${name} button`);
  }
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
