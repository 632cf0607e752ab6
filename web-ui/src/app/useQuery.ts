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
 * Runs a GraphQL query when the component mounts or its variables change, again after the live connection
 * reconnected (events may have been missed), and every {@code pollSeconds} if given.
 */
export function useQuery<T>(document: string, variables: Record<string, unknown>, pollSeconds?: number): QueryState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(variables);
  const latest = useRef(0);
  const reconnected = useStore(reconnections);

  const load = useCallback(() => {
    const call = ++latest.current;
    setLoading(true);
    graphql<T>(document, JSON.parse(key) as Record<string, unknown>).then(
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
  }, [document, key]);

  useEffect(() => {
    load();
    if (!pollSeconds) return undefined;
    const timer = setInterval(load, pollSeconds * 1000);
    return () => clearInterval(timer);
  }, [load, pollSeconds, reconnected]);

  return { data, error, loading, reload: load };
}
