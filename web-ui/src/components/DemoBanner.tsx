import { useEffect, useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { DEMO } from '../api/documents';
import type { Demo } from '../api/types';
import { href, type Location } from '../app/routes';
import { afterEvent, explainDemo } from '../logic/demo';
import { useDeploymentEvents } from '../app/useLive';

const DISMISSED = 'tightrope.demo-banner-dismissed';

/** How often the banner asks where the demo stands, while demo mode is on; after a failed call, less often. */
const POLL_MS = 5_000;
const RETRY_MS = 15_000;
/** The first ask waits this long: the page's own data comes first. */
const FIRST_ASK_MS = 1_000;
/** A little more than the demo takes to see a change of its deployment (tightrope.demo.look-every, 2 s). */
const STORY_LOOK_MS = 2_500;

function dismissedBefore(): boolean {
  try {
    return sessionStorage.getItem(DISMISSED) === 'yes';
  } catch {
    return false;
  }
}

/**
 * Where the demo stands: asked a second after the page opened, then every {@link POLL_MS} while the server runs the
 * demo; a server without it (production) is asked once only.
 */
function useDemo(active: boolean): Demo | null {
  const [demo, setDemo] = useState<Demo | null>(null);
  const [asked, setAsked] = useState(0);
  // a change of the demo's deployment shows at once, and the server is asked again once its story has moved on
  useDeploymentEvents(demo?.enabled && demo.agent && demo.environment
    ? [{ agent: demo.agent, environment: demo.environment }] : [], (event) => {
    setDemo((current) => current && afterEvent(current, event));
    setTimeout(() => setAsked((n) => n + 1), STORY_LOOK_MS);
  });
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
    timer = setTimeout(load, asked === 0 ? FIRST_ASK_MS : 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, asked]);
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
