import { graphql } from './http';
import { AGENTS } from './documents';
import type { AgentSummary, Connection } from './types';

/** At most this many agents are listed (10 pages of 100). */
export const MAX_AGENTS = 1000;

/**
 * The first page is small, so that the list is on screen after one short call however many agents there are; the
 * others are as large as the API allows.
 */
export const FIRST_PAGE = 25;
const NEXT_PAGES = 100;

/**
 * Every agent, in creation order, following the pages of {@code agents}; {@code onPage} hears the agents so far
 * after each page (the list shows them while the rest loads).
 */
export async function allAgents(onPage?: (soFar: AgentSummary[]) => void): Promise<AgentSummary[]> {
  const agents: AgentSummary[] = [];
  let after: string | null = null;
  do {
    const page: { agents: Connection<AgentSummary> } = await graphql(AGENTS,
      { after, first: agents.length === 0 ? FIRST_PAGE : NEXT_PAGES });
    agents.push(...page.agents.edges.map((e) => e.node));
    after = page.agents.pageInfo?.hasNextPage ? page.agents.pageInfo.endCursor ?? null : null;
    if (after) onPage?.([...agents]);
  } while (after && agents.length < MAX_AGENTS);
  return agents;
}

/** Agents whose slug or name contains the text (any case); all for an empty text. */
export function filterAgents(agents: readonly AgentSummary[], text: string): AgentSummary[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [...agents];
  return agents.filter((a) => a.slug.includes(needle) || a.name.toLowerCase().includes(needle));
}
