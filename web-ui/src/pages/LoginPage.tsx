import { useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { VIEWER } from '../api/documents';
import type { ViewerAnswer } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { ApiError } from '../api/errors';
import { safeNext } from '../app/routes';
import { session, signIn } from '../auth/session';
import { navigate } from '../app/navigation';
import { useStore } from '../app/useStore';
import type { Location } from '../app/routes';

/** Signs in with an API token: checked with {@code viewer}, then kept in sessionStorage for this tab. */
export function LoginPage({ location }: { location: Location }) {
  const { endedBecause } = useStore(session);
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const secret = token.trim();
    if (!secret) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await graphql<ViewerAnswer>(VIEWER, {}, secret);
      if (answer.viewer.role === 'RUNTIME') {
        throw new ApiError('FORBIDDEN', 'A RUNTIME token may only route and report outcomes.', { role: 'RUNTIME' });
      }
      signIn(secret, answer.viewer);
      navigate(safeNext(location.query.get('next')), true);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <h1>Tightrope</h1>
      {endedBecause && <p class="notice" role="alert" data-testid="session-ended">{endedBecause}</p>}
      <form onSubmit={submit}>
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="off" placeholder="tr_…" value={token}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
        <button type="submit" class="primary" disabled={busy || !token.trim()}>{busy ? 'Checking…' : 'Log in'}</button>
      </form>
      <ErrorMessage error={error} login />
      <section class="help">
        <h2>Where do I get a token?</h2>
        <p>
          In dev mode (<code>mvn quarkus:dev</code>) the very first start prints an ADMIN token once, in a framed block
          of the log: <q>Dev mode: a first ADMIN API token was generated…</q>. Delete <code>.tightrope/</code> to start
          over and get a new one.
        </p>
        <p>
          Elsewhere the first ADMIN token is the one set in <code>TIGHTROPE_BOOTSTRAP_ADMIN_TOKEN</code>. An ADMIN gives
          everyone else a token of their own with <code>createApiToken</code>: <code>VIEWER</code> to watch,
          {' '}<code>OPERATOR</code> to release and roll back.
        </p>
        <p>The token stays in this browser tab only (sessionStorage) and is forgotten when you close it or log out.</p>
      </section>
    </main>
  );
}
