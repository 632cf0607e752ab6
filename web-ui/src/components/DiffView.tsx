import type { ComponentDiff } from '../api/types';
import { diffRows, type Part } from '../logic/diffRows';

const KIND_LABELS: Record<string, string> = {
  PROMPT: 'System prompt', MODEL: 'Model', TOOLS: 'Tools', GUARDRAILS: 'Guardrails', KNOWLEDGE_BASE: 'Knowledge base',
};

/** Two versions compared component by component; changed words are highlighted within changed lines. */
export function DiffView({ components }: { components: readonly ComponentDiff[] }) {
  return (
    <div class="diff" data-testid="diff">
      {components.map((c) => (
        <section key={c.kind} class={`diff-component ${c.changed ? 'changed' : 'unchanged'}`} data-kind={c.kind}>
          <h3>
            {KIND_LABELS[c.kind] ?? c.kind}{' '}
            <span class="muted">v{c.fromVersion} → v{c.toVersion}</span>{' '}
            {c.changed ? <span class="diff-stat">+{c.linesAdded} −{c.linesRemoved}</span> : <span class="muted">unchanged</span>}
          </h3>
          {c.changed && <Lines unified={c.unifiedDiff} />}
        </section>
      ))}
    </div>
  );
}

function Lines({ unified }: { unified: string }) {
  return (
    <pre class="diff-lines">
      {diffRows(unified).map((row, i) => {
        switch (row.kind) {
          case 'header':
          case 'hunk':
            return <div key={i} class={`line line-${row.kind}`}>{row.text}</div>;
          case 'same':
            return <div key={i} class="line line-same">{' '}{row.text}</div>;
          case 'removed':
            return <div key={i} class="line line-removed">-<Parts parts={row.parts} tag="del" /></div>;
          case 'added':
            return <div key={i} class="line line-added">+<Parts parts={row.parts} tag="ins" /></div>;
        }
      })}
    </pre>
  );
}

function Parts({ parts, tag }: { parts: Part[]; tag: 'del' | 'ins' }) {
  const Tag = tag;
  return <>{parts.map((p, i) => (p.changed ? <Tag key={i}>{p.text}</Tag> : <span key={i}>{p.text}</span>))}</>;
}
