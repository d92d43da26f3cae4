import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { LoadClient } from '../../scripts/loadtest/client';

/**
 * The load generator's own HTTP/1.1 client against real servers: framing by
 * Content-Length, chunks and the connection's end, keep-alive reuse, and the
 * failures it must report as network errors rather than hang on.
 */
let server: http.Server;
let connections = 0;
let seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      route(req, res);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  connections = 0;
  seen = [];
});

function route(req: http.IncomingMessage, res: http.ServerResponse): void {
  switch (req.url) {
    case '/redirect':
      return void res.writeHead(302, { Location: 'https://example.com/' }).end();
    case '/json-in-two-writes': {
      const body = Buffer.from(JSON.stringify({ word: 'déjà vu ✓' }));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.write(body.subarray(0, 12)); // splits the two-byte é
      return void setTimeout(() => res.end(body.subarray(12)), 20);
    }
    case '/chunked':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('first,');
      return void setTimeout(() => res.end('second'), 20);
    case '/close':
      return void res.writeHead(200, { Connection: 'close', 'Content-Length': 2 }).end('ok');
    case '/cut':
      res.writeHead(200, { 'Content-Length': 100 });
      res.write('partial');
      return void setTimeout(() => res.destroy(), 20);
    case '/slow':
      return void setTimeout(() => res.end('slow'), 100);
    case '/never':
      return;
    default:
      res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ created: true }));
  }
}

function client(auth = 'Bearer key'): LoadClient {
  return new LoadClient(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), auth);
}

it('reads a redirect and reuses the connection for the next request', async () => {
  const c = client();
  expect(await c.send({ method: 'GET', path: '/redirect' })).toEqual({ status: 302, body: '', error: undefined });
  expect(await c.send({ method: 'GET', path: '/redirect' })).toEqual({ status: 302, body: '', error: undefined });
  expect(connections).toBe(1);
  c.close();
});

it('sends a JSON body with its headers, and reads a body that arrives in pieces', async () => {
  const c = client();
  const created = await c.send({ method: 'POST', path: '/links', body: JSON.stringify({ url: 'https://example.com/é' }) }, true);
  expect(created).toEqual({ status: 201, body: '{"created":true}', error: undefined });
  expect(seen[0]).toMatchObject({ method: 'POST', url: '/links', body: '{"url":"https://example.com/é"}' });
  expect(seen[0].headers).toMatchObject({
    authorization: 'Bearer key',
    'content-type': 'application/json',
    host: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
  });
  const split = await c.send({ method: 'GET', path: '/json-in-two-writes' }, true);
  expect(JSON.parse(split.body)).toEqual({ word: 'déjà vu ✓' });
  expect(connections).toBe(1);
  c.close();
});

it('reads a chunked body and keeps the connection for the next request', async () => {
  const c = client();
  expect(await c.send({ method: 'GET', path: '/chunked' }, true)).toEqual({ status: 200, body: 'first,second', error: undefined });
  expect(await c.send({ method: 'GET', path: '/redirect' })).toMatchObject({ status: 302 });
  expect(connections).toBe(1);
  c.close();
});

it('opens a new connection after Connection: close, and one per request in flight', async () => {
  const c = client('');
  expect(await c.send({ method: 'GET', path: '/close' }, true)).toEqual({ status: 200, body: 'ok', error: undefined });
  expect(await c.send({ method: 'GET', path: '/redirect' })).toMatchObject({ status: 302 });
  expect(connections).toBe(2);
  expect(seen[0].headers.authorization).toBeUndefined();
  const answers = await Promise.all(Array.from({ length: 5 }, () => c.send({ method: 'GET', path: '/slow' }, true)));
  expect(answers.map((a) => a.body)).toEqual(['slow', 'slow', 'slow', 'slow', 'slow']);
  expect(connections).toBe(2 + 4); // the idle one is reused, four more are opened
  c.close();
});

it('reports a response cut off and one that never comes as network errors', async () => {
  const c = client();
  expect(await c.send({ method: 'GET', path: '/cut' }, true)).toEqual({ status: undefined, body: '', error: 'ECONNRESET' });
  expect(await c.send({ method: 'GET', path: '/never' }, true, 100)).toEqual({ status: undefined, body: '', error: 'TIMEOUT' });
  // Neither broken connection is used again.
  expect(await c.send({ method: 'GET', path: '/redirect' })).toMatchObject({ status: 302 });
  expect(connections).toBe(3);
  c.close();
});

describe('against a server writing raw responses', () => {
  let raw: net.Server;
  let answer: string;
  beforeAll(async () => {
    raw = net.createServer((socket) => socket.once('data', () => socket.end(answer)));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => raw.close(resolve)));
  const rawClient = () => new LoadClient(new URL(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`), '');

  it('reads a body that ends with the connection', async () => {
    answer = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end';
    expect(await rawClient().send({ method: 'GET', path: '/' }, true)).toEqual({ status: 200, body: 'to the end', error: undefined });
  });

  it('refuses framing it cannot read', async () => {
    answer = 'HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n0123456789';
    expect(await rawClient().send({ method: 'GET', path: '/' }, true)).toEqual({ status: undefined, body: '', error: 'BAD_RESPONSE' });
    answer = 'SMTP ready\r\n\r\n';
    expect(await rawClient().send({ method: 'GET', path: '/' }, true)).toEqual({ status: undefined, body: '', error: 'BAD_RESPONSE' });
  });
});
