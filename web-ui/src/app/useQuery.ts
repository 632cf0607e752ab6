import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { reconnections } from '../api/live';
import { useStore } from './useStore';

export interface QueryState<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload(): void;
}

/**
 * Runs a loader when the component mounts or its key changes, again after the live connection reconnected (events
 * may have been missed), and every {@code pollSeconds} if given. Answers of outdated calls are dropped.
 */
export function useLoader<T>(load: () => Promise<T>, key: string, pollSeconds?: number): QueryState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  const reconnected = useStore(reconnections);

  const run = useCallback(() => {
    const call = ++latest.current;
    setLoading(true);
    loader.current().then(
      (answer) => {
        if (call !== latest.current) return;
        setData(answer);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (call !== latest.current) return;
        setError(failure);
        setLoading(false);
      });
  }, [key]);

  useEffect(() => {
    run();
    if (!pollSeconds) return undefined;
    const timer = setInterval(run, pollSeconds * 1000);
    return () => clearInterval(timer);
  }, [run, pollSeconds, reconnected]);

  return { data, error, loading, reload: run };
}

/** {@link useLoader} for one GraphQL document and its variables. */
export function useQuery<T>(document: string, variables: Record<string, unknown>, pollSeconds?: number): QueryState<T> {
  const key = JSON.stringify([document, variables]);
  return useLoader(() => graphql<T>(document, variables), key, pollSeconds);
}
