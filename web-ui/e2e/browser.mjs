// The browser of the end-to-end tests: Debian's Chromium driven by playwright-core (no browser download).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
  });
}

/** What the Java test that started the app passes on. */
export function settings() {
  const need = (name) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run these tests through DashboardBrowserTest (mvn verify)`);
    return value;
  };
  return {
    url: need('TIGHTROPE_URL').replace(/\/$/, ''),
    adminToken: need('ADMIN_TOKEN'),
    viewerToken: need('VIEWER_TOKEN'),
    rolloutAgent: need('ROLLOUT_AGENT'),
    rolloutId: need('ROLLOUT_ID'),
    stableAgent: need('STABLE_AGENT'),
    runtimeToken: need('RUNTIME_TOKEN'),
    alertsAgent: need('ALERTS_AGENT'),
    alertRule: need('ALERT_RULE'),
    screenshots: process.env.SCREENSHOTS ?? '',
    timings: process.env.TIMINGS ?? '',
  };
}

/** A GraphQL call of the real API, as a script would make it (not through the page). */
export async function graphql(url, token, query, variables = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const answer = await response.json();
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data;
}

/**
 * Reports outcomes of a deployment's stable arm over the runtime API (NDJSON), as a runtime would, stamped now;
 * the first {@code errorRate} of them are errors.
 */
export async function reportOutcomes(url, token, { agent, environment = 'production', version, count, errorRate }) {
  const errors = Math.round(count * errorRate);
  const now = new Date().toISOString();
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({
    agent, environment, version, arm: 'STABLE', occurredAt: now, status: i < errors ? 'ERROR' : 'SUCCESS',
    taskCompleted: true, latencyMs: 800 + i, costUsd: 0.002,
  }));
  const response = await fetch(`${url}/api/v1/outcomes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-ndjson', Authorization: `Bearer ${token}` },
    body: `${lines.join('\n')}\n`,
  });
  const answer = await response.json();
  if (response.status !== 200 || answer.accepted !== count) throw new Error(`outcomes: ${response.status} ${JSON.stringify(answer)}`);
}

/** The screen the tests run on and take their screenshots at: a laptop's. */
export const VIEWPORT = { width: 1366, height: 768 };

/**
 * The controls of the page that have no accessible name, as short HTML: buttons, links, inputs, selects, text areas
 * and anything focusable, named (in this order) by aria-labelledby, aria-label, a label, their text, a title or an
 * image's alt. Runs in the page.
 */
export function unnamedControls() {
  const text = (node) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const nameOf = (element) => {
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy) {
      const named = labelledBy.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
      if (named) return named;
    }
    const label = element.getAttribute('aria-label')?.trim();
    if (label) return label;
    if (element.labels && element.labels.length > 0) {
      const labelled = [...element.labels].map(text).join(' ').trim();
      if (labelled) return labelled;
    }
    if (['BUTTON', 'A', 'SUMMARY'].includes(element.tagName) || element.getAttribute('role') === 'button') {
      const own = text(element) || [...element.querySelectorAll('img[alt]')].map((img) => img.alt).join(' ').trim();
      if (own) return own;
    }
    return element.getAttribute('title')?.trim() ?? '';
  };
  const controls = document.querySelectorAll('button, a[href], input:not([type="hidden"]), select, textarea, '
    + '[role="button"], [tabindex]:not([tabindex="-1"])');
  return [...controls]
    .filter((element) => element.getClientRects().length > 0 || element.closest('dialog[open]'))
    .filter((element) => !nameOf(element))
    .map((element) => element.outerHTML.slice(0, 160));
}

/** Logs in through the login page and waits for the agents page. */
export async function logIn(page, url, token) {
  await page.goto(`${url}/login`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Agents' }).waitFor();
}
