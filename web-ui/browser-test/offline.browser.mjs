// The dashboard in a real Chromium against a fake server: the page's GraphQL calls (HTTP and the WebSocket) are
// answered by this test, so that it can hang, fall silent or answer with long names, which the real app will not
// do on demand. Runs on its own (no Java, no database): `npm run test:browser`; the Vite dev server serves the app.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'vite';
import { VIEWPORT, launch } from '../e2e/browser.mjs';

const LONG_NAME = `Supercalifragilisticexpialidocious${'x'.repeat(166)}`; // 200 characters, no space
const NOW = new Date().toISOString();
let server;
let browser;
let base;

before(async () => {
  server = await createServer({ root: new URL('..', import.meta.url).pathname, logLevel: 'error',
    server: { port: 0, strictPort: false, hmr: false } });
  await server.listen();
  base = server.resolvedUrls.local[0].replace(/\/$/, '');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function event(id, type, from, to) {
  return { id, generation: Number(id), type, trigger: 'API', fromVersion: from, toVersion: to, rolloutId: null,
    weightBefore: null, weightAfter: null, actor: 'token:ops', reason: 'r', decidedAt: NOW, committedAt: NOW,
    propagatedAt: NOW, commitMillis: 1, propagationMillis: 1, propagation: null };
}

const deployment = { agent: 'support-bot', environment: 'staging', stableVersion: 2, generation: 2, updatedAt: NOW,
  rollout: null, events: { edges: [{ node: event('2', 'DEPLOYED', 1, 2) }, { node: event('1', 'DEPLOYED', null, 1) }],
    pageInfo: { hasNextPage: false } } };
const version = (number) => ({ number, parentNumber: number > 1 ? number - 1 : null, message: 'm', author: 'a',
  createdAt: NOW, snapshotHash: 'h', components: [] });
const AGENTS = [
  { slug: 'support-bot', name: 'Support bot', description: 'd', deployments: [deployment] },
  { slug: 'long-name-bot', name: LONG_NAME, description: 'N'.repeat(2000), deployments: [] },
];
const empty = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };

/** The data of one call, by its operation; null: the fake server leaves it unanswered (a hanging server). */
function answer(operation, variables, { role, hang }) {
  if (hang.has(operation)) return null;
  switch (operation) {
    case 'Viewer': return { viewer: { name: 'tester', role } };
    case 'Agents': return { agents: { edges: AGENTS.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } } };
    case 'DrillFreshness': return { agents: { edges: AGENTS.map((a) => ({ node: { slug: a.slug, deployments: a.deployments
      .map((d) => ({ environment: d.environment, drillOverdue: false, lastPassingDrill: null })) } })), pageInfo: { hasNextPage: false } } };
    case 'Agent': {
      const agent = AGENTS.find((a) => a.slug === variables.slug);
      return { agent: agent && { ...agent, createdAt: NOW, createdBy: 'admin',
        versions: { edges: [{ node: version(2) }, { node: version(1) }], pageInfo: { hasNextPage: false } } } };
    }
    case 'Alerts': return { alerts: empty };
    case 'PendingChanges': return { changeRequests: [] };
    case 'AuditLog': return { auditLog: empty };
    default: return undefined;
  }
}

/**
 * A page signed in with a fake token of {@code role}. {@code hang}: operations the server never answers;
 * {@code silentSocket}: the WebSocket acknowledges the connection, then answers nothing (no pong).
 */
async function open(path, { role = 'ADMIN', hang = [], silentSocket = false } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const calls = [];
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const options = { role, hang: new Set(hang) };
  await page.route('**/graphql', async (route) => {
    const { query, variables } = route.request().postDataJSON();
    const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? '?';
    calls.push(operation);
    const data = answer(operation, variables ?? {}, options);
    if (data === null) return; // never answered
    const body = data === undefined
      ? { data: null, errors: [{ message: `not faked: ${operation}`, extensions: { code: 'NOT_FOUND' } }] }
      : { data };
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  });
  const socket = { pings: 0 };
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    ws.onMessage((text) => {
      const message = JSON.parse(text);
      if (message.type === 'connection_init') ws.send(JSON.stringify({ type: 'connection_ack' }));
      if (message.type === 'ping') {
        socket.pings++;
        if (!silentSocket) ws.send(JSON.stringify({ type: 'pong' }));
      }
    });
  });
  await page.addInitScript(([who]) => {
    sessionStorage.setItem('tightrope.token', 'tr_fake');
    sessionStorage.setItem('tightrope.viewer', JSON.stringify(who));
  }, [{ name: 'tester', role }]);
  await page.goto(`${base}${path}`);
  return { page, context, calls, errors, socket };
}

/** Screenshots go to $SCREENSHOTS when set. */
async function shot(page, name) {
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}.png` });
}

const scrollWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth);

test('a 200-character name without spaces does not widen the agents list or the agent page', async () => {
  const { page, context, errors } = await open('/agents');
  await page.locator('tr[data-agent="long-name-bot"]').waitFor();
  assert.ok(await scrollWidth(page) <= VIEWPORT.width, `agents list is ${await scrollWidth(page)} px wide`);
  // the other columns stay on screen
  const box = await page.locator('tr[data-agent="support-bot"] [data-testid="stable"]').boundingBox();
  assert.ok(box && box.x + box.width <= VIEWPORT.width, 'the Stable column is off screen');
  await shot(page, 'offline-agents-long-name');

  await page.goto(`${base}/agents/long-name-bot`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.ok(await scrollWidth(page) <= VIEWPORT.width, `agent page is ${await scrollWidth(page)} px wide`);
  await shot(page, 'offline-agent-long-name');
  // deployed nowhere: a neutral badge, not a green "healthy"
  assert.equal(await page.locator('header.page-header [data-testid="health"]').textContent(), 'not deployed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a hanging server: the dialog can be closed at once, the change is sent once, the late answer is harmless', async () => {
  const { page, context, calls, errors } = await open('/agents/support-bot', { hang: ['Rollback'] });
  await page.getByRole('button', { name: 'Roll back' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await dialog.getByText('Working…').waitFor();
  const close = dialog.getByRole('button', { name: 'Close' });
  assert.equal(await close.isEnabled(), true, 'Close is disabled while the change is on its way');
  await close.click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByText('sent, no answer yet').waitFor();
  // the timeout fires later (15 s) for the closed dialog: a toast, no page error, no second request
  await page.getByText('Tightrope did not answer within 15 s').waitFor({ timeout: 20_000 });
  assert.equal(calls.filter((c) => c === 'Rollback').length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a hanging server: the dialog says after 15 s that the outcome is unknown', async () => {
  const { page, context, calls } = await open('/agents/support-bot', { hang: ['Rollback'] });
  await page.getByRole('button', { name: 'Roll back' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'Tightrope did not answer within 15 s' })
    .filter({ hasText: 'may or may not have been applied' }).waitFor({ timeout: 20_000 });
  assert.equal(await dialog.getByRole('button', { name: 'Cancel' }).isEnabled(), true);
  assert.equal(calls.filter((c) => c === 'Rollback').length, 1);
  await context.close();
});

test('a live socket that falls silent turns the badge from "live" to reconnecting, with the banner', async () => {
  const { page, context, socket } = await open('/agents', { silentSocket: true });
  await page.getByTestId('live-indicator').filter({ hasText: /^live$/ }).waitFor();
  await page.getByTestId('connection-banner').waitFor({ timeout: 25_000 });
  assert.match(await page.getByTestId('live-indicator').textContent(), /reconnecting/);
  assert.ok(socket.pings >= 1);
  await context.close();
});

test('a VIEWER who opens /audit is told the role it needs, without a form or a refused call', async () => {
  const { page, context, calls } = await open('/audit', { role: 'VIEWER' });
  await page.getByTestId('audit-needs-role').filter({ hasText: 'needs the OPERATOR or ADMIN role' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Filter' }).count(), 0);
  assert.equal(calls.includes('AuditLog'), false);
  await context.close();
});
