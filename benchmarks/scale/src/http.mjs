// GraphQL over HTTP with node:http: keep-alive agents with a bounded pool, loopback only.
import http from 'node:http';
import { lookup } from 'node:dns/promises';
import net from 'node:net';

/** Monotonic milliseconds (CLOCK_MONOTONIC: the same clock in every process of this machine). */
export function monoMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Refuses any URL whose host does not resolve to a loopback address. */
export async function requireLoopback(url) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host) ? [{ address: host }] : await lookup(host, { all: true });
  for (const { address } of addresses) {
    const loop = net.isIPv4(address) ? address.startsWith('127.') : address === '::1';
    if (!loop) throw new Error(`refusing ${url}: ${address} is not a loopback address`);
  }
}

export function agent(maxSockets) {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'fifo' });
}

export class GraphQLError extends Error {}

/**
 * One GraphQL operation over POST /graphql. Resolves to `data`; rejects on a transport error, a status other than
 * 200, or `errors` in the answer. `timeoutMs` bounds the whole exchange.
 */
export function post(base, { agent: pool, token, query, variables, timeoutMs = 10_000, raw = false }) {
  const body = Buffer.from(JSON.stringify({ query, variables }));
  const u = new URL('/graphql', base);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: pool,
      headers: {
        'content-type': 'application/json', accept: 'application/json', 'content-length': body.length,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new GraphQLError(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
        if (raw) return resolve(text);
        let json;
        try { json = JSON.parse(text); } catch (e) { return reject(new GraphQLError(`not JSON: ${text.slice(0, 200)}`)); }
        if (json.errors?.length) return reject(new GraphQLError(`GraphQL error: ${JSON.stringify(json.errors).slice(0, 400)}`));
        resolve(json.data);
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => { clearTimeout(timer); reject(e); });
    req.end(body);
  });
}
