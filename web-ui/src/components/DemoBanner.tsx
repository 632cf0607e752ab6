import { useEffect, useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { DEMO } from '../api/documents';
import type { Demo } from '../api/types';
import { href, type Location } from '../app/routes';
import { explainDemo } from '../logic/demo';

const DISMISSED = 'tightrope.demo-banner-dismissed';

/** How often the banner asks where the demo stands, while demo mode is on; after a failed call, less often. */
const POLL_MS = 5_000;
const RETRY_MS = 15_000;

function dismissedBefore(): boolean {
  try {
    return sessionStorage.getItem(DISMISSED) === 'yes';
  } catch {
    return false;
  }
}

/**
 * Where the demo stands: asked once, then every {@link POLL_MS} while the server runs the demo; a server without it
 * (production) is asked once only.
 */
function useDemo(active: boolean): Demo | null {
  const [demo, setDemo] = useState<Demo | null>(null);
  useEffect(() => {
    if (!active) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => graphql<{ demo: Demo }>(DEMO).then(
      (answer) => {
        if (stopped) return;
        setDemo(answer.demo);
        if (answer.demo.enabled) timer = setTimeout(load, POLL_MS);
      },
      () => {
        if (!stopped) timer = setTimeout(load, RETRY_MS);
      });
    load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active]);
  return demo;
}

/**
 * Explains demo mode on the agents list and the demo agent's pages: what is being rolled out, why it is worse, and
 * what will roll it back. Shown only while the server runs the demo; hidden for this tab once dismissed.
 */
export function DemoBanner({ location }: { location: Location }) {
  const [dismissed, setDismissed] = useState(dismissedBefore);
  const demo = useDemo(!dismissed);
  if (dismissed || !demo) return null;
  const onItsPages = location.page === 'agents' || (location.params.slug !== undefined && location.params.slug === demo.agent);
  const text = explainDemo(demo);
  if (!text || !onItsPages) return null;
  const dismiss = () => {
    try {
      sessionStorage.setItem(DISMISSED, 'yes');
    } catch {
      // a tab without storage: hidden until the next load
    }
    setDismissed(true);
  };
  const watching = location.page === 'rollout' && location.params.rolloutId === text.rolloutId;
  return (
    <aside class="banner banner-demo" aria-label="About this demo" data-testid="demo-banner">
      <div>
        <strong>{text.headline}</strong>
        {' '}{text.detail}
        {text.rolloutId && !watching && demo.agent && (
          <>{' '}<a href={href('/agents/:slug/rollouts/:rolloutId', { slug: demo.agent, rolloutId: text.rolloutId })}>
            Watch the rollout</a></>
        )}
      </div>
      <button type="button" class="link" onClick={dismiss} aria-label="Dismiss the demo explanation">Dismiss</button>
    </aside>
  );
}
