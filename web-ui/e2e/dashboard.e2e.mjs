// End-to-end tests of the dashboard in a real Chromium against the real app and its embedded PostgreSQL.
// Started by DashboardBrowserTest (a @QuarkusTest), which creates the agents and tokens named in the environment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { VIEWPORT, graphql, launch, logIn, reportOutcomes, settings, unnamedControls } from './browser.mjs';

const s = settings();
const WAIT = { timeout: 10_000 };
/** What the dashboard must do within a second on loopback: load, and show a rollback it sent. */
const ONE_SECOND = 1_000;
/** The agents list's query, as the dashboard sends it (web-ui/src/api/documents.ts, AGENTS). */
const AGENTS_LIST = `query Agents($after: String) { agents(first: 100, after: $after) { edges { node { slug name description
  deployments { agent environment stableVersion generation updatedAt rollout { id canaryVersion baselineVersion weight status }
    events(first: 20) { edges { node { id type trigger fromVersion toVersion actor committedAt } } } } } }
  pageInfo { hasNextPage endCursor } } }`;
/** Timed figures are measured this many times, and their median is held to the limit: the machine is shared. */
const SAMPLES = 5;
const SESSION_ENDED = 'Your session ended: the token was revoked or has expired. Sign in again.';
/** Chromium's console line for an answer with HTTP 401: expected where a test sends a refused token. */
const REFUSED_TOKEN = /Failed to load resource: the server responded with a status of 401/;
let browser;
/** Console errors and page errors of every page of the run, checked by the last test. */
const problems = [];
/** The figures measured, written to target/dashboard-timings.json (docs/benchmarks.md, H). */
const timings = { viewport: VIEWPORT };

before(async () => {
  browser = await launch();
  timings.browser = `Chromium ${browser.version()}`;
});

after(async () => {
  await browser?.close();
  timings.measuredAt = new Date().toISOString();
  timings.machine = { cpus: cpus().length, cpu: cpus()[0]?.model, loadAverage: loadavg().map((x) => Number(x.toFixed(2))) };
  if (s.timings) writeFileSync(s.timings, `${JSON.stringify(timings, null, 2)}\n`);
});

/**
 * A fresh browser context (no cache, no session) at the laptop size. Every console error and page error is recorded
 * for the last test, apart from the 401 lines of a test that sends a refused token on purpose.
 */
async function newPage({ refusedTokens = false } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  const mine = [];
  const record = (what) => {
    mine.push(what);
    problems.push(what);
  };
  page.on('pageerror', (error) => record(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (refusedTokens && REFUSED_TOKEN.test(message.text())) return;
    record(`console error on ${page.url()}: ${message.text()}`);
  });
  return { page, context, problems: mine };
}

async function shot(page, name) {
  if (s.screenshots) await page.screenshot({ path: `${s.screenshots}/${name}.png` });
}

/** Every control of the page has an accessible name. */
async function assertNamed(page, where) {
  assert.deepEqual(await page.evaluate(unnamedControls), [], `controls without an accessible name on ${where}`);
}

/** Presses Tab until {@code target} has the focus (at most {@code max} times); the presses it took. */
async function tabTo(page, target, max = 60) {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
  }
  throw new Error(`${max} presses of Tab did not reach the control`);
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Confirms a rollback in the open dialog with {@code confirm}; the milliseconds until the page shows it as done. */
async function timeRollback(page, confirm) {
  const confirmedAt = Date.now();
  await confirm();
  await page.getByTestId('rollout-status').filter({ hasText: 'Ended: rolled back (v2 → v1)' }).waitFor({ timeout: 5_000 });
  return Date.now() - confirmedAt;
}

/**
 * Follows the page's GraphQL calls over HTTP; {@code quiet()} resolves once none has been in flight for
 * {@code quietMs} (the agents list pages through agents and drill freshness, so one answer is not the last).
 */
function graphqlCalls(page, quietMs = 500) {
  const inFlight = new Set();
  const isGraphql = (request) => request.url().endsWith('/graphql') && request.method() === 'POST';
  let lastChange = Date.now();
  page.on('request', (request) => { if (isGraphql(request)) { inFlight.add(request); lastChange = Date.now(); } });
  const done = (request) => { if (inFlight.delete(request)) lastChange = Date.now(); };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    async quiet(timeoutMs = WAIT.timeout) {
      const deadline = Date.now() + timeoutMs;
      while (inFlight.size > 0 || Date.now() - lastChange < quietMs) {
        if (Date.now() > deadline) throw new Error(`GraphQL calls still in flight after ${timeoutMs} ms: ${inFlight.size}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

async function createToken(name, role) {
  const data = await graphql(s.url, s.adminToken, `mutation($name: String!, $role: Role!) {
    createApiToken(name: $name, role: $role) { secret token { id } } }`, { name, role });
  return { secret: data.createApiToken.secret, id: data.createApiToken.token.id };
}

async function revokeToken(id) {
  await graphql(s.url, s.adminToken, `mutation($id: ID!) { revokeApiToken(id: $id) { status } }`, { id });
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
  const { page, context, problems } = await newPage({ refusedTokens: true });
  await page.goto(`${s.url}/agents`);
  await page.waitForURL(/\/login\?next=%2Fagents/);
  await page.getByText('Dev mode: a first ADMIN API token was generated…').waitFor();
  await page.getByLabel('API token').fill('tr_not-a-token-of-this-server-000000000000000000000');
  await page.getByRole('button', { name: 'Log in' }).click();
  // on the login page the message does not send the person to log in again
  await page.getByRole('alert').filter({ hasText: 'This token was not accepted' }).waitFor();
  assert.equal(await page.getByRole('alert').filter({ hasText: 'Log in again' }).count(), 0);
  await assertNamed(page, 'the login page');
  await shot(page, 'login');

  await page.getByLabel('API token').fill(s.adminToken);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${s.url}/agents`);
  const row = page.locator(`tr[data-agent="${s.rolloutAgent}"][data-environment="production"]`);
  await row.locator('[data-testid="canary"]').filter({ hasText: 'v2 at 25 %' }).waitFor();
  assert.equal(await row.locator('[data-testid="stable"]').textContent(), 'v1');
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' })
    .getAttribute('aria-current'), 'page');
  await assertNamed(page, 'the agents page');
  await shot(page, 'agents');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('first load: the agents list is on screen within a second of a cold load of the page', async () => {
  // a tab that has signed in before, as the login page leaves it (the token and whose it is), loading /agents with
  // nothing cached; five times, in a fresh browser context each, because the machine is shared
  const viewer = (await graphql(s.url, s.adminToken, '{ viewer { name role } }')).viewer;
  // what the server alone takes for the list's query, one call at a time (the page sends it with two others)
  const alone = [];
  for (let i = 0; i < SAMPLES; i++) {
    const sentAt = performance.now();
    await graphql(s.url, s.adminToken, AGENTS_LIST);
    alone.push(Math.round(performance.now() - sentAt));
  }
  const samples = [];
  for (let i = 0; i < SAMPLES; i++) {
    const { page, context, problems } = await newPage();
    await page.addInitScript(([token, who]) => {
      sessionStorage.setItem('tightrope.token', token);
      sessionStorage.setItem('tightrope.viewer', JSON.stringify(who));
      // the moment the first row of the agents list is in the page, in the page's own clock
      new MutationObserver((changes, observer) => {
        if (document.querySelector('[data-testid="agents-table"] tbody tr')) {
          window.agentsShownAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, [s.adminToken, viewer]);
    await page.goto(`${s.url}/agents`);
    await page.locator(`[data-testid="agents-table"] tr[data-agent="${s.rolloutAgent}"]`).waitFor();
    await page.waitForFunction(() => performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0);
    samples.push(await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0];
      return {
        loadEventEndMs: Math.round(navigation.loadEventEnd),
        agentsListShownMs: Math.round(window.agentsShownAt),
        transferredBytes: performance.getEntriesByType('resource').reduce((sum, r) => sum + r.transferSize,
          navigation.transferSize),
        graphqlCallsMs: performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/graphql'))
          .map((r) => Math.round(r.duration)),
      };
    }));
    assert.deepEqual(problems, []);
    await context.close();
  }
  timings.firstLoad = {
    agentsQueryAloneMs: alone,
    medianLoadEventEndMs: median(samples.map((x) => x.loadEventEndMs)),
    medianAgentsListShownMs: median(samples.map((x) => x.agentsListShownMs)),
    samples,
  };
  console.log(`first load, ${SAMPLES} cold loads: loadEventEnd median ${timings.firstLoad.medianLoadEventEndMs} ms, `
    + `agents list shown median ${timings.firstLoad.medianAgentsListShownMs} ms after navigation start `
    + `(${samples.map((x) => `${x.loadEventEndMs}/${x.agentsListShownMs}`).join(', ')}); the list's query alone: `
    + `${alone.join(', ')} ms`);
  assert.ok(timings.firstLoad.medianLoadEventEndMs < ONE_SECOND, JSON.stringify(samples));
  assert.ok(timings.firstLoad.medianAgentsListShownMs < ONE_SECOND, JSON.stringify(samples));
});

test('keyboard only: Tab to Roll back, Enter, the dialog takes the focus and keeps it, Escape cancels, Tab and Enter confirm; shown within a second, as DASHBOARD', async () => {
  const { page, context, problems } = await newPage();
  await logIn(page, s.url, s.adminToken);
  await page.goto(`${s.url}/agents/${s.rolloutAgent}/rollouts/${s.rolloutId}`);
  await page.getByTestId('rollout-status').filter({ hasText: 'Running: canary v2 at 25 %' }).waitFor();
  await page.locator('[data-testid="comparison-table"] tr[data-metric="ERROR_RATE"]').waitFor();
  await page.getByTestId('live-indicator').filter({ hasText: /^live$/ }).waitFor();
  await assertNamed(page, 'the rollout page');
  await shot(page, 'rollout');

  const rollBack = page.getByTestId('controls-production').getByRole('button', { name: 'Roll back' });
  const presses = await tabTo(page, rollBack);
  console.log(`Roll back reached with ${presses} presses of Tab`);
  const outline = await rollBack.evaluate((element) => getComputedStyle(element).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused button shows its focus');

  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByText(`Roll back ${s.rolloutAgent} in production from v2 to v1`).waitFor();
  const focused = () => page.evaluate(() => ({
    inDialog: !!document.activeElement?.closest('dialog[open]'), text: document.activeElement?.textContent }));
  assert.deepEqual(await focused(), { inDialog: true, text: 'Cancel' }, 'the dialog has the focus, on Cancel');
  await assertNamed(page, 'the confirmation dialog');
  await shot(page, 'confirm-dialog');
  await page.keyboard.press('Tab');
  assert.deepEqual(await focused(), { inDialog: true, text: 'Roll back' });
  await page.keyboard.press('Tab');
  assert.deepEqual(await focused(), { inDialog: true, text: 'Cancel' }, 'Tab wraps around inside the dialog');
  await page.keyboard.press('Shift+Tab');
  assert.deepEqual(await focused(), { inDialog: true, text: 'Roll back' }, 'and Shift+Tab too');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.ok(await rollBack.evaluate((element) => element === document.activeElement), 'Escape gives the focus back');
  assert.equal(await page.getByTestId('rollout-status').filter({ hasText: 'Running' }).count(), 1, 'Escape changed nothing');

  await page.keyboard.press('Enter');
  await dialog.getByText(`Roll back ${s.rolloutAgent} in production from v2 to v1`).waitFor();
  await page.keyboard.press('Tab');
  const byKeyboard = await timeRollback(page, () => page.keyboard.press('Enter'));
  console.log(`the rollback confirmed by keyboard showed as done ${byKeyboard} ms after the confirming key press`);
  assert.equal(await page.getByRole('dialog').count(), 0);

  // recorded as the dashboard's, in the history and in the status line, and announced in a toast
  const row = page.getByTestId('events-table').locator('tr[data-type="ROLLED_BACK"]').first();
  assert.equal(await row.locator('.trigger').textContent(), 'DASHBOARD');
  await page.getByTestId('rollout-status').filter({ hasText: '(DASHBOARD)' }).waitFor();
  await page.getByTestId('toast').filter({ hasText: `${s.rolloutAgent} in production: rolled back v2 → v1` })
    .filter({ hasText: '(DASHBOARD)' }).waitFor();
  assert.equal(await page.getByTestId('toasts').getAttribute('aria-live'), 'polite');
  await shot(page, 'rolled-back');

  // four more rollouts of v2, started by a script, rolled back with the mouse: the time until shown, five samples
  const samples = [byKeyboard];
  for (let i = 1; i < SAMPLES; i++) {
    const started = await graphql(s.url, s.adminToken, `mutation($agent: String!) {
      startRollout(agent: $agent, environment: "production", version: 2, weight: 25) { rolloutId } }`,
    { agent: s.rolloutAgent });
    await page.goto(`${s.url}/agents/${s.rolloutAgent}/rollouts/${started.startRollout.rolloutId}`);
    await page.getByTestId('rollout-status').filter({ hasText: 'Running: canary v2 at 25 %' }).waitFor();
    await page.getByTestId('live-indicator').filter({ hasText: /^live$/ }).waitFor();
    await page.getByTestId('controls-production').getByRole('button', { name: 'Roll back' }).click();
    samples.push(await timeRollback(page, () => page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click()));
  }
  timings.rollbackShown = { medianMs: median(samples), samplesMs: samples };
  console.log(`rollback confirmed until shown as done: median ${median(samples)} ms (${samples.join(', ')} ms)`);
  assert.ok(median(samples) < ONE_SECOND, `rollbacks showed as done ${samples.join(', ')} ms after they were confirmed`);
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
  timings.changeElsewhereShownMs = tookMs;
  assert.ok(tookMs < 1_000, `the change showed ${tookMs} ms after its commit`);
  await assertNamed(page, 'the agent page');
  await context.close();
});

test('a VIEWER sees no traffic buttons and no audit log; /audit says which role it needs', async () => {
  const { page, context } = await newPage();
  await logIn(page, s.url, s.viewerToken);
  await page.getByTestId('who').filter({ hasText: 'VIEWER' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Audit log' }).count(), 0);
  await page.goto(`${s.url}/agents/${s.stableAgent}`);
  await page.getByTestId('deployment-production').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Roll back' }).count(), 0);

  await page.goto(`${s.url}/audit`);
  await page.getByTestId('audit-needs-role').filter({ hasText: 'The audit log needs the OPERATOR or ADMIN role' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Filter' }).count(), 0);
  await shot(page, 'viewer-audit');
  await context.close();
});

test('the audit log shows the rollback and filters by operation', async () => {
  const { page, context } = await newPage();
  await logIn(page, s.url, s.adminToken);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await assertNamed(page, 'the audit log');
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
  await shot(page, 'audit');
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
  await assertNamed(page, 'the rules page with the editor');
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
  await assertNamed(admin.page, 'the alerts page');
  // an agent's alerts are under Alerts in the navigation, not under Agents
  const nav = admin.page.getByRole('navigation', { name: 'Main' });
  assert.equal(await nav.getByRole('link', { name: 'Alerts' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('link', { name: 'Agents' }).getAttribute('aria-current'), null);
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

test('a token revoked while the dashboard is open sends the person back to the login page, saying why', async () => {
  // over the live connection: the server closes the token's sockets, and the reconnection is refused
  const { page, context, problems } = await newPage({ refusedTokens: true });
  const first = await createToken(`e2e-revoked-live-${Date.now()}`, 'OPERATOR');
  await logIn(page, s.url, first.secret);
  await page.goto(`${s.url}/agents/${s.stableAgent}`);
  await page.getByTestId('live-indicator').filter({ hasText: /^live$/ }).waitFor();
  await revokeToken(first.id);
  await page.waitForURL(/\/login\?next=/, { timeout: 10_000 });
  await page.getByTestId('session-ended').filter({ hasText: SESSION_ENDED }).waitFor();
  assert.match(page.url(), new RegExp(`next=${encodeURIComponent(`/agents/${s.stableAgent}`)}`));
  await shot(page, 'session-ended');

  // over HTTP: no live connection (the socket is held, never connected), the next request is refused
  const second = await createToken(`e2e-revoked-http-${Date.now()}`, 'OPERATOR');
  const held = await newPage({ refusedTokens: true });
  await held.page.routeWebSocket(/\/graphql$/, () => {});
  // the agents list's own later calls (its further pages, drill column, health, approvals badge) all answered first:
  // the click's is the next call
  const calls = graphqlCalls(held.page);
  await logIn(held.page, s.url, second.secret);
  await held.page.getByTestId('agents-table').waitFor();
  await calls.quiet();
  const before = new URL(held.page.url()).pathname;
  await revokeToken(second.id);
  // the next request is refused, whichever it is: usually the click's, but on a loaded machine a call the page
  // makes by itself (a poll) can come first and end the session before the click lands (the link is then gone)
  const clicked = await held.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' })
    .click({ timeout: 3_000 }).then(() => true, () => false);
  await held.page.getByTestId('session-ended').filter({ hasText: SESSION_ENDED }).waitFor();
  const next = new URL(held.page.url()).searchParams.get('next');
  assert.match(held.page.url(), /\/login\?next=/);
  assert.equal(next, clicked ? '/alerts' : before, `clicked: ${clicked}`);

  // signing in again with a valid token goes back where the person was
  await held.page.getByLabel('API token').fill(s.adminToken);
  await held.page.getByRole('button', { name: 'Log in' }).click();
  await held.page.waitForURL(`${s.url}${next}`);
  assert.deepEqual([...problems, ...held.problems], []);
  await held.context.close();
  await context.close();
});

test('drills: a dry run from the agent page shows in its history; the agents list flags the deployment until it passes one', async () => {
  const { page, context, problems } = await newPage();
  await logIn(page, s.url, s.adminToken);
  await page.goto(`${s.url}/agents?q=${s.drillAgent}`);
  const row = page.locator(`tr[data-agent="${s.drillAgent}"][data-environment="production"]`);
  await row.getByTestId('drill').filter({ hasText: 'never passed a drill' }).waitFor();
  await row.getByTestId('drill-overdue').filter({ hasText: 'drill overdue' }).waitFor();

  await page.goto(`${s.url}/agents/${s.drillAgent}`);
  const drills = page.getByTestId('drills');
  await drills.getByTestId('drill-schedule').filter({ hasText: '0 4 1 * *' }).waitFor();
  // LIVE names exactly what will happen, and can be cancelled
  await drills.getByLabel('Drill mode for production').selectOption('LIVE');
  await drills.getByRole('button', { name: 'Run drill in production' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(`Live drill of ${s.drillAgent} in production: roll back for real to v1 (trigger DRILL), `
    + 'wait until every connected runtime has acknowledged it, then roll forward to v2.').waitFor();
  await assertNamed(page, 'the live drill dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  await drills.getByLabel('Drill mode for production').selectOption('DRY_RUN');
  await drills.getByRole('button', { name: 'Run drill in production' }).click();
  await dialog.getByText('Dry run in production: check that v1 is complete and rehearse the switch from v2 to v1').waitFor();
  await dialog.getByRole('button', { name: 'Run dry run' }).click();
  const drill = drills.locator('[data-testid="drills-table"] tr[data-mode="DRY_RUN"]').first();
  await drill.getByTestId('drill-result').filter({ hasText: 'passed' }).waitFor();
  assert.match(await drill.textContent(), /v2 → v1/);
  assert.match(await drill.textContent(), /check .* ms · switch .* ms/);
  await page.getByTestId('rollback-stats').getByTestId('stats-rollbacks').waitFor();
  await assertNamed(page, 'the agent page with drills');
  await page.getByRole('heading', { name: 'Rollback drills' }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
  await shot(page, 'drills');

  await page.goto(`${s.url}/agents?q=${s.drillAgent}`);
  await row.getByTestId('drill').filter({ hasText: 'dry run passed' }).waitFor();
  assert.equal(await row.getByTestId('drill-overdue').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('protected environments: a deploy asks for approval, a second OPERATOR approves it; a freeze refuses with its end, rollbacks still work', async () => {
  const agent = s.governedAgent;
  const stamp = Date.now();
  const alice = await createToken(`e2e-alice-${stamp}`, 'OPERATOR');
  const bob = await createToken(`e2e-bob-${stamp}`, 'OPERATOR');
  await graphql(s.url, s.adminToken, `mutation($agent: String!) {
    protectEnvironment(environment: "production", agent: $agent) { id } }`, { agent });
  const a = await newPage();
  const b = await newPage();
  await logIn(a.page, s.url, alice.secret);
  await logIn(b.page, s.url, bob.secret);

  // alice deploys v2: refused with APPROVAL_REQUIRED, and requests approval from the dialog
  await a.page.goto(`${s.url}/agents/${agent}`);
  const controls = a.page.getByTestId('controls-production');
  await controls.getByLabel('Version to deploy to production').selectOption('2');
  await controls.getByRole('button', { name: 'Deploy' }).click();
  const dialog = a.page.getByRole('dialog');
  await dialog.getByText(`Deploy v2 of ${agent} to production: it replaces v1`).waitFor();
  await dialog.getByRole('button', { name: 'Deploy v2' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'This environment is protected' }).waitFor();
  await dialog.getByRole('button', { name: 'Request approval' }).click();
  const link = dialog.getByTestId('change-requested').getByRole('link', { name: 'open it' });
  await link.waitFor();
  const id = (await link.getAttribute('href')).split('/').pop();
  await assertNamed(a.page, 'the refused deploy dialog');
  await shot(a.page, 'approval-required');
  assert.equal(await dialog.getByRole('button', { name: 'Deploy v2' }).count(), 0, 'nothing left to confirm');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await a.page.getByTestId('pending-count').waitFor();

  // alice sees her own request without the buttons to decide it
  await a.page.goto(`${s.url}/change-requests`);
  const own = a.page.locator(`tr[data-request="${id}"]`);
  await own.filter({ hasText: 'a second person decides' }).waitFor();
  assert.equal(await own.getByRole('button', { name: `Approve change request ${id}` }).count(), 0);

  // bob opens the link, sees exactly what was asked, and approves: applied, the deployment moves to v2
  await b.page.goto(`${s.url}/change-requests/${id}`);
  const request = b.page.locator(`tr[data-request="${id}"]`);
  await request.getByTestId('change').filter({ hasText: `deploy v2 of ${agent} to production` }).waitFor();
  assert.equal(await request.getByTestId('change-arguments').textContent(),
    `deploy(agent: "${agent}", environment: "production", version: 2, expectedGeneration: 1)`);
  assert.match(await request.textContent(), new RegExp(`token:e2e-alice-${stamp}`));
  await b.page.goto(`${s.url}/change-requests`);
  await request.getByRole('button', { name: `Approve change request ${id}` }).waitFor();
  await assertNamed(b.page, 'the change requests page');
  await shot(b.page, 'change-requests');
  await request.getByRole('button', { name: `Approve change request ${id}` }).click();
  await b.page.getByRole('dialog').getByRole('button', { name: 'Approve and apply' }).click();
  await request.getByTestId('request-state').filter({ hasText: 'applied' }).waitFor();
  await b.page.goto(`${s.url}/agents/${agent}`);
  await b.page.getByTestId('deployment-production').getByTestId('stable').filter({ hasText: 'v2' }).waitFor();

  // a freeze: alice's deploy of v3 is refused with the window's end; she is offered no override; rollback works
  const to = new Date(Date.now() + 2 * 3600_000).toISOString();
  const freeze = (await graphql(s.url, s.adminToken, `mutation($agent: String!, $from: DateTime!, $to: DateTime!) {
    createFreeze(environment: "production", agent: $agent, reason: "e2e: release freeze", from: $from, to: $to) { id activeUntil } }`,
  { agent, from: new Date().toISOString(), to })).createFreeze;
  const until = `${new Date(freeze.activeUntil).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  await a.page.goto(`${s.url}/agents/${agent}`);
  await a.page.getByTestId('deployment-production').getByTestId('stable').filter({ hasText: 'v2' }).waitFor();
  await controls.getByLabel('Version to deploy to production').selectOption('3');
  await controls.getByRole('button', { name: 'Deploy' }).click();
  await dialog.getByRole('button', { name: 'Deploy v3' }).click();
  await dialog.getByRole('alert').filter({ hasText: `A release freeze holds until ${until} (e2e: release freeze)` }).waitFor();
  assert.equal(await dialog.getByLabel('Reason to override the freeze (ADMIN)').count(), 0);
  await shot(a.page, 'frozen');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await controls.getByRole('button', { name: 'Roll back' }).click();
  await dialog.getByText(`Roll back ${agent} in production from v2 to v1`).waitFor();
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await a.page.getByTestId('deployment-production').getByTestId('stable').filter({ hasText: 'v1' }).waitFor();

  // an ADMIN sees the freeze highlighted with its end, and may override it (here approval is still needed)
  const admin = await newPage();
  await logIn(admin.page, s.url, s.adminToken);
  await admin.page.goto(`${s.url}/freezes`);
  const frozen = admin.page.locator(`tr[data-freeze="${freeze.id}"]`);
  await frozen.getByTestId('freeze-status').filter({ hasText: `frozen until ${until}` }).waitFor();
  assert.match(await frozen.getAttribute('class'), /active-freeze/);
  await admin.page.getByTestId('protected-table').locator(`tr[data-agent="${agent}"]`).waitFor();
  await assertNamed(admin.page, 'the freezes page');
  await shot(admin.page, 'freezes');
  await admin.page.goto(`${s.url}/agents/${agent}`);
  const adminControls = admin.page.getByTestId('controls-production');
  await adminControls.getByLabel('Version to deploy to production').selectOption('2');
  await adminControls.getByRole('button', { name: 'Deploy' }).click();
  const adminDialog = admin.page.getByRole('dialog');
  await adminDialog.getByRole('button', { name: 'Deploy v2' }).click();
  await adminDialog.getByLabel('Reason to override the freeze (ADMIN)').fill('e2e: hotfix');
  await adminDialog.getByRole('button', { name: 'Override freeze and deploy v2' }).click();
  await adminDialog.getByRole('alert').filter({ hasText: 'This environment is protected' }).waitFor();
  await adminDialog.getByRole('button', { name: 'Request approval' }).waitFor();
  await adminDialog.getByRole('button', { name: 'Cancel' }).click();

  // the ADMIN ends the freeze from the freezes page
  await admin.page.goto(`${s.url}/freezes`);
  await frozen.getByRole('button', { name: `Delete freeze ${freeze.id} of production` }).click();
  await admin.page.getByRole('dialog').getByRole('button', { name: 'Delete freeze' }).click();
  await frozen.waitFor({ state: 'detached' });

  assert.deepEqual([...a.problems, ...b.problems, ...admin.problems], []);
  for (const { context } of [a, b, admin]) await context.close();
});

test('a VIEWER sees drills, change requests and freezes without their controls', async () => {
  const { page, context, problems } = await newPage();
  await logIn(page, s.url, s.viewerToken);
  await page.goto(`${s.url}/agents/${s.drillAgent}`);
  await page.getByTestId('drills-table').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Run drill in production' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Edit schedule' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Deploy' }).count(), 0);
  await page.goto(`${s.url}/change-requests?state=all`);
  await page.getByTestId('change-requests-table').waitFor();
  assert.equal(await page.getByRole('button', { name: /^Approve|^Reject/ }).count(), 0);
  await page.goto(`${s.url}/freezes`);
  await page.getByTestId('protected-table').waitFor();
  for (const name of ['Create freeze', 'Protect', 'Unprotect', 'Delete']) {
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, `no ${name} button`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('no console errors and no page errors during the whole run', () => {
  assert.deepEqual(problems, []);
});
