import { useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { AGENT_RULES, CREATE_RULE, DELETE_RULE, SET_DEFAULT_RULES, UPDATE_RULE } from '../api/documents';
import type { AgentRules, TriggerRule } from '../api/types';
import { can } from '../auth/roles';
import { session } from '../auth/session';
import { href, type Location } from '../app/routes';
import { useQuery } from '../app/useQuery';
import { useStore } from '../app/useStore';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { RuleEditor } from '../components/RuleEditor';
import { timestamp } from '../logic/format';
import { planDefaultRules, planDeleteRule } from '../logic/ruleActions';
import type { PlannedChange } from '../logic/trafficActions';

/** What the editor is open for: a new rule, or an existing one. */
type Editing = { kind: 'new' } | { kind: 'edit'; rule: TriggerRule } | null;

interface Pending {
  change: PlannedChange;
  document: string;
  danger: boolean;
}

/**
 * An agent's trigger rules: the list, a new rule or a new revision with live validation, delete, and the switch of
 * the four default rules. Only OPERATOR and ADMIN see the controls (the server refuses others anyway).
 */
export function RulesPage({ location }: { location: Location }) {
  const slug = location.params.slug as string;
  const { data, error, reload } = useQuery<{ agent: AgentRules | null }>(AGENT_RULES, { slug });
  const agent = data?.agent ?? null;
  const { viewer } = useStore(session);
  const editable = can(viewer?.role, 'editRules');
  const [editing, setEditing] = useState<Editing>(null);
  const [pending, setPending] = useState<Pending | null>(null);

  const save = async (expression: string) => {
    if (editing?.kind === 'edit') await graphql(UPDATE_RULE, { id: editing.rule.id, expression });
    else await graphql(CREATE_RULE, { agent: slug, expression });
    reload();
  };

  return (
    <main>
      <nav class="crumbs"><a href="/agents">Agents</a> / <a href={href('/agents/:slug', { slug })}>{slug}</a> / rules</nav>
      <header class="page-header">
        <h1>Rules of {agent?.name ?? slug}</h1>
        <a href={href('/agents/:slug/alerts', { slug })}>Alerts</a>
      </header>
      <ErrorMessage error={error} />
      {data && !agent && <p>No agent {slug}.</p>}
      {agent && (
        <>
          <p class="defaults" data-testid="default-rules">
            Default rules: <strong>{agent.defaultRulesEnabled ? 'on' : 'off'}</strong>
            {editable && (
              <>{' '}<button type="button" onClick={() => setPending({ change: planDefaultRules(slug, !agent.defaultRulesEnabled),
                document: SET_DEFAULT_RULES, danger: agent.defaultRulesEnabled })}>
                {agent.defaultRulesEnabled ? 'Turn default rules off' : 'Turn default rules on'}</button></>
            )}
          </p>
          {agent.rules.length === 0 ? <p class="muted">No rules: nothing watches this agent's deployments.</p> : (
            <RuleTable rules={agent.rules} onEdit={editable ? (rule) => setEditing({ kind: 'edit', rule }) : undefined}
              onDelete={editable ? (rule) => setPending({ change: planDeleteRule(slug, rule), document: DELETE_RULE, danger: true })
                : undefined} />
          )}
          {editable && !editing && (
            <button type="button" class="primary" onClick={() => setEditing({ kind: 'new' })}>New rule</button>
          )}
          {editing && (
            <RuleEditor key={editing.kind === 'edit' ? editing.rule.id : 'new'} agent={slug} onSave={save}
              onClose={() => setEditing(null)}
              initial={editing.kind === 'edit' ? editing.rule.source : ''}
              title={editing.kind === 'edit' ? `Edit rule (revision ${editing.rule.revision + 1})` : 'New rule'} />
          )}
        </>
      )}
      {pending && (
        <ConfirmDialog change={pending.change} danger={pending.danger} onClose={() => setPending(null)}
          onConfirm={() => graphql(pending.document, pending.change.variables).then(reload)} />
      )}
    </main>
  );
}

interface TableProps {
  rules: readonly TriggerRule[];
  onEdit?: (rule: TriggerRule) => void;
  onDelete?: (rule: TriggerRule) => void;
}

function RuleTable({ rules, onEdit, onDelete }: TableProps) {
  return (
    <table class="grid" data-testid="rules-table">
      <thead>
        <tr><th>Rule</th><th>Action</th><th>Severity</th><th>Origin</th><th>Revision</th><th>Last change</th>{onEdit && <th />}</tr>
      </thead>
      <tbody>
        {rules.map((rule) => (
          <tr key={rule.id} data-rule={rule.id}>
            <td><code class="rule-text" data-testid="rule-expression">{rule.expression}</code></td>
            <td>{rule.action.toLowerCase().replace('_', ' ')}</td>
            <td><span class={`severity severity-${rule.severity.toLowerCase()}`}>{rule.severity}</span></td>
            <td>{rule.isDefault ? <span class="badge" data-testid="default-badge">default</span> : <span class="muted">own</span>}</td>
            <td>{rule.revision}</td>
            <td>{timestamp(rule.updatedAt)}</td>
            {onEdit && onDelete && (
              <td class="row-buttons">
                <button type="button" onClick={() => onEdit(rule)}>Edit</button>
                <button type="button" class="danger" onClick={() => onDelete(rule)}>Delete</button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
