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

/** Logs in through the login page and waits for the agents page. */
export async function logIn(page, url, token) {
  await page.goto(`${url}/login`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Agents' }).waitFor();
}
