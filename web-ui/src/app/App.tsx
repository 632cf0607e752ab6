import { useEffect, useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { VIEWER } from '../api/documents';
import type { ViewerAnswer } from '../api/types';
import { can } from '../auth/roles';
import { knowViewer, session, signOut } from '../auth/session';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { DemoBanner } from '../components/DemoBanner';
import { Toasts } from '../components/Toasts';
import { ErrorMessage } from '../components/ErrorMessage';
import { location, navigate, onLinkClick } from './navigation';
import { NAV, activeNav, href } from './routes';
import { PAGES } from './pages';
import { useStore } from './useStore';

/** The shell: navigation, who is signed in, the connection banner, and the page of the current URL. */
export function App() {
  const where = useStore(location);
  const { token, viewer } = useStore(session);
  const [viewerError, setViewerError] = useState<unknown>(null);

  useEffect(() => {
    if (!token && !where.public) navigate(href('/login', {}, { next: where.path + window.location.search }), true);
  }, [token, where]);

  useEffect(() => {
    if (!token || viewer) return;
    graphql<ViewerAnswer>(VIEWER).then((answer) => knowViewer(answer.viewer), setViewerError);
  }, [token, viewer]);

  const Page = PAGES[where.page];
  const section = activeNav(where);
  if (where.public) return <div onClick={onLinkClick}><Page location={where} /></div>;
  if (!token) return null;
  return (
    <div class="shell" onClick={onLinkClick}>
      <header class="topbar">
        <a class="brand" href="/agents">Tightrope</a>
        <nav aria-label="Main">
          {NAV.filter((entry) => !entry.needs || can(viewer?.role, entry.needs)).map((entry) => (
            <a key={entry.href} href={entry.href} class={entry.href === section ? 'active' : ''}
              aria-current={entry.href === section ? 'page' : undefined}>{entry.label}</a>
          ))}
        </nav>
        <span class="who" data-testid="who">{viewer ? `${viewer.name} · ${viewer.role}` : '…'}</span>
        <button type="button" class="link" onClick={() => { signOut(); navigate('/login'); }}>Log out</button>
      </header>
      <ConnectionBanner />
      {viewer && <DemoBanner location={where} />}
      <ErrorMessage error={viewerError} />
      {viewer && <Page location={where} />}
      <Toasts />
    </div>
  );
}
