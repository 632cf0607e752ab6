/** GraphQL calls of the integration test against a real Tightrope (the conformance run's server). */
export const env = {
  url: process.env['TIGHTROPE_URL'] ?? '',
  runtimeToken: process.env['TIGHTROPE_RUNTIME_TOKEN'] ?? '',
  agent: process.env['TIGHTROPE_AGENT'] ?? '',
  environment: process.env['TIGHTROPE_ENVIRONMENT'] ?? 'production',
  adminToken: process.env['TIGHTROPE_ADMIN_TOKEN'] ?? '',
  stopCommand: process.env['TIGHTROPE_SERVER_STOP'] ?? '',
  startCommand: process.env['TIGHTROPE_SERVER_START'] ?? '',
  bucketSeconds: Number(process.env['TIGHTROPE_OUTCOMES_BUCKET_SECONDS'] ?? '10'),
};

export async function graphql<T = Record<string, unknown>>(token: string, query: string,
  variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${env.url.replace(/\/+$/, '')}/graphql`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const answer = await response.json() as { data?: T; errors?: unknown[] };
  if (answer.errors !== undefined && answer.errors.length > 0) {
    throw new Error(`GraphQL refused: ${JSON.stringify(answer.errors)}`);
  }
  return answer.data as T;
}

export interface ServerRoute { version: number; arm: string; generation: number }

/** The server's route() of each key, asked 100 keys per request (aliases). */
export async function serverRoutes(keys: string[]): Promise<ServerRoute[]> {
  const routes: ServerRoute[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    const chunk = keys.slice(start, start + 100);
    const params = chunk.map((_, i) => `$k${i}: String`).join(', ');
    const fields = chunk.map((_, i) => `r${i}: route(agent: $agent, environment: $environment, routingKey: $k${i}) `
      + '{ version arm generation }').join(' ');
    const variables: Record<string, unknown> = { agent: env.agent, environment: env.environment };
    chunk.forEach((key, i) => { variables[`k${i}`] = key; });
    const data = await graphql<Record<string, ServerRoute>>(env.runtimeToken,
      `query($agent: String!, $environment: String!, ${params}) { ${fields} }`, variables);
    chunk.forEach((_, i) => routes.push(data[`r${i}`] as ServerRoute));
  }
  return routes;
}

/** A traffic mutation by the ADMIN token; its generation (and rollout id). */
export async function traffic(mutation: 'startRollout' | 'advanceRollout' | 'rollback',
  args: { version?: number; weight?: number } = {}): Promise<{ generation: number; rolloutId: string | null }> {
  const declared = Object.keys(args).map((name) => `, $${name}: Int!`).join('');
  const passed = Object.keys(args).map((name) => `, ${name}: $${name}`).join('');
  const data = await graphql<Record<string, { generation: number; rolloutId: string | null }>>(env.adminToken,
    `mutation($agent: String!, $environment: String!${declared}) { ${mutation}(agent: $agent, `
    + `environment: $environment${passed}, reason: "typescript sdk conformance") { generation rolloutId } }`,
    { agent: env.agent, environment: env.environment, ...args });
  return data[mutation] as { generation: number; rolloutId: string | null };
}

/** The propagation status of the deployment's event of `generation` (ACKNOWLEDGED once every runtime has it). */
export async function propagation(generation: number): Promise<string | null> {
  const data = await graphql<{ deployment: { events: { edges: Array<{ node: { generation: number; propagation: { status: string } | null } }> } } }>(
    env.adminToken, 'query($agent: String!, $environment: String!) { deployment(agent: $agent, environment: '
    + '$environment) { events(first: 5) { edges { node { generation propagation { status } } } } } }',
    { agent: env.agent, environment: env.environment });
  const event = data.deployment.events.edges.find((edge) => edge.node.generation === generation);
  return event?.node.propagation?.status ?? null;
}

export interface Comparison {
  stepStartedAt: string;
  metrics: Array<{ metric: string; stableSamples: number; canarySamples: number }>;
}

export async function canaryComparison(rolloutId: string): Promise<Comparison> {
  const data = await graphql<{ canaryComparison: Comparison }>(env.adminToken, 'query($id: ID!) { canaryComparison('
    + 'rolloutId: $id) { stepStartedAt metrics { metric stableSamples canarySamples } } }', { id: rolloutId });
  return data.canaryComparison;
}
