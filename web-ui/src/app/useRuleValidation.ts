import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { graphql } from '../api/http';
import { VALIDATE_RULE } from '../api/documents';
import type { RuleValidation } from '../api/types';
import { debounce } from '../logic/debounce';

/** How long typing must pause before the text is checked. */
export const VALIDATE_AFTER_MS = 300;

export interface ValidationState {
  /** The text the answer is about (the editor may hold newer text while the next check waits). */
  text: string;
  answer: RuleValidation | null;
  /** A failed call (not an invalid rule: that is the answer). */
  error: unknown;
}

/**
 * Checks rule text with {@code validateRule(expression, agent)} while the person types: once typing pauses for
 * {@link VALIDATE_AFTER_MS}, with the latest text only; answers to older text are dropped.
 */
export function useRuleValidation(text: string, agent: string): { state: ValidationState | null; current: boolean } {
  const [state, setState] = useState<ValidationState | null>(null);
  const latest = useRef('');
  const check = useMemo(() => debounce((expression: string) => {
    graphql<{ validateRule: RuleValidation }>(VALIDATE_RULE, { expression, agent }).then(
      (answer) => {
        if (latest.current === expression) setState({ text: expression, answer: answer.validateRule, error: null });
      },
      (failure: unknown) => {
        if (latest.current === expression) setState({ text: expression, answer: null, error: failure });
      });
  }, VALIDATE_AFTER_MS), [agent]);

  useEffect(() => () => check.cancel(), [check]);
  useEffect(() => {
    latest.current = text;
    if (text.trim() === '') {
      check.cancel();
      setState(null);
    } else {
      check(text);
    }
  }, [text, check]);

  return { state, current: state !== null && state.text === text };
}
