import { href } from '../app/routes';
import { health } from '../logic/health';

/**
 * An agent's or deployment's health: "healthy", or how many alerts fire, linked to them; "…" while unknown; "not
 * deployed" (neutral) for an agent deployed nowhere.
 */
export function FiringBadge({ agent, count, deployed = true }: { agent: string; count: number | null; deployed?: boolean }) {
  const state = health(count, deployed);
  switch (state.kind) {
    case 'undeployed':
      return <span class="health health-none" data-testid="health">{state.label}</span>;
    case 'checking':
      return <span class="health" data-testid="health" title="Checking for firing alerts">{state.label}</span>;
    case 'healthy':
      return <span class="health health-ok" data-testid="health">{state.label}</span>;
    case 'firing':
      return (
        <a class="health health-firing" data-testid="health" href={href('/agents/:slug/alerts', { slug: agent }, { state: 'FIRING' })}>
          {state.label}
        </a>
      );
  }
}
