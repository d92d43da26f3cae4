import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Counter, Gauge, type Registry } from 'prom-client';

export interface RunningServer {
  server: http.Server;
  port: number;
  /**
   * Stops accepting connections and waits for in-flight requests to finish, up to
   * `timeoutMs`; connections still open after that are cut. Resolves `true` if
   * everything finished in time.
   */
  close(timeoutMs: number): Promise<boolean>;
}

/** How long a client may take, and how many may be connected at once (HTTP_* settings). */
export interface ServerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

/** How often Node checks connections against the header and request timeouts (its default, 30 s, would let a 10 s limit run to 40 s). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/** Listens with `limits`; without them (a benchmark's bare baseline), with Node's own defaults. */
export async function listen(app: Express, host: string, port: number, limits?: ServerLimits): Promise<RunningServer> {
  const server = limits
    ? http.createServer(
        {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
        },
        app,
      )
    : http.createServer(app);
  if (limits) server.maxConnections = limits.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          clearInterval(sweeper);
          server.closeAllConnections();
          resolve(false);
        }, timeoutMs);
        // A keep-alive socket whose request finishes after close() turns idle and would
        // hold close() open until it times out; sweep such sockets as they go idle.
        const sweeper = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(timer);
          clearInterval(sweeper);
          resolve(true);
        });
        server.closeIdleConnections();
      }),
  };
}

/** Open connections, and connections closed at once for being over HTTP_MAX_CONNECTIONS, in `registry`. */
export function observeConnections(server: http.Server, registry: Registry): void {
  const dropped = new Counter({
    name: 'shortline_http_connections_dropped_total',
    help: 'Connections closed on arrival because the process already had HTTP_MAX_CONNECTIONS open',
    registers: [registry],
  });
  server.on('drop', () => dropped.inc());
  new Gauge({
    name: 'shortline_http_connections_open',
    help: 'Connections this process has open',
    registers: [registry],
    collect() {
      return new Promise<void>((resolve) =>
        server.getConnections((error, count) => {
          if (!error) this.set(count);
          resolve();
        }),
      );
    },
  });
}
