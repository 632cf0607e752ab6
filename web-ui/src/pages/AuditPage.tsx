import { useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { AUDIT_LOG } from '../api/documents';
import type { AuditEntry, Connection } from '../api/types';
import { useQuery } from '../app/useQuery';
import { ErrorMessage } from '../components/ErrorMessage';
import { timestamp } from '../logic/format';
import { auditFilter, EMPTY_FILTER, type AuditFilterForm } from '../logic/auditFilter';
import { can } from '../auth/roles';
import { session } from '../auth/session';
import { useStore } from '../app/useStore';

interface Answer {
  auditLog: Connection<AuditEntry>;
}

/**
 * The audit log for the roles that may read it (auditLog: OPERATOR and ADMIN, README "Access control"); others, who
 * reach /audit by a link or bookmark, are told so instead of being shown a form that can only be refused.
 */
export function AuditPage() {
  const { viewer } = useStore(session);
  if (!can(viewer?.role, 'readAuditLog')) {
    return (
      <main>
        <h1>Audit log</h1>
        <p class="notice" data-testid="audit-needs-role">
          The audit log needs the OPERATOR or ADMIN role; this token{viewer ? ` (${viewer.name})` : ''} is
          {' '}{viewer?.role ?? 'of another role'}. Ask an admin for a token with one of those roles to read it.
        </p>
      </main>
    );
  }
  return <AuditLog />;
}

/** The audit log, newest first, with its filters (actor, operation, source, outcome, time range). */
function AuditLog() {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_FILTER);
  const [applied, setApplied] = useState<AuditFilterForm>(EMPTY_FILTER);
  const filter = auditFilter(applied);
  const { data, error, loading } = useQuery<Answer>(AUDIT_LOG, { filter });
  const [more, setMore] = useState<{ key: string; entries: AuditEntry[]; cursor: string | null; error: unknown }>(
    { key: '', entries: [], cursor: null, error: null });
  const key = JSON.stringify(filter);
  const extra = more.key === key ? more : { key, entries: [], cursor: null, error: null };
  const entries = [...(data?.auditLog.edges.map((e) => e.node) ?? []), ...extra.entries];
  const cursor = extra.cursor ?? data?.auditLog.pageInfo?.endCursor ?? null;
  const hasMore = extra.entries.length > 0 ? extra.cursor !== null : !!data?.auditLog.pageInfo?.hasNextPage;

  const field = (name: keyof AuditFilterForm, label: string, type = 'text') => (
    <label>{label}
      <input type={type} name={name} value={form[name]}
        onInput={(e) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value })} />
    </label>
  );
  const loadMore = async () => {
    try {
      const page = await graphql<Answer>(AUDIT_LOG, { filter, after: cursor });
      setMore({ key, entries: [...extra.entries, ...page.auditLog.edges.map((e) => e.node)],
        cursor: page.auditLog.pageInfo?.hasNextPage ? page.auditLog.pageInfo.endCursor ?? null : null, error: null });
    } catch (failure) {
      setMore({ ...extra, error: failure });
    }
  };

  return (
    <main>
      <h1>Audit log</h1>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); setApplied(form); }}>
        {field('actor', 'Actor')}
        {field('operation', 'Operation')}
        <label>Source
          <select name="source" value={form.source} onChange={(e) => setForm({ ...form, source: (e.target as HTMLSelectElement).value })}>
            <option value="">any</option>
            {['API', 'SLACK', 'SCHEDULER', 'JUDGE'].map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        {field('outcome', 'Outcome')}
        {field('from', 'From (UTC)', 'datetime-local')}
        {field('to', 'To (UTC)', 'datetime-local')}
        <button type="submit" class="primary">Filter</button>
        <button type="button" onClick={() => { setForm(EMPTY_FILTER); setApplied(EMPTY_FILTER); }}>Clear</button>
      </form>
      <ErrorMessage error={error ?? extra.error} />
      {loading && !data && <p>Loading…</p>}
      {data && entries.length === 0 && <p class="muted">No entries match.</p>}
      {entries.length > 0 && (
        <table class="grid" data-testid="audit-table">
          <thead><tr><th>At</th><th>Actor</th><th>Source</th><th>Operation</th><th>Arguments</th><th>Outcome</th></tr></thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{timestamp(entry.at)}</td>
                <td><div class="cell-text">{entry.actor}</div></td>
                <td>{entry.source}</td>
                <td>{entry.operation}</td>
                <td><code class="arguments">{JSON.stringify(entry.arguments)}</code></td>
                <td class={entry.outcome === 'OK' ? '' : 'outcome-error'}>{entry.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasMore && <button type="button" onClick={loadMore}>Load more</button>}
    </main>
  );
}
