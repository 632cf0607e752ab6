import { createClient, type Client } from 'graphql-ws';
import { ApiError, type GraphQLErrorEntry } from './errors';
import { createStore } from '../logic/store';
import { SESSION_ENDED, session, signOut } from '../auth/session';

/**
 * Subscriptions over one WebSocket ({@code graphql-transport-ws} on /graphql). The token goes in the
 * connection_init payload ({"authorization": "Bearer tr_…"}), because a browser cannot set headers on a WebSocket.
 *
 * <p>{@link connection} says how the socket stands, for the "disconnected / reconnecting" banner: "idle" while no
 * subscription needs it. When the socket drops, the client reconnects with backoff and subscribes again, and
 * {@link reconnections} counts up, so a page can reload what it may have missed.
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

export const connection = createStore<ConnectionState>('idle');

/** Counts reconnections: pages reload what they show when it changes (events sent meanwhile were missed). */
export const reconnections = createStore(0);

/** Close code of the server for a token that is malformed, unknown, expired or revoked. */
const TOKEN_REFUSED = 4403;

/**
 * A server can fall silent without closing the socket (stopped, frozen, a proxy or network that drops packets): the
 * browser then notices nothing for minutes. So the client pings every {@link KEEP_ALIVE_MS}; without the pong within
 * {@link PONG_TIMEOUT_MS} the socket counts as lost: the banner shows, and the client drops it and reconnects.
 */
export const KEEP_ALIVE_MS = 10_000;
export const PONG_TIMEOUT_MS = 5_000;
/** A socket that opens but is never acknowledged (connection_ack) is given up after this, and tried again. */
export const ACK_TIMEOUT_MS = 10_000;

let client: Client | null = null;
let clientToken: string | null = null;
let everConnected = false;

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

function liveClient(): Client {
  const token = session.get().token;
  if (client && clientToken === token) return client;
  if (client) disposeQuietly(client);
  clientToken = token;
  everConnected = false;
  let pongDue: ReturnType<typeof setTimeout> | undefined;
  const created: Client = createClient({
    url: socketUrl(),
    connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
    lazy: true,
    lazyCloseTimeout: 2000,
    keepAlive: KEEP_ALIVE_MS,
    connectionAckWaitTimeout: ACK_TIMEOUT_MS,
    retryAttempts: Infinity,
    shouldRetry: (event) => !(isCloseEvent(event) && event.code === TOKEN_REFUSED),
    retryWait: async (retries) => {
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** retries, 10_000)));
    },
    on: {
      ping: (received) => {
        if (received) return; // the server's ping: the client answers it
        clearTimeout(pongDue);
        pongDue = setTimeout(() => {
          // silent: say so at once, and drop the socket (terminate() does not wait for a close handshake that a
          // silent server never answers); the client then reconnects with backoff, as after any other drop
          if (client === created) connection.set('reconnecting');
          created.terminate();
        }, PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongDue);
      },
      connecting: () => connection.set(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        if (everConnected) reconnections.set(reconnections.get() + 1);
        everConnected = true;
        connection.set('connected');
      },
      closed: (event) => {
        clearTimeout(pongDue);
        if (client !== created) return; // an old client, replaced at a change of token
        if (isCloseEvent(event) && event.code === TOKEN_REFUSED) {
          signOut(SESSION_ENDED);
          return;
        }
        const normal = isCloseEvent(event) && event.code === 1000; // no subscription needs the socket any more
        if (normal) everConnected = false;
        connection.set(normal ? 'idle' : 'reconnecting');
      },
    },
  });
  client = created;
  return client;
}

/**
 * Ends a client. Its dispose() waits for a connection still being opened, and rejects with that connection's close
 * event when it was refused (a revoked token: 4403); the client is gone either way, so that is not an error.
 */
function disposeQuietly(old: Client): void {
  Promise.resolve(old.dispose()).catch(() => undefined);
}

function isCloseEvent(event: unknown): event is { code: number; reason: string } {
  return typeof event === 'object' && event !== null && 'code' in event;
}

session.subscribe((current) => {
  if (current.token !== clientToken && client) {
    disposeQuietly(client);
    client = null;
    connection.set('idle');
  }
});

export interface Subscriber<T> {
  next(data: T): void;
  error?(error: ApiError): void;
  complete?(): void;
}

/** Subscribes; returns the function that ends the subscription. */
export function subscribe<T>(document: string, variables: Record<string, unknown>, subscriber: Subscriber<T>): () => void {
  return liveClient().subscribe<T>({ query: document, variables }, {
    next: (message) => {
      const first = (message.errors as GraphQLErrorEntry[] | undefined)?.[0];
      if (first) subscriber.error?.(ApiError.from(first));
      else if (message.data) subscriber.next(message.data as T);
    },
    error: (failure) => subscriber.error?.(toApiError(failure)),
    complete: () => subscriber.complete?.(),
  });
}

function toApiError(failure: unknown): ApiError {
  if (Array.isArray(failure) && failure[0]) return ApiError.from(failure[0] as GraphQLErrorEntry);
  if (isCloseEvent(failure)) return new ApiError('NETWORK', `connection closed (${failure.code} ${failure.reason})`);
  return ApiError.network(failure);
}
