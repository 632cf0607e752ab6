import { expect, it } from 'vitest';
import { diffRows } from '../src/logic/diffRows';

const README_DIFF = '--- prompt v1\n+++ prompt v2\n@@ -1,5 +1,5 @@\n You are the support assistant of Acme.\n'
  + '-Refunds up to $50 need no approval.\n+Refunds up to $500 need no approval.\n Answer in the language of the customer.\n'
  + ' \n --- other fields ---';

it('marks only the changed words of a changed line', () => {
  const rows = diffRows(README_DIFF);
  expect(rows.map((r) => r.kind)).toEqual(['header', 'header', 'hunk', 'same', 'removed', 'added', 'same', 'same', 'same']);
  const removed = rows[4];
  const added = rows[5];
  if (removed?.kind !== 'removed' || added?.kind !== 'added') throw new Error('rows out of order');
  expect(removed.parts.filter((p) => p.changed).map((p) => p.text)).toEqual(['50']);
  expect(added.parts.filter((p) => p.changed).map((p) => p.text)).toEqual(['500']);
  expect(added.parts.map((p) => p.text).join('')).toBe('Refunds up to $500 need no approval.');
});

it('lines without a partner are wholly changed', () => {
  const rows = diffRows('@@ -1,2 +1,1 @@\n-one\n-two\n+uno\n');
  expect(rows.map((r) => r.kind)).toEqual(['hunk', 'removed', 'removed', 'added']);
  const second = rows[2];
  expect(second?.kind === 'removed' && second.parts).toEqual([{ text: 'two', changed: true }]);
});

it('an empty diff has no rows', () => {
  expect(diffRows('')).toEqual([]);
});
