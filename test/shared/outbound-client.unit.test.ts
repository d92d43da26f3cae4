import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/shared/logging';
import { createMetrics, type Metrics } from '../../src/shared/metrics';
import {
  AddressPolicy,
  OutboundClient,
  OutboundRefused,
  OutboundTimeout,
  OutboundTooLarge,
  OutboundUnavailable,
  type OutboundSettings,
} from '../../src/shared/outbound';

/** The outbound client against real local receivers: limits, no redirects, circuit breaker, bulkhead. */
type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: http.Server[] = [];

async function receiver(behaviour: { current: Behaviour }): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    behaviour.current(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function client(overrides: Partial<OutboundSettings> = {}): { client: OutboundClient; metrics: Metrics } {
  const metrics = createMetrics();
  const settings: OutboundSettings = {
    policy: new AddressPolicy(['127.0.0.1']),
    connectTimeoutMs: 300,
    timeoutMs: 300,
    maxResponseBytes: 1024,
    perHostConcurrency: 2,
    totalConcurrency: 10,
    breaker: { failureRatio: 0.5, windowMs: 1000, minimumRps: 5, halfOpenAfterMs: 200 },
    ...overrides,
  };
  return { client: new OutboundClient(settings, createLogger({ level: 'silent', format: 'json' }), metrics), metrics };
}

const metric = async (metrics: Metrics, line: RegExp) => Number(line.exec(await metrics.registry.metrics())?.[1] ?? 0);

it('makes the call and counts it', async () => {
  const target = await receiver({ current: (_req, res) => res.end('hello') });
  const { client: c, metrics } = client();
  const res = await c.request({ url: `${target.url}/x` });
  expect(res.status).toBe(200);
  expect(res.body.toString()).toBe('hello');
  const host = new URL(target.url).host;
  expect(await metric(metrics, new RegExp(`shortline_outbound_calls_total\\{host="${host}",outcome="ok"\\} (\\d+)`))).toBe(1);
});

it('refuses a forbidden address without the allow-list, before connecting', async () => {
  const target = await receiver({ current: (_req, res) => res.end('hello') });
  const { client: c } = client({ policy: new AddressPolicy() });
  await expect(c.request({ url: target.url })).rejects.toBeInstanceOf(OutboundRefused);
  await expect(c.request({ url: 'http://[::ffff:127.0.0.1]:9/' })).rejects.toThrow(/loopback/);
  expect(target.hits()).toBe(0);
});

it('follows no redirect, caps the response size and times out', async () => {
  const behaviour: { current: Behaviour } = { current: (_req, res) => res.writeHead(302, { Location: 'http://169.254.169.254/' }).end() };
  const target = await receiver(behaviour);
  const { client: c } = client();
  const redirected = await c.request({ url: target.url });
  expect(redirected.status).toBe(302);
  expect(target.hits()).toBe(1);

  behaviour.current = (_req, res) => res.end(Buffer.alloc(5000));
  await expect(c.request({ url: target.url })).rejects.toBeInstanceOf(OutboundTooLarge);

  behaviour.current = () => {}; // never answers
  const started = Date.now();
  await expect(c.request({ url: target.url })).rejects.toBeInstanceOf(OutboundTimeout);
  expect(Date.now() - started).toBeLessThan(1000);
});

it('lets one call ask for less: a lower size cap, kept truncated, and a shorter timeout', async () => {
  const behaviour: { current: Behaviour } = { current: (_req, res) => res.end(Buffer.alloc(800, 'a')) };
  const target = await receiver(behaviour);
  const { client: c } = client();
  const cut = await c.request({ url: target.url, maxBytes: 100, truncate: true });
  expect(cut.truncated).toBe(true);
  expect(cut.body.toString()).toBe('a'.repeat(100));
  const whole = await c.request({ url: target.url, maxBytes: 5000, truncate: true });
  expect(whole).toMatchObject({ truncated: false });
  expect(whole.body.length).toBe(800); // a per-call cap above the client's (1024) changes nothing here

  behaviour.current = () => {};
  const started = Date.now();
  await expect(c.request({ url: target.url, timeoutMs: 50 })).rejects.toBeInstanceOf(OutboundTimeout);
  expect(Date.now() - started).toBeLessThan(250);
});

it('gives up on a connection that is not up within connectTimeoutMs, long before the total timeout', async () => {
  // Accepts TCP but never speaks TLS: an https call never finishes connecting.
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const { client: c } = client({ connectTimeoutMs: 100, timeoutMs: 5000 });
    const started = Date.now();
    const error = await c.request({ url: `https://127.0.0.1:${(silent.address() as AddressInfo).port}/` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundTimeout);
    expect((error as Error).message).toMatch(/^Could not connect to 127\.0\.0\.1:\d+ within 100 ms$/);
    expect(Date.now() - started).toBeLessThan(1000);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

it('names at most 200 hosts in its metrics; the rest share the label "other"', async () => {
  const { client: c, metrics } = client({ policy: new AddressPolicy() });
  for (let port = 1000; port < 1250; port++) await c.request({ url: `http://10.0.0.1:${port}/` }).catch(() => undefined);
  await c.request({ url: 'http://10.0.0.1:1000/' }).catch(() => undefined); // a named host stays named
  for (let port = 1240; port < 1250; port++) await c.request({ url: `http://10.0.0.1:${port}/` }).catch(() => undefined); // an unnamed one stays unnamed
  const hosts = new Set([...(await metrics.registry.metrics()).matchAll(/shortline_outbound_calls_total\{host="([^"]+)"/g)].map((m) => m[1]));
  expect(hosts.size).toBe(201);
  expect(hosts.has('other')).toBe(true);
  expect(hosts.has('10.0.0.1:1000')).toBe(true);
  expect(await metric(metrics, /shortline_outbound_calls_total\{host="other",outcome="error"\} (\d+)/)).toBe(60);
});

it('does not open a circuit for a name that does not resolve, or an address the policy refuses', async () => {
  const { client: c, metrics } = client({
    policy: new AddressPolicy(),
    breaker: { failureRatio: 0.5, windowMs: 5000, minimumRps: 0.1, halfOpenAfterMs: 10_000 },
  });
  for (let i = 0; i < 10; i++) {
    await expect(c.request({ url: 'http://no-such-host.invalid/' })).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(c.request({ url: 'http://10.0.0.9/' })).rejects.toBeInstanceOf(OutboundRefused);
  }
  expect(await metric(metrics, /shortline_outbound_calls_total\{host="[^"]+",outcome="circuit-open"\} (\d+)/)).toBe(0);
});

it('tells whether a URL would be refused, resolving its host', async () => {
  const { client: c } = client();
  expect(await c.refusal(new URL('http://127.0.0.1:1/'))).toBeUndefined();
  expect(await c.refusal(new URL('http://10.0.0.1/'))).toMatch(/private/);
  expect(await c.refusal(new URL('http://[::1]/'))).toMatch(/loopback/);
  expect(await c.refusal(new URL('http://no-such-host.invalid/'))).toMatch(/does not resolve/);
});

it('opens the circuit after failures, fails fast while open, and closes after a good probe', async () => {
  const behaviour: { current: Behaviour } = { current: (_req, res) => res.writeHead(503).end() };
  const target = await receiver(behaviour);
  const { client: c, metrics } = client();
  const host = new URL(target.url).host;
  // Failing responses go back to the caller until the breaker has seen enough of them (minimumRps 5 over 1 s).
  let failures = 0;
  for (; failures < 20; failures++) {
    const outcome = await c.request({ url: target.url }).catch((e: unknown) => e);
    if (outcome instanceof OutboundUnavailable) break;
    expect((outcome as { status: number }).status).toBe(503);
  }
  expect(failures).toBeGreaterThanOrEqual(5);
  expect(failures).toBeLessThan(20);
  const hitsWhenOpened = target.hits();
  const started = Date.now();
  await expect(c.request({ url: target.url })).rejects.toMatchObject({ reason: 'circuit-open' });
  expect(Date.now() - started).toBeLessThan(50);
  expect(target.hits()).toBe(hitsWhenOpened);
  expect(await metric(metrics, new RegExp(`shortline_outbound_circuit_state\\{host="${host}"\\} (\\d+)`))).toBe(2);

  behaviour.current = (_req, res) => res.end('recovered');
  await new Promise((r) => setTimeout(r, 250));
  expect((await c.request({ url: target.url })).body.toString()).toBe('recovered');
  expect(await metric(metrics, new RegExp(`shortline_outbound_circuit_state\\{host="${host}"\\} (\\d+)`))).toBe(0);
  expect((await c.request({ url: target.url })).status).toBe(200);
});

it('holds at most perHostConcurrency calls to a slow host, and other hosts are not held up', async () => {
  const slow = await receiver({ current: (_req, res) => void setTimeout(() => res.end('late'), 200) });
  const fast = await receiver({ current: (_req, res) => res.end('fast') });
  const { client: c } = client({ timeoutMs: 1000 });
  const inFlight = [c.request({ url: slow.url }), c.request({ url: slow.url })];
  const rejected = await c.request({ url: slow.url }).catch((e: unknown) => e);
  expect(rejected).toBeInstanceOf(OutboundUnavailable);
  expect((rejected as OutboundUnavailable).reason).toBe('bulkhead-full');
  expect((await c.request({ url: fast.url })).body.toString()).toBe('fast');
  expect((await Promise.all(inFlight)).map((r) => r.body.toString())).toEqual(['late', 'late']);
});

it('lets internal calls (another Shortline process, an operator URL) reach private addresses, with a bulkhead of their own', async () => {
  const slow = await receiver({ current: (_req, res) => void setTimeout(() => res.end('ok'), 100) });
  const { client: c } = client({ policy: new AddressPolicy(), timeoutMs: 1000, totalConcurrency: 2 });
  // Not internal: 127.0.0.1 is refused by the address policy.
  await expect(c.request({ url: slow.url })).rejects.toBeInstanceOf(OutboundRefused);
  const other = await receiver({ current: (_req, res) => void setTimeout(() => res.end('ok'), 100) });
  // Internal: let through, and ten at once are not held to the per-host (2) or total (2) limits of strangers' hosts.
  const answers = await Promise.all(Array.from({ length: 10 }, () => c.request({ url: other.url, internal: true })));
  expect(answers.map((r) => r.body.toString())).toEqual(Array(10).fill('ok'));
});
