import http from 'node:http';
import https from 'node:https';
import type { PlannedRequest } from './workload';

export interface Sent {
  status: number | undefined;
  /** The response body for the caller that needs it (setup), else empty. */
  body: string;
  error: string | undefined;
}

/**
 * The HTTP client of the load generator: keep-alive connections, no limit on
 * sockets (an open-model run must not queue inside the client; a slow server
 * shows as more connections and longer latencies, both measured), no redirects
 * followed (a redirect's 3xx is its answer).
 */
export class LoadClient {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  constructor(
    private readonly base: URL,
    private readonly auth: string,
  ) {
    this.transport = base.protocol === 'https:' ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
  }

  send(request: Pick<PlannedRequest, 'method' | 'path' | 'body'>, keepBody = false, timeoutMs = 30_000): Promise<Sent> {
    return new Promise((resolve) => {
      const headers: Record<string, string> = { Authorization: this.auth };
      if (request.body !== undefined) headers['Content-Type'] = 'application/json';
      const req = this.transport.request(new URL(request.path, this.base), { method: request.method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => keepBody && chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), error: undefined }));
        res.on('error', (error) => resolve({ status: undefined, body: '', error: (error as NodeJS.ErrnoException).code ?? error.message }));
      });
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      req.on('error', (error) => resolve({ status: undefined, body: '', error: (error as NodeJS.ErrnoException).code ?? error.message }));
      req.end(request.body);
    });
  }

  /** A client with the same credentials for another base URL (stats served by a separate analytics process). */
  at(base: URL): LoadClient {
    return new LoadClient(base, this.auth);
  }

  close(): void {
    this.agent.destroy();
  }
}
