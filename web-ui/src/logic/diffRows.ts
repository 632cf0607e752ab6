import { diffWordsWithSpace } from 'diff';

/**
 * A unified diff (the API's {@code unifiedDiff}) as rows to draw side by side with the changed words marked:
 * each run of removed lines is paired with the run of added lines that follows it, and each pair is compared word
 * by word, so "Refunds up to $50" → "Refunds up to $500" highlights only "50" / "500".
 */
export interface Part {
  text: string;
  changed: boolean;
}

export type Row =
  | { kind: 'header'; text: string }
  | { kind: 'hunk'; text: string }
  | { kind: 'same'; text: string }
  | { kind: 'removed'; parts: Part[] }
  | { kind: 'added'; parts: Part[] };

export function diffRows(unified: string): Row[] {
  const lines = unified.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const rows: Row[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    const pairs = Math.min(removed.length, added.length);
    const left: Row[] = [];
    const right: Row[] = [];
    removed.forEach((line, i) => {
      if (i < pairs) {
        const [oldParts, newParts] = wordParts(line, added[i] as string);
        left.push({ kind: 'removed', parts: oldParts });
        right.push({ kind: 'added', parts: newParts });
      } else {
        left.push({ kind: 'removed', parts: [{ text: line, changed: true }] });
      }
    });
    added.slice(pairs).forEach((line) => right.push({ kind: 'added', parts: [{ text: line, changed: true }] }));
    rows.push(...left, ...right);
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.startsWith('--- ') || line.startsWith('+++ ')) {
      flush();
      rows.push({ kind: 'header', text: line });
    } else if (line.startsWith('@@')) {
      flush();
      rows.push({ kind: 'hunk', text: line });
    } else if (line.startsWith('-')) {
      if (added.length > 0) flush();
      removed.push(line.slice(1));
    } else if (line.startsWith('+')) {
      added.push(line.slice(1));
    } else {
      flush();
      rows.push({ kind: 'same', text: line.startsWith(' ') ? line.slice(1) : line });
    }
  }
  flush();
  return rows;
}

function wordParts(before: string, after: string): [Part[], Part[]] {
  const oldParts: Part[] = [];
  const newParts: Part[] = [];
  for (const change of diffWordsWithSpace(before, after)) {
    if (!change.added) oldParts.push({ text: change.value, changed: !!change.removed });
    if (!change.removed) newParts.push({ text: change.value, changed: !!change.added });
  }
  return [oldParts, newParts];
}
