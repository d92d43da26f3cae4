import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a receiver got, as sent. */
export interface Received {
  at: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export const respond =
  (status: number, headers: Record<string, string> = {}): Behaviour =>
  (_req, res) => {
    res.writeHead(status, headers).end(status >= 400 ? 'receiver says no' : 'ok');
  };
/** Never answers: the caller's timeout has to end it. */
export const hang: Behaviour = () => undefined;
/** Drops the connection without a response. */
export const reset: Behaviour = (req) => req.socket.destroy();

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: records every request and
 * answers as `behaviour` says (changeable mid-test); `inFlight` counts requests
 * it holds open (a hanging receiver's held connections).
 */
export interface Receiver {
  url: string;
  received: Received[];
  behaviour: Behaviour;
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startReceiver(behaviour: Behaviour = respond(200), port = 0): Promise<Receiver> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      receiver.received.push({ at: Date.now(), headers: req.headers, body });
      receiver.inFlight++;
      receiver.maxInFlight = Math.max(receiver.maxInFlight, receiver.inFlight);
      const done = () => receiver.inFlight--;
      res.on('close', done);
      receiver.behaviour(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const receiver: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received: [],
    behaviour,
    inFlight: 0,
    maxInFlight: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return receiver;
}

/** A URL on 127.0.0.1 where nothing listens (a port just released). */
export async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/hook`;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
