import express from 'express';
import net from 'node:net';
import { Registry } from 'prom-client';
import { listen, observeConnections, type ServerLimits } from '../../src/shared/http/server';

/** Draining: close() lets in-flight requests finish, within a bound. */
function slowApp(ms: number) {
  const app = express();
  app.get('/slow', async (_req, res) => {
    await new Promise((r) => setTimeout(r, ms).unref());
    res.json({ done: true });
  });
  return app;
}

describe('server close', () => {
  it('finishes in-flight requests before closing, and refuses new connections', async () => {
    const server = await listen(slowApp(300), '127.0.0.1', 0);
    const inFlight = fetch(`http://127.0.0.1:${server.port}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    const closed = server.close(5000);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    expect(await closed).toBe(true);
    await expect(fetch(`http://127.0.0.1:${server.port}/slow`)).rejects.toThrow();
  });

  it('cuts requests that outlive the shutdown timeout', async () => {
    const server = await listen(slowApp(3000), '127.0.0.1', 0);
    const inFlight = fetch(`http://127.0.0.1:${server.port}/slow`).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(await server.close(200)).toBe(false);
    expect(await inFlight).toBe('cut');
  });
});

/** A raw TCP client, to send a request as slowly as an attacker would. */
function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with what the server sent and how long after `since` it closed the connection. */
function closed(socket: net.Socket, since: number): Promise<{ afterMs: number; received: string }> {
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('error', () => {});
  return new Promise((resolve) => socket.once('close', () => resolve({ afterMs: Date.now() - since, received })));
}

describe('server limits', () => {
  const limits: ServerLimits = { headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1000, maxConnections: 2 };

  it('cuts a client that sends its headers too slowly, within about a second of the headers timeout', async () => {
    const server = await listen(slowApp(0), '127.0.0.1', 0, { ...limits, maxConnections: 10 });
    const socket = await connect(server.port);
    const start = Date.now();
    const done = closed(socket, start);
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => socket.writable && socket.write('X-Drip: 1\r\n'), 200);
    const { afterMs } = await done;
    clearInterval(drip);
    expect(afterMs).toBeGreaterThanOrEqual(900);
    expect(afterMs).toBeLessThan(5000);
    await server.close(1000);
  });

  it('answers 408 to a client that sends its body too slowly, within about a second of the request timeout', async () => {
    const app = express();
    app.post('/upload', express.text(), (_req, res) => void res.send('got it'));
    const server = await listen(app, '127.0.0.1', 0, { ...limits, maxConnections: 10 });
    const socket = await connect(server.port);
    const start = Date.now();
    const done = closed(socket, start);
    socket.write('POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n');
    const drip = setInterval(() => socket.writable && socket.write('a'), 200);
    const { afterMs, received } = await done;
    clearInterval(drip);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeGreaterThanOrEqual(1900);
    expect(afterMs).toBeLessThan(6000);
    await server.close(1000);
  });

  it('closes a connection beyond the cap at once, counts it, and serves again when one leaves', async () => {
    const server = await listen(slowApp(0), '127.0.0.1', 0, { ...limits, keepAliveTimeoutMs: 60_000 });
    const registry = new Registry();
    observeConnections(server.server, registry);
    const held = [await connect(server.port), await connect(server.port)];
    const extra = await connect(server.port);
    const start = Date.now();
    const { afterMs, received } = await closed(extra, start);
    expect(received).toBe('');
    expect(afterMs).toBeLessThan(500);
    const metrics = await registry.metrics();
    expect(metrics).toContain('shortline_http_connections_dropped_total 1');
    expect(metrics).toContain('shortline_http_connections_open 2');
    held[0].destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`http://127.0.0.1:${server.port}/slow`)).status).toBe(200);
    held[1].destroy();
    await server.close(1000);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const server = await listen(slowApp(0), '127.0.0.1', 0, { ...limits, maxConnections: 10 });
    const socket = await connect(server.port);
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    const start = Date.now();
    const { afterMs, received } = await closed(socket, start);
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(afterMs).toBeGreaterThanOrEqual(900);
    expect(afterMs).toBeLessThan(5000);
    await server.close(1000);
  });
});
