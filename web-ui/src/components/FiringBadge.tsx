import { href } from '../app/routes';

/** An agent's or deployment's health: "healthy", or how many alerts fire, linked to them; "…" while unknown. */
export function FiringBadge({ agent, count }: { agent: string; count: number | null }) {
  if (count === null) return <span class="health" data-testid="health" title="Checking for firing alerts">…</span>;
  if (count === 0) return <span class="health health-ok" data-testid="health">healthy</span>;
  return (
    <a class="health health-firing" data-testid="health" href={href('/agents/:slug/alerts', { slug: agent }, { state: 'FIRING' })}>
      {count} firing
    </a>
  );
}
