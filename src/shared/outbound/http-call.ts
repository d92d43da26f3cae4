import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { AddressPolicy } from './address-policy';
import { guardedLookup, neverResolves, notFound, OutboundRefused } from './guarded-lookup';

export interface OutboundRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Lower than the client's limits for this call (never higher). */
  timeoutMs?: number;
  maxBytes?: number;
  /** Past maxBytes: keep what arrived and stop reading (`truncated` set) instead of failing. */
  truncate?: boolean;
  /**
   * A call between Shortline's own processes, to a URL from the operator's
   * configuration (ANALYTICS_URL, CORE_URL), never from user input: the
   * address policy does not apply (such services live on private addresses).
   * Timeouts, the size cap, the breaker and the bulkheads do.
   */
  internal?: boolean;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body stops at the size cap: the request asked to truncate. */
  truncated: boolean;
  ms: number;
}

export class OutboundTooLarge extends Error {
  constructor(host: string, maxBytes: number) {
    super(`Response from ${host} is larger than ${maxBytes} bytes`);
    this.name = 'OutboundTooLarge';
  }
}

export class OutboundTimeout extends Error {
  constructor(host: string, ms: number, phase: 'connect' | 'response' = 'response') {
    super(phase === 'connect' ? `Could not connect to ${host} within ${ms} ms` : `No complete response from ${host} within ${ms} ms`);
    this.name = 'OutboundTimeout';
  }
}

/**
 * One HTTP(S) exchange, as the outbound client makes it: connects only to
 * addresses the policy permits (IP literals checked here, names at connect time
 * by the guarded lookup), gives up when the connection (DNS, TCP and, for
 * https, TLS) is not up after `connectTimeoutMs` or after `timeoutMs` in all (connect, send,
 * receive), stops reading past `maxBytes`, and follows no redirect: a 3xx is
 * returned as it is, for the caller to judge.
 */
export function httpCall(
  request: OutboundRequest,
  options: { policy: AddressPolicy; connectTimeoutMs: number; timeoutMs: number; maxBytes: number },
): Promise<OutboundResponse> {
  const url = new URL(request.url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | undefined, response?: OutboundResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response!);
    };
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return reject(new OutboundRefused(url.host, `${url.protocol} is not http or https`));
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    const refused = /^[\d.]+$|:/.test(literal) ? options.policy.refusal(literal) : undefined;
    if (refused !== undefined) return reject(new OutboundRefused(url.host, refused));
    // What the guarded lookup would answer, without opening a socket (and, for https, a TLS session) first.
    if (neverResolves(url.hostname)) return reject(notFound(url.hostname));
    const chunks: Buffer[] = [];
    const secure = url.protocol === 'https:';
    const req = (secure ? https : http).request(url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      lookup: guardedLookup(options.policy),
      agent: false,
      ...(secure ? { secureContext: sharedSecureContext() } : {}),
    });
    const respond = (res: http.IncomingMessage, truncated: boolean) =>
      settle(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated, ms: Date.now() - started });
    const fail = (error: Error) => {
      settle(error);
      req.destroy();
    };
    const timer = setTimeout(() => fail(new OutboundTimeout(url.host, options.timeoutMs)), options.timeoutMs);
    req.on('socket', (socket) => {
      const connecting = setTimeout(() => fail(new OutboundTimeout(url.host, options.connectTimeoutMs, 'connect')), options.connectTimeoutMs);
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connecting));
      socket.once('close', () => clearTimeout(connecting));
    });
    req.on('error', (error) => settle(error));
    req.on('response', (res) => {
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          if (!request.truncate) return fail(new OutboundTooLarge(url.host, options.maxBytes));
          chunks.push(chunk.subarray(0, chunk.length - (size - options.maxBytes)));
          respond(res, true);
          return req.destroy();
        }
        chunks.push(chunk);
      });
      res.on('end', () => respond(res, false));
      res.on('error', (error) => settle(error));
    });
    req.end(request.body);
  });
}

let secureContext: tls.SecureContext | undefined;

/**
 * One TLS context (Node's default trust store) for every https call. Without
 * it each connection builds its own, parsing the whole CA list again: that
 * was most of an outbound call's CPU (a link preview's, a webhook's).
 */
function sharedSecureContext(): tls.SecureContext {
  return (secureContext ??= tls.createSecureContext());
}
