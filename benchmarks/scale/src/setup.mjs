// Test data of the scale client: one agent with numbered versions, and a RUNTIME token for the subscribers.
import { post, agent as httpAgent } from './http.mjs';
import * as doc from './documents.mjs';

function prompt(n) {
  return {
    system: `You answer questions about the parcel service of Northwind (scale benchmark, version ${n}).\n`
      + `Offer a voucher of at most ${5 * n} EUR for a late parcel. Keep answers under 80 words.`,
    examples: [{ input: 'My parcel is late.', output: 'Sorry about that. May I have the tracking number?' }],
    formattingRules: ['plain text', 'no markdown'],
  };
}

function firstVersion(slug) {
  return {
    agent: slug,
    message: 'scale benchmark: version 1',
    prompt: prompt(1),
    model: { provider: 'anthropic', modelId: 'claude-test', temperature: 0.3, maxTokens: 800 },
    tools: {
      tools: [
        { name: 'track_parcel', description: 'Status of a parcel',
          parameters: { type: 'object', properties: { trackingId: { type: 'string' } }, required: ['trackingId'] } },
        { name: 'issue_voucher', description: 'Give the customer a voucher', parameters: { type: 'object' } },
      ],
    },
    guardrails: { inputFilters: [{ type: 'pii' }], actionLimits: { maxToolCalls: 4 } },
    knowledgeBase: { indexId: 'kb-parcels', embeddingModel: 'embed-small', documentCount: 640 },
  };
}

/**
 * Creates agent `slug` with `versions` versions (version n differs from 1 in its prompt), deploys version 1 and
 * then `stable` (if > 1), and answers { slug, environment }.
 */
export async function createAgent(base, token, slug, { versions = 2, stable = 2, environment = 'production' } = {}) {
  const pool = httpAgent(4);
  const call = (query, variables) => post(base, { agent: pool, token, query, variables, timeoutMs: 30_000 });
  await call(doc.CREATE_AGENT, { input: { slug, name: `Scale ${slug}` } });
  await call(doc.CREATE_VERSION, { input: firstVersion(slug) });
  for (let n = 2; n <= versions; n++) {
    await call(doc.CREATE_VERSION, { input: { agent: slug, baseVersion: 1, message: `scale benchmark: version ${n}`, prompt: prompt(n) } });
  }
  await call(doc.DEPLOY, { agent: slug, environment, version: 1, reason: 'scale setup' });
  if (stable > 1) await call(doc.DEPLOY, { agent: slug, environment, version: stable, reason: 'scale setup' });
  pool.destroy();
  return { slug, environment };
}

export async function createRuntimeToken(base, adminToken, name) {
  const pool = httpAgent(1);
  const data = await post(base, { agent: pool, token: adminToken, query: doc.CREATE_TOKEN, variables: { name, role: 'RUNTIME' } });
  pool.destroy();
  return data.createApiToken.secret;
}

/** Every event of the deployment, newest first (pages of 100). */
export async function events(base, token, agentSlug, environment) {
  const pool = httpAgent(1);
  const all = [];
  let after = null;
  for (let page = 0; page < 50; page++) {
    const data = await post(base, { agent: pool, token, query: doc.EVENTS, variables: { agent: agentSlug, environment, after }, timeoutMs: 30_000 });
    const conn = data.deployment.events;
    for (const e of conn.edges) all.push(e.node);
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  pool.destroy();
  return all;
}
