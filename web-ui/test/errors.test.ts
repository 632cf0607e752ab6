import { describe, expect, it } from 'vitest';
import { ApiError, describe as describeError } from '../src/api/errors';

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
