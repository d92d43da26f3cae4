import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The fast lane: a module's synchronous handler for its hottest requests, run
 * on the raw Node request before Express builds its request and response
 * objects and walks its router — the larger part of what a cached redirect
 * cost (docs/PERFORMANCE.md). It answers only what it can answer completely and
 * at once (a cached redirect); for anything else it returns false and Express
 * handles the request as usual, the module's hot path included.
 */
export type FastPath = (req: IncomingMessage, res: ServerResponse, lane: FastLane) => boolean;

export interface FastLane {
  /**
   * Called once a fast path has decided to answer, before it writes: gives the
   * request what every request gets (request id, security headers, and — once
   * the fast path returns — the latency metric and the access-log line) under
   * the route pattern `route`. The answer must be written before the fast path
   * returns.
   */
  begin(req: IncomingMessage, res: ServerResponse, route: string): void;
  /** The client's address as Express's req.ip would give it (TRUST_PROXY). */
  clientIp(req: IncomingMessage): string | undefined;
  /**
   * The host the request names as Express's req.host gives it: `Host`, or with
   * TRUST_PROXY a trusted proxy's `X-Forwarded-Host` (port included, as sent).
   */
  host(req: IncomingMessage): string | undefined;
}
