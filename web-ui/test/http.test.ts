import { afterEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_TIMEOUT_MS, graphql } from '../src/api/http';
import { ApiError, describe as describeError } from '../src/api/errors';

/** A fetch that never answers until aborted, as a stopped server (SIGSTOP) or a stuck proxy behaves. */
function hangingFetch() {
  return vi.fn((_url: string, init?: RequestInit) => new Promise<Response>((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
  }));
}

async function failure(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('the call did not fail');
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('a server that does not answer', () => {
  it('every call is sent with an abort signal and gives up after 15 s', async () => {
    vi.useFakeTimers();
    const fetch = hangingFetch();
    vi.stubGlobal('fetch', fetch);
    const call = failure(graphql('{ agents { edges { node { slug } } } }', {}, 'tr_x'));
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
    expect(fetch.mock.calls[0]?.[1]?.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await call;
    expect(REQUEST_TIMEOUT_MS).toBe(15_000);
    expect(error.code).toBe('TIMEOUT');
    expect(describeError(error).title).toBe('Tightrope did not answer within 15 s. Retry in a moment.');
  });

  it('a mutation without an answer may or may not have been applied', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('fetch', hangingFetch());
    const call = failure(graphql('mutation Rollback($agent: String!) { rollback(agent: $agent) { generation } }',
      { agent: 'support-bot', environment: 'staging' }, 'tr_x'));
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    const { title } = describeError(await call);
    expect(title).toMatch(/^Tightrope did not answer within 15 s\./);
    expect(title).toMatch(/may or may not have been applied: check the deployment's history before retrying/);
  });

  it('a body that stops arriving times out too', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('fetch', vi.fn((_url: string, init?: RequestInit) => Promise.resolve({
      ok: true, status: 200,
      text: () => new Promise<string>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
    } as unknown as Response)));
    const call = failure(graphql('{ viewer { name } }', {}, 'tr_x'));
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    expect((await call).code).toBe('TIMEOUT');
  });

  it('an answer in time clears the timer', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response(JSON.stringify({ data: { viewer: { name: 'a' } } })))));
    await expect(graphql('{ viewer { name } }', {}, 'tr_x')).resolves.toEqual({ viewer: { name: 'a' } });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('answers that are not Tightrope\'s', () => {
  const answer = (status: number, body: string, contentType = 'text/html') => vi.fn(() =>
    Promise.resolve(new Response(body, { status, headers: { 'Content-Type': contentType } })));

  it('a proxy\'s HTML 502 page is named by its status, never printed', async () => {
    vi.stubGlobal('fetch', answer(502, '<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>'));
    const error = await failure(graphql('{ agents { edges { node { slug } } } }', {}, 'tr_x'));
    const view = describeError(error);
    expect(view.detail).toBe('HTTP 502 from the server (not a Tightrope answer)');
    expect(view.title).not.toMatch(/<html|Bad Gateway|report it with the id/);
    expect(view.title).toMatch(/HTTP 502, not Tightrope/);
  });

  it('a JSON 500 that is not GraphQL is not "Empty answer"', async () => {
    vi.stubGlobal('fetch', answer(500, '{"message":"boom"}', 'application/json'));
    const view = describeError(await failure(graphql('{ viewer { name } }', {}, 'tr_x')));
    expect(view.detail).toBe('HTTP 500 from the server (not a Tightrope answer)');
    expect(view.detail).not.toMatch(/Empty answer/);
  });

  it('a mutation answered by a proxy may have been applied behind it', async () => {
    vi.stubGlobal('fetch', answer(504, 'Gateway Timeout', 'text/plain'));
    const view = describeError(await failure(graphql('mutation { rollback(agent: "a") { generation } }', {}, 'tr_x')));
    expect(view.title).toMatch(/may or may not have been applied/);
  });

  it('Tightrope\'s own errors with a non-200 status are still read', async () => {
    vi.stubGlobal('fetch', answer(401, JSON.stringify({ errors: [{ message: 'unknown token',
      extensions: { code: 'UNAUTHENTICATED' } }] }), 'application/json'));
    expect((await failure(graphql('{ viewer { name } }', {}, 'tr_other'))).code).toBe('UNAUTHENTICATED');
  });
});
