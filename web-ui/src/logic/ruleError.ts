/**
 * Where a rule error stands in the text the person typed, for highlighting it. The server gives the line and
 * column of the error (from 1, counted in characters as JavaScript counts them) and what it found there: a quoted
 * token ("'150%'") or "the end of the rule". The highlight covers the token when the text holds it at that place,
 * else the word that starts there, else one character; at the end of the text it is an empty span at the end.
 * <pre>
 *   "IF error_rate > 150% THEN rollback", line 1, column 17, found '150%'   → offsets 16..20 ("150%")
 *   "IF error_rate >\n 5% FOR 5m THEN alrt", line 2, column 17, found 'alrt' → offsets 32..36 ("alrt")
 *   "IF error_rate >", line 1, column 16, found the end of the rule          → offsets 15..15 (the end)
 * </pre>
 */
export interface RuleErrorPosition {
  line: number;
  column: number;
  found?: string | null;
}

export interface Span {
  start: number;
  end: number;
}

/** The offset of a line and column (from 1) in the text, clamped to the text. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const limit = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + Math.max(0, column - 1), limit);
}

export function errorSpan(text: string, position: RuleErrorPosition): Span {
  const start = offsetOf(text, position.line, position.column);
  if (start >= text.length) return { start: text.length, end: text.length };
  const token = quoted(position.found);
  if (token && text.startsWith(token, start)) return { start, end: start + token.length };
  const word = /^[\p{L}\p{N}_%.]+/u.exec(text.slice(start));
  return { start, end: start + (word ? word[0].length : 1) };
}

/** The token inside the server's quotes; null for "the end of the rule", "nothing" or a shortened token ("…"). */
function quoted(found: string | null | undefined): string | null {
  if (!found || found.length < 3 || !found.startsWith("'") || !found.endsWith("'")) return null;
  const token = found.slice(1, -1);
  return token.endsWith('…') ? null : token;
}

/** The text cut around the span, for showing it with the error marked. */
export function splitAt(text: string, span: Span): { before: string; marked: string; after: string } {
  return { before: text.slice(0, span.start), marked: text.slice(span.start, span.end), after: text.slice(span.end) };
}
