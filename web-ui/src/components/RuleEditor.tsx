import { useRef, useState } from 'preact/hooks';
import type { RuleError } from '../api/types';
import { useRuleValidation } from '../app/useRuleValidation';
import { errorSpan, splitAt } from '../logic/ruleError';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  agent: string;
  initial: string;
  title: string;
  /** Stores the rule; a rejection is shown, and the editor stays open. */
  onSave(expression: string): Promise<unknown>;
  onClose(): void;
}

const EXAMPLE = 'IF error_rate > 15% FOR 2m THEN rollback';

/**
 * Rule text with live validation: as the person types, the server checks the text ({@code validateRule}) and the
 * editor shows the canonical form, or the error with its position marked in a copy of the text below.
 */
export function RuleEditor({ agent, initial, title, onSave, onClose }: Props) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const { state, current } = useRuleValidation(text, agent);
  const answer = state?.answer ?? null;

  const save = async () => {
    setBusy(true);
    setSaveError(null);
    try {
      await onSave(text);
      onClose();
    } catch (failure) {
      setSaveError(failure);
      setBusy(false);
    }
  };

  return (
    <section class="rule-editor" data-testid="rule-editor">
      <h2>{title}</h2>
      <textarea ref={area} aria-label="Rule" rows={3} spellcheck={false} placeholder={EXAMPLE} value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      <div class="rule-status" data-testid="rule-status" aria-live="polite">
        {text.trim() === '' && <span class="muted">Write a rule, e.g. <code>{EXAMPLE}</code></span>}
        {text.trim() !== '' && !current && <span class="muted">Checking…</span>}
        {current && state?.error != null && <ErrorMessage error={state.error} />}
        {current && answer?.valid && (
          <span class="rule-valid" data-testid="rule-valid">Valid: <code>{answer.expression}</code></span>
        )}
        {current && answer?.error && (
          <ErrorAt text={state?.text ?? ''} error={answer.error} select={(start, end) => {
            area.current?.focus();
            area.current?.setSelectionRange(start, end);
          }} />
        )}
      </div>
      <ErrorMessage error={saveError} />
      <div class="dialog-buttons">
        <button type="button" onClick={onClose} disabled={busy}>Cancel</button>
        <button type="button" class="primary" onClick={save} disabled={busy || !current || !answer?.valid}>
          {busy ? 'Saving…' : 'Save rule'}
        </button>
      </div>
    </section>
  );
}

/** The error's message and the checked text with the error's place marked. */
function ErrorAt({ text, error, select }: { text: string; error: RuleError; select(start: number, end: number): void }) {
  const span = error.line != null && error.column != null ? errorSpan(text, { line: error.line, column: error.column, found: error.found }) : null;
  const parts = span ? splitAt(text, span) : null;
  return (
    <div class="rule-error" data-testid="rule-error">
      <strong>{error.message}</strong>
      {span && parts && (
        <>
          {' '}<button type="button" class="link" onClick={() => select(span.start, span.end)}>Go to the error</button>
          <pre class="rule-mirror" data-testid="rule-highlight">{parts.before}<mark data-testid="rule-error-mark"
            data-line={error.line} data-column={error.column}>{parts.marked || ' '}</mark>{parts.after}</pre>
        </>
      )}
    </div>
  );
}
