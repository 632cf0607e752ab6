import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { subscribe, type Subscriber } from '../api/live';
import { DEPLOYMENT_CHANGED } from '../api/documents';
import type { Deployment, DeploymentEvent } from '../api/types';
import { withPushedEvents } from '../logic/pushedEvents';
import { changeAnnouncement, isAlarming, type Where } from '../logic/announcements';
import { showToast } from './toasts';

/** Pushed changes a page keeps at most (older ones are in what it loaded since). */
const MAX_PUSHED = 50;

/**
 * Keeps one subscription per set of variables while the component is mounted; the handlers may change on every
 * render without resubscribing.
 */
export function useSubscription<T>(document: string, variables: Record<string, unknown> | null, subscriber: Subscriber<T>) {
  const handlers = useRef(subscriber);
  handlers.current = subscriber;
  const key = variables ? JSON.stringify(variables) : null;
  useEffect(() => {
    if (key === null) return undefined;
    return subscribe<T>(document, JSON.parse(key) as Record<string, unknown>, {
      next: (data) => handlers.current.next(data),
      error: (error) => handlers.current.error?.(error),
      complete: () => handlers.current.complete?.(),
    });
  }, [document, key]);
}

/** Calls {@code onEvent} for every traffic change of these deployments as it is committed, with its deployment. */
export function useDeploymentEvents(deployments: readonly { agent: string; environment: string }[],
  onEvent: (event: DeploymentEvent, where: Where) => void) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = JSON.stringify(deployments.map((d) => [d.agent, d.environment]).sort());
  useEffect(() => {
    const pairs = JSON.parse(key) as [string, string][];
    const stops = pairs.map(([agent, environment]) => subscribe<{ deploymentChanged: DeploymentEvent }>(
      DEPLOYMENT_CHANGED, { agent, environment }, { next: (data) => handler.current(data.deploymentChanged, { agent, environment }) }));
    return () => stops.forEach((stop) => stop());
  }, [key]);
}

/** A traffic change pushed to the page, with its deployment. */
interface Pushed {
  event: DeploymentEvent;
  where: Where;
}

/**
 * For a page that shows these deployments: follows their changes, shows each at once (the returned function brings
 * a loaded deployment forward by the changes pushed since, {@link withPushedEvents}), reloads the page's data, and
 * announces the change in a toast, so that a rollback by the judge, a rule or a colleague does not go unnoticed.
 */
export function useLiveDeployments(deployments: readonly { agent: string; environment: string }[],
  reload: () => void): (deployment: Deployment) => Deployment {
  const [pushed, setPushed] = useState<Pushed[]>([]);
  useDeploymentEvents(deployments, (event, where) => {
    setPushed((old) => [...old, { event, where }].slice(-MAX_PUSHED));
    reload();
    showToast({ id: `event-${event.id}`, text: changeAnnouncement(event, where), tone: isAlarming(event) ? 'danger' : 'info' });
  });
  return useCallback((deployment: Deployment) => withPushedEvents(deployment, pushed
    .filter((p) => p.where.agent === deployment.agent && p.where.environment === deployment.environment)
    .map((p) => p.event)), [pushed]);
}
