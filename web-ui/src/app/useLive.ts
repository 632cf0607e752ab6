import { useEffect, useRef } from 'preact/hooks';
import { subscribe, type Subscriber } from '../api/live';
import { DEPLOYMENT_CHANGED } from '../api/documents';
import type { DeploymentEvent } from '../api/types';

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

/** Calls {@code onEvent} for every traffic change of these deployments as it is committed. */
export function useDeploymentEvents(deployments: readonly { agent: string; environment: string }[],
  onEvent: (event: DeploymentEvent) => void) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = JSON.stringify(deployments.map((d) => [d.agent, d.environment]).sort());
  useEffect(() => {
    const pairs = JSON.parse(key) as [string, string][];
    const stops = pairs.map(([agent, environment]) => subscribe<{ deploymentChanged: DeploymentEvent }>(
      DEPLOYMENT_CHANGED, { agent, environment }, { next: (data) => handler.current(data.deploymentChanged) }));
    return () => stops.forEach((stop) => stop());
  }, [key]);
}
