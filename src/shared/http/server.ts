import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

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

export async function listen(app: Express, host: string, port: number): Promise<RunningServer> {
  const server = http.createServer(app);
  // Longer than typical load balancer idle timeouts, so the balancer closes first.
  server.keepAliveTimeout = 65_000;
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
