import type { Location } from '../app/routes';

export function NotFoundPage({ location }: { location: Location }) {
  return (
    <main>
      <h1>Not found</h1>
      <p>The dashboard has no page at <code>{location.path}</code>. <a href="/agents">Go to the agents.</a></p>
    </main>
  );
}
