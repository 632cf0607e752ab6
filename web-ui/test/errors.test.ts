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

describe('messages that fit the situation', () => {
  const scoped = { code: 'FORBIDDEN', role: 'OPERATOR', agents: ['xss-bot'], environments: [] };

  it('a refusal by the token\'s scope names the scope, not the role', () => {
    const error = ApiError.from({ message: "The API token 'scoped1' is limited to agents xss-bot; rollback on "
      + 'support-bot/staging is outside that scope.', extensions: scoped },
    { mutation: true, agent: 'support-bot', environment: 'staging' });
    const { title } = describeError(error);
    expect(title).toBe('This token does not reach support-bot in staging: it is limited to agent xss-bot. '
      + 'Nothing was changed.');
    expect(title).not.toMatch(/Your role/);
  });

  it('a scope of environments, without the request known', () => {
    const error = ApiError.from({ message: 'x', extensions: { code: 'FORBIDDEN', role: 'OPERATOR', agents: [],
      environments: ['staging', 'dev'] } });
    expect(describeError(error).title).toBe('This token does not reach this: it is limited to environments staging, dev. '
      + 'Nothing was changed.');
  });

  it('a refusal by the role still blames the role', () => {
    const error = ApiError.from({ message: 'x', extensions: { code: 'FORBIDDEN', role: 'VIEWER' } });
    expect(describeError(error).title).toBe('Your role (VIEWER) may not do this. Nothing was changed.');
  });

  it('on the login page, a refused token is not told to log in again', () => {
    const error = ApiError.from({ message: 'unknown token', extensions: { code: 'UNAUTHENTICATED' } });
    expect(describeError(error, { login: true }).title).not.toMatch(/Log in again/);
    expect(describeError(error, { login: true }).title).toMatch(/This token was not accepted/);
    expect(describeError(error).title).toMatch(/Log in again/);
  });

  it('a RUNTIME token at login is told that the dashboard needs VIEWER or above', () => {
    const error = ApiError.from({ message: "Role RUNTIME may not run the query 'viewer' (allowed: VIEWER+).",
      extensions: { code: 'FORBIDDEN', role: 'RUNTIME' } });
    const { title } = describeError(error, { login: true });
    expect(title).toMatch(/dashboard needs a VIEWER, OPERATOR or ADMIN token/);
    expect(title).not.toMatch(/Nothing was changed/);
  });

  it('INTERNAL mentions the id only when there is one', () => {
    const without = describeError(ApiError.from({ message: 'x', extensions: { code: 'INTERNAL' } })).title;
    expect(without).toBe('Something went wrong on the server. Please report it.');
    expect(without).not.toMatch(/id/);
    expect(describeError(ApiError.from({ message: 'x', extensions: { code: 'INTERNAL', errorId: 'e-1' } })).title)
      .toBe('Something went wrong on the server. Error id e-1: please report it with the id.');
  });

  it('a mutation that could not be sent or answered says its outcome is unknown', () => {
    expect(describeError(ApiError.network(new TypeError('Failed to fetch'), { mutation: true })).title)
      .toMatch(/may or may not have been applied/);
    expect(describeError(ApiError.network(new TypeError('Failed to fetch'), { mutation: false })).title)
      .toBe('Tightrope cannot be reached. Check your connection and retry.');
  });
});
