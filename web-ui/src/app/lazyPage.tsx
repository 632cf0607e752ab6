import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Location } from './routes';

type Page = ComponentType<{ location: Location }>;

/**
 * A page whose code loads when it is first shown: pages few people open (change requests, freezes) stay out of the
 * JavaScript every page loads. "Loading…" meanwhile; the module is asked for once.
 */
export function lazyPage(load: () => Promise<Page>): Page {
  let loaded: Page | null = null;
  let loading: Promise<Page> | null = null;
  return function LazyPage(props: { location: Location }) {
    const [page, setPage] = useState<Page | null>(loaded);
    useEffect(() => {
      if (page) return undefined;
      let gone = false;
      loading ??= load().then((component) => (loaded = component));
      loading.then((component) => { if (!gone) setPage(() => component); });
      return () => { gone = true; };
    }, [page]);
    const Loaded = page;
    return Loaded ? <Loaded {...props} /> : <main><p>Loading…</p></main>;
  };
}
