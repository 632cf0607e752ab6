import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The options the live client was created with, and the fake client: graphql-ws itself is not under test. */
const created: { options: any; client: any }[] = [];
vi.mock('graphql-ws', () => ({
  createClient: (options: any) => {
    const client = {
      subscribe: vi.fn(() => () => undefined),
      terminate: vi.fn(() => options.on.closed({ code: 4499, reason: 'Terminated' })),
      dispose: vi.fn(),
    };
    created.push({ options, client });
    return client;
  },
}));

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('window', { location: { protocol: 'http:', host: 'localhost:8080' } });
  created.length = 0;
  vi.resetModules();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function connectedClient() {
  const live = await import('../src/api/live');
  live.subscribe('subscription { x }', {}, { next: () => undefined });
  const { options, client } = created[0]!;
  options.on.connecting(false);
  options.on.connected({}, undefined, false);
  expect(live.connection.get()).toBe('connected');
  return { live, options, client };
}

describe('a live socket that falls silent', () => {
  it('pings the server at a keep-alive interval', async () => {
    const { live, options } = await connectedClient();
    expect(options.keepAlive).toBe(live.KEEP_ALIVE_MS);
    expect(live.KEEP_ALIVE_MS).toBeGreaterThan(0);
    expect(options.connectionAckWaitTimeout).toBeGreaterThan(0);
  });

  it('without a pong in time, the badge leaves "live" and the socket is dropped to reconnect', async () => {
    const { live, options, client } = await connectedClient();
    options.on.ping(false); // the client sent its ping
    vi.advanceTimersByTime(live.PONG_TIMEOUT_MS - 1);
    expect(live.connection.get()).toBe('connected');
    vi.advanceTimersByTime(1);
    expect(live.connection.get()).toBe('reconnecting');
    expect(client.terminate).toHaveBeenCalledTimes(1);
    // the retry that follows keeps saying so until it is acknowledged
    options.on.connecting(true);
    expect(live.connection.get()).toBe('reconnecting');
    options.on.connected({}, undefined, true);
    expect(live.connection.get()).toBe('connected');
    expect(live.reconnections.get()).toBe(1);
  });

  it('a pong in time keeps the connection', async () => {
    const { live, options, client } = await connectedClient();
    options.on.ping(false);
    vi.advanceTimersByTime(live.PONG_TIMEOUT_MS - 100);
    options.on.pong(true);
    vi.advanceTimersByTime(live.PONG_TIMEOUT_MS * 3);
    expect(live.connection.get()).toBe('connected');
    expect(client.terminate).not.toHaveBeenCalled();
  });

  it('the server\'s own pings are answered by the client and start no timer', async () => {
    const { live, options, client } = await connectedClient();
    options.on.ping(true);
    vi.advanceTimersByTime(live.PONG_TIMEOUT_MS * 3);
    expect(client.terminate).not.toHaveBeenCalled();
    expect(live.connection.get()).toBe('connected');
  });
});
