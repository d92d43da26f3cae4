import net from 'node:net';
import tls from 'node:tls';
import type { PlannedRequest } from './workload';

export interface Sent {
  status: number | undefined;
  /** The response body for the caller that needs it (setup), else empty. */
  body: string;
  error: string | undefined;
  /** The first cookie the response sets (`name=value`), for the caller that keeps the body. */
  cookie?: string;
}

/**
 * The HTTP/1.1 client of the load generator: keep-alive connections, as many
 * as the requests in flight (an open-model run must not queue inside the
 * client; a slow server shows as more connections and longer latencies, both
 * measured), no redirects followed (a redirect's 3xx is its answer).
 *
 * It writes each request as one string on a raw socket and reads only what it
 * needs of the response (status, Content-Length or chunked framing,
 * Connection: close). The generator usually shares the machine with the
 * server it measures, so its own CPU is taken from the server's: Node's
 * http.Agent and ClientRequest cost nearly twice as much per request
 * (docs/PERFORMANCE.md). No pipelining: one request per connection at a time.
 */
export class LoadClient {
  private readonly idle: Connection[] = [];
  private readonly open = new Set<Connection>();
  private readonly connectOptions: { host: string; port: number; servername?: string };
  private readonly secure: boolean;
  private readonly head: string;
  /** The head without the Authorization line, for requests that carry their own credentials. */
  private readonly hostLine: string;
  /** Where the requests go, e.g. http://127.0.0.1:3000 (for messages). */
  readonly origin: string;

  constructor(
    base: URL,
    private readonly auth: string,
  ) {
    this.origin = base.origin;
    this.secure = base.protocol === 'https:';
    const host = base.hostname.replace(/^\[|\]$/g, '');
    this.connectOptions = {
      host,
      port: Number(base.port) || (this.secure ? 443 : 80),
      ...(this.secure && !net.isIP(host) ? { servername: host } : {}),
    };
    this.hostLine = `Host: ${base.host}\r\n`;
    this.head = `${this.hostLine}${auth ? `Authorization: ${auth}\r\n` : ''}`;
  }

  send(request: Pick<PlannedRequest, 'method' | 'path' | 'body' | 'headers' | 'anonymous'>, keepBody = false, timeoutMs = 30_000): Promise<Sent> {
    const body = request.body ?? '';
    const text =
      `${request.method} ${request.path} HTTP/1.1\r\n${request.anonymous ? this.hostLine : this.head}${request.headers ?? ''}` +
      (request.body === undefined ? '\r\n' : `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const connection = this.idle.pop() ?? this.connect();
    return connection.exchange(text, keepBody, timeoutMs);
  }

  /** A client with the same credentials for another base URL (stats served by a separate analytics process). */
  at(base: URL): LoadClient {
    return new LoadClient(base, this.auth);
  }

  close(): void {
    for (const connection of this.open) connection.socket.destroy();
    this.open.clear();
    this.idle.length = 0;
  }

  private connect(): Connection {
    const socket = this.secure ? tls.connect(this.connectOptions) : net.connect(this.connectOptions);
    socket.setNoDelay(true);
    // A connection not kept (closed, failed, or out of step) is forgotten when its socket closes.
    const connection = new Connection(socket, () => this.idle.push(connection));
    socket.on('close', () => this.forget(connection));
    this.open.add(connection);
    return connection;
  }

  private forget(connection: Connection): void {
    this.open.delete(connection);
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
  }
}

const HEADER_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');

/** The exchange in progress on a connection. */
interface Exchange {
  resolve(sent: Sent): void;
  keepBody: boolean;
  timer: NodeJS.Timeout;
  /** Bytes received and not yet consumed. */
  buffer: Buffer;
  status: number | undefined;
  /** Where the body starts in buffer, once the head is parsed. */
  bodyAt: number;
  /** Content-Length, or -1 for chunked, -2 for "until the connection closes", NaN for a length that is no number. */
  length: number;
  closeAfter: boolean;
  cookie: string | undefined;
}

/** One keep-alive socket and its one request at a time. */
class Connection {
  private current: Exchange | undefined;

  constructor(
    readonly socket: net.Socket,
    /** Called when the connection is free for the next request. */
    private readonly idle: () => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => this.fail(error.code ?? error.message));
    socket.on('close', () => this.ended());
  }

  exchange(text: string, keepBody: boolean, timeoutMs: number): Promise<Sent> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.fail('TIMEOUT', true), timeoutMs);
      this.current = { resolve, keepBody, timer, buffer: EMPTY, status: undefined, bodyAt: -1, length: 0, closeAfter: false, cookie: undefined };
      this.socket.write(text);
    });
  }

  private received(chunk: Buffer): void {
    const x = this.current;
    if (!x) return void this.socket.destroy(); // bytes nobody asked for: the connection is out of step
    x.buffer = x.buffer.length === 0 ? chunk : Buffer.concat([x.buffer, chunk]);
    if (x.bodyAt < 0 && !this.parseHead(x)) return;
    const end = bodyEnd(x);
    if (end === undefined) return;
    if (end === 'bad') return this.fail('BAD_RESPONSE', true);
    // Anything after the response would be an answer to nothing: not reusable.
    this.finish(x, end.body, !x.closeAfter && end.next === x.buffer.length);
  }

  /** Parses status line and headers once they are all in; false while they are not. */
  private parseHead(x: Exchange): boolean {
    const at = x.buffer.indexOf(HEADER_END);
    if (at < 0) return false;
    const lines = x.buffer.toString('latin1', 0, at).split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
    if (!status) {
      this.fail('BAD_RESPONSE', true);
      return false;
    }
    x.status = Number(status[1]);
    x.bodyAt = at + HEADER_END.length;
    x.length = x.status === 204 || x.status === 304 || x.status < 200 ? 0 : -2;
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      const name = lines[i].slice(0, colon).trim().toLowerCase();
      const value = lines[i]
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      if (name === 'content-length' && x.length === -2) x.length = /^\d+$/.test(value) ? Number(value) : NaN;
      else if (name === 'transfer-encoding' && value.endsWith('chunked')) x.length = -1;
      else if (name === 'connection' && value === 'close') x.closeAfter = true;
      else if (name === 'set-cookie' && x.keepBody && x.cookie === undefined)
        x.cookie = lines[i]
          .slice(colon + 1)
          .split(';')[0]
          .trim();
    }
    if (lines[0].startsWith('HTTP/1.0')) x.closeAfter = true;
    return true;
  }

  private finish(x: Exchange, body: Buffer | undefined, reusable: boolean): void {
    clearTimeout(x.timer);
    this.current = undefined;
    if (reusable) this.idle();
    else this.socket.destroy();
    x.resolve({ status: x.status, body: x.keepBody && body ? body.toString('utf8') : '', error: undefined, cookie: x.cookie });
  }

  private fail(error: string, destroy = false): void {
    const x = this.current;
    if (destroy) this.socket.destroy();
    if (!x) return;
    clearTimeout(x.timer);
    this.current = undefined;
    x.resolve({ status: undefined, body: '', error });
  }

  private ended(): void {
    const x = this.current;
    // A body framed by the connection's end is complete now; anything else was cut off.
    if (x && x.bodyAt >= 0 && x.length === -2) return this.finish(x, x.buffer.subarray(x.bodyAt), false);
    this.fail('ECONNRESET');
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * Where the response's body ends, if it is all in: its bytes (assembled when
 * chunked) and the offset after it; undefined while more is to come, 'bad'
 * for framing that cannot be read.
 */
function bodyEnd(x: Exchange): { body: Buffer | undefined; next: number } | 'bad' | undefined {
  const { buffer, bodyAt, length } = x;
  if (Number.isNaN(length)) return 'bad';
  if (length === -2) return undefined; // until the connection closes: see Connection.ended
  if (length >= 0) {
    return buffer.length >= bodyAt + length
      ? { body: x.keepBody ? buffer.subarray(bodyAt, bodyAt + length) : undefined, next: bodyAt + length }
      : undefined;
  }
  const parts: Buffer[] = [];
  let at = bodyAt;
  for (;;) {
    const lineEnd = buffer.indexOf(LINE_END, at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.toString('latin1', at, lineEnd).split(';')[0], 16);
    if (!Number.isInteger(size) || size < 0) return 'bad';
    if (size === 0) {
      // The last chunk; trailers, if any, then an empty line.
      const end = buffer.indexOf(HEADER_END, lineEnd);
      if (end < 0) return undefined;
      return { body: x.keepBody ? Buffer.concat(parts) : undefined, next: end + HEADER_END.length };
    }
    const dataEnd = lineEnd + LINE_END.length + size;
    if (buffer.length < dataEnd + LINE_END.length) return undefined;
    if (x.keepBody) parts.push(buffer.subarray(lineEnd + LINE_END.length, dataEnd));
    at = dataEnd + LINE_END.length;
  }
}
