import { graphql } from './http';
import { AGENTS } from './documents';
import type { AgentSummary, Connection } from './types';

/** At most this many agents are listed (10 pages of 100). */
export const MAX_AGENTS = 1000;

/** Every agent, in creation order, following the pages of {@code agents}. */
export async function allAgents(): Promise<AgentSummary[]> {
  const agents: AgentSummary[] = [];
  let after: string | null = null;
  do {
    const page: { agents: Connection<AgentSummary> } = await graphql(AGENTS, { after });
    agents.push(...page.agents.edges.map((e) => e.node));
    after = page.agents.pageInfo?.hasNextPage ? page.agents.pageInfo.endCursor ?? null : null;
  } while (after && agents.length < MAX_AGENTS);
  return agents;
}

/** Agents whose slug or name contains the text (any case); all for an empty text. */
export function filterAgents(agents: readonly AgentSummary[], text: string): AgentSummary[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [...agents];
  return agents.filter((a) => a.slug.includes(needle) || a.name.toLowerCase().includes(needle));
}
