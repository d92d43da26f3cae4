import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddressPolicy, guardedLookup, OutboundRefused } from '../../src/shared/outbound';

/** SSRF protection for outbound calls: which addresses are refused, and the connect-time guard. */
describe('AddressPolicy', () => {
  const policy = new AddressPolicy();

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['10.0.0.7', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved or broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a00:1', 'private'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['64:ff9b::7f00:1', 'NAT64'],
    ['2002:7f00:1::1', '6to4'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['::ffff:0:a9fe:a9fe', 'IPv4-translated'],
    ['100::1', 'discard-only'],
    ['fec0::1', 'site-local'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(policy.refusal(address)).toContain(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('permits the public address %s', (address) => {
    expect(policy.refusal(address)).toBeUndefined();
  });

  it('permits what its allow-list names, addresses and ranges, and nothing more', () => {
    const allowing = new AddressPolicy(['127.0.0.1', '::1', '10.1.0.0/16']);
    expect(allowing.refusal('127.0.0.1')).toBeUndefined();
    expect(allowing.refusal('::ffff:127.0.0.1')).toBeUndefined();
    expect(allowing.refusal('::1')).toBeUndefined();
    expect(allowing.refusal('10.1.200.3')).toBeUndefined();
    expect(allowing.refusal('10.2.0.1')).toContain('private');
    expect(allowing.refusal('127.0.0.2')).toContain('loopback');
  });

  it('rejects an allow-list entry that is no address or range', () => {
    expect(() => new AddressPolicy(['localhost'])).toThrow(/not an IP address or CIDR range: localhost/);
    expect(() => new AddressPolicy(['10.0.0.0/33'])).toThrow(/not a CIDR range/);
  });
});

describe('guardedLookup', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (lookup: ReturnType<typeof guardedLookup>) =>
    new Promise<string>((resolve, reject) => {
      const req = http.get({ host: 'localhost', port, family: 4, lookup, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
    });

  it('refuses at connect time a name that resolves to a forbidden address', async () => {
    const error = await get(guardedLookup(new AddressPolicy())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRefused);
    // For a name, the reason does not say what it resolved to (it may reach API users).
    expect((error as Error).message).toBe('Refusing to connect to localhost: localhost resolves to an address that is not public');
  });

  it('connects when the allow-list permits the address', async () => {
    expect(await get(guardedLookup(new AddressPolicy(['127.0.0.1'])))).toBe('reached');
  });

  it('answers a name under .invalid (RFC 6761) as not found, with the error a lookup gives', async () => {
    const lookup = guardedLookup(new AddressPolicy());
    for (const name of ['shop.invalid', 'LOADTEST.INVALID.', 'invalid']) {
      const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => lookup(name, {}, (e) => resolve(e)));
      expect(error).toMatchObject({ code: 'ENOTFOUND', message: `getaddrinfo ENOTFOUND ${name}` });
    }
  });
});
