import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ApiError, SERVER_CODES, describe as describeError } from '../src/api/errors';

describe('error codes as messages', () => {
  it.each([
    ['UNAUTHENTICATED', {}, /token was not accepted/],
    ['FORBIDDEN', { role: 'VIEWER' }, /Your role \(VIEWER\) may not do this/],
    ['CONFLICT', { currentGeneration: 9 }, /changed this first.*generation 9/],
    ['NOT_FOUND', {}, /Not found/],
    ['UNAVAILABLE', {}, /database cannot be reached; nothing was changed/],
    ['OVERLOADED', {}, /busy/],
    ['INTERNAL', { errorId: 'e-123' }, /Error id e-123/],
  ])('%s', (code, extensions, title) => {
    const error = ApiError.from({ message: 'server says', extensions: { code, ...extensions } });
    expect(error.code).toBe(code);
    expect(describeError(error).title).toMatch(title);
    expect(describeError(error).detail).toBe('server says');
  });

  it('lists every violation of a VALIDATION error', () => {
    const error = ApiError.from({ message: 'Invalid input', extensions: { code: 'VALIDATION',
      violations: [{ path: 'weight', message: 'must be between 0 and 100' }, { path: 'reason', message: 'too long' }] } });
    expect(describeError(error).detail).toBe('weight: must be between 0 and 100; reason: too long');
  });

  it('an unknown code is treated as INTERNAL, a thrown TypeError as a network failure', () => {
    expect(ApiError.from({ message: 'x', extensions: { code: 'SOMETHING_NEW' } }).code).toBe('INTERNAL');
    expect(describeError(new TypeError('Failed to fetch')).title).toMatch(/cannot be reached/);
  });
});

describe('the codes the server can return', () => {
  // the server's enum, read from its source: a code added there fails here until errors.ts knows it
  const java = readFileSync(new URL('../../src/main/java/dev/tightrope/platform/error/ErrorCode.java', import.meta.url), 'utf8');
  const serverCodes = [...java.matchAll(/^ {4}([A-Z_]+)\(\d{3}\)[,;]/gm)].map((m) => m[1]);

  it('are exactly the list in errors.ts', () => {
    expect(serverCodes.length).toBeGreaterThan(10);
    expect([...SERVER_CODES].sort()).toEqual([...serverCodes].sort());
  });

  it.each(serverCodes)('%s is known and has a message of its own', (code) => {
    const error = ApiError.from({ message: 'server says', extensions: { code } });
    expect(error.code).toBe(code);
    if (code !== 'INTERNAL') expect(describeError(error).title).not.toMatch(/Something went wrong/);
  });

  it('FROZEN says when the window ends and why', () => {
    const error = ApiError.from({ message: 'production is frozen', extensions: { code: 'FROZEN',
      frozenUntil: '2026-12-24T18:00:00Z', reason: 'holidays', freezeId: '7' } });
    expect(describeError(error).title).toBe('A release freeze holds until 2026-12-24 18:00:00 UTC (holidays); nothing '
      + 'was changed. Rollbacks and pauses still work.');
  });

  it('APPROVAL_REQUIRED and SOAK_REQUIRED say what to do', () => {
    expect(describeError(ApiError.from({ message: 'x', extensions: { code: 'APPROVAL_REQUIRED' } })).title)
      .toMatch(/second person's approval.*request approval/);
    expect(describeError(ApiError.from({ message: 'x', extensions: { code: 'SOAK_REQUIRED' } })).title)
      .toMatch(/not been stable long enough/);
  });
});
