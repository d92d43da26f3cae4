import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../../src/app/config';
import { ConfigError } from '../../src/shared/config';
import { createGeolocator, locationOf, openGeoDatabase, type Geolocator } from '../../src/shared/geo';
import { isLocal, parseAddress } from '../../src/shared/geo/addresses';
import { createMetrics, type Metrics } from '../../src/shared/metrics';
import { writeMmdb, writeMmdbFile } from '../support/mmdb';

/**
 * The geolocator on its own: the two record shapes it reads, the addresses it
 * refuses to look up, what it counts, how a bad database file is reported,
 * and the database shipped through npm on real public addresses.
 */

const GEOIP2_CITY = { country: { iso_code: 'DE', names: { en: 'Germany', de: 'Deutschland' } }, city: { names: { en: 'Berlin', de: 'Berlin' } } };

describe('record shapes', () => {
  it.each([
    ['a GeoIP2 city record', GEOIP2_CITY, { country: 'DE', city: 'Berlin' }],
    ['a GeoIP2 country record', { continent: { code: 'EU' }, country: { iso_code: 'FR', names: { en: 'France' } } }, { country: 'FR', city: null }],
    [
      'an ip-location-db city record',
      { country_code: 'FR', city: 'Paris', state1: 'Île-de-France', latitude: 48.85 },
      { country: 'FR', city: 'Paris' },
    ],
    ['an ip-location-db country record', { country_code: 'jp' }, { country: 'JP', city: null }],
    ['a city name with spaces around it', { country_code: 'US', city: '  New York ' }, { country: 'US', city: 'New York' }],
    ['an empty city name', { country_code: 'US', city: '' }, { country: 'US', city: null }],
    ['a GeoIP2 city without an English name', { country: { iso_code: 'CN' }, city: { names: { 'zh-CN': '北京' } } }, { country: 'CN', city: null }],
  ])('reads %s', (_name, record, expected) => {
    expect(locationOf(record)).toEqual(expected);
  });

  it.each([
    ['a record with a continent only', { continent: { code: 'EU', names: { en: 'Europe' } } }],
    ['a registered country alone (where the network is registered, not where it is)', { registered_country: { iso_code: 'US' } }],
    ['a city without a country', { city: 'Springfield' }],
    ['ip-location-db’s ZZ (unknown)', { country_code: 'ZZ' }],
    ['a code that is no country', { country_code: 'Germany' }],
    ['no record', null],
    ['a string', 'DE'],
  ])('finds no location in %s', (_name, record) => {
    expect(locationOf(record)).toBeUndefined();
  });
});

describe('local addresses', () => {
  const local = (ip: string) => {
    const parsed = parseAddress(ip);
    if (parsed === undefined) throw new Error(`not an address: ${ip}`);
    return isLocal(parsed.address, parsed.family);
  };

  it.each([
    '0.1.2.3',
    '10.0.0.1',
    '100.64.0.1',
    '100.127.255.254',
    '127.0.0.1',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '224.0.0.251',
    '255.255.255.255',
    '::',
    '::1',
    '0:0:0:0:0:0:0:1',
    'fc00::1',
    'fdab:cdef::1',
    'fe80::1',
    'febf::1',
    'ff02::1',
    '::ffff:192.168.1.1',
  ])('%s is local', (ip) => expect(local(ip)).toBe(true));

  it.each([
    '1.1.1.1',
    '9.255.255.255',
    '11.0.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.0.1',
    '172.15.255.255',
    '172.32.0.1',
    '192.167.0.1',
    '192.169.0.1',
    '223.255.255.255',
    '::2',
    '2001:db8::1',
    'fbff::1',
    'fec0::1',
    '2a00::1',
  ])('%s is not', (ip) => expect(local(ip)).toBe(false));
});

describe('a test database written by the test writer', () => {
  let metrics: Metrics;
  let geo: Geolocator;
  beforeAll(() => {
    metrics = createMetrics();
    const file = writeMmdbFile({
      databaseType: 'GeoLite2-City',
      buildEpoch: new Date('2026-11-03T00:00:00Z'),
      networks: {
        '203.0.113.0/24': GEOIP2_CITY,
        '198.51.100.0/25': { country_code: 'FR', city: 'Paris' },
        '198.51.100.128/25': { country_code: 'US', city: 'Paris' },
        '192.0.2.0/24': { country_code: 'JP' },
        '2001:db8::/32': { country: { iso_code: 'CA' } },
        // Never returned: a local address is not looked up.
        '10.0.0.0/8': { country_code: 'NL' },
      },
    });
    geo = createGeolocator({ source: 'file', path: file }, metrics);
  });

  it('locates IPv4, IPv6 and IPv4-mapped IPv6 addresses in either record shape', () => {
    expect(geo.locate('203.0.113.9')).toEqual({ country: 'DE', city: 'Berlin' });
    expect(geo.locate('::ffff:203.0.113.9')).toEqual({ country: 'DE', city: 'Berlin' });
    expect(geo.locate('198.51.100.7')).toEqual({ country: 'FR', city: 'Paris' });
    expect(geo.locate('198.51.100.200')).toEqual({ country: 'US', city: 'Paris' });
    expect(geo.locate('192.0.2.1')).toEqual({ country: 'JP', city: null });
    expect(geo.locate('2001:db8:1::5')).toEqual({ country: 'CA', city: null });
    expect(geo.cities).toBe(true);
  });

  it('knows nothing of private, loopback and link-local addresses, even where the database has a record', () => {
    for (const ip of [
      '10.1.2.3',
      '127.0.0.1',
      '192.168.1.1',
      '172.16.5.4',
      '100.64.0.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
    ])
      expect(geo.locate(ip)).toBeUndefined();
  });

  it('knows nothing of addresses it has no record for, nor of what is no address', () => {
    for (const ip of ['8.8.8.8', '2606:4700::1111', 'not-an-ip', '', '203.0.113', '::ffff:999.1.1.1']) expect(geo.locate(ip)).toBeUndefined();
  });

  it('counts every look-up by outcome and shows the database in /metrics', async () => {
    const fresh = createMetrics();
    const counted = createGeolocator(
      { source: 'file', path: writeMmdbFile({ databaseType: 'Test-Country', networks: { '192.0.2.0/24': { country_code: 'JP' } } }) },
      fresh,
    );
    for (const ip of ['192.0.2.1', '192.0.2.2', '198.51.100.1', '127.0.0.1', 'nonsense']) counted.locate(ip);
    const text = await fresh.registry.metrics();
    expect(text).toContain('shortline_geo_lookups_total{outcome="found"} 2');
    expect(text).toContain('shortline_geo_lookups_total{outcome="unknown"} 1');
    expect(text).toContain('shortline_geo_lookups_total{outcome="private"} 1');
    expect(text).toContain('shortline_geo_lookups_total{outcome="error"} 1');
    expect(text).toMatch(/shortline_geo_database_info\{type="Test-Country",built="\d{4}-\d\d-\d\d",source="GEOIP_DB"\} 1/);
    expect(counted.cities).toBe(false);
    expect(await metrics.registry.metrics()).toMatch(/shortline_geo_database_build_timestamp_seconds 1793664000\b/);
  });

  it('looks up no IPv6 address in an IPv4-only database', () => {
    const v4 = createGeolocator(
      { source: 'file', path: writeMmdbFile({ databaseType: 'Test-Country', ipVersion: 4, networks: { '192.0.2.0/24': { country_code: 'JP' } } }) },
      createMetrics(),
    );
    expect(v4.locate('192.0.2.77')).toEqual({ country: 'JP', city: null });
    // Its first 32 bits are those of 192.0.2.0/24: walking the IPv4 tree with them would answer JP.
    expect(v4.locate('c000:0201::1')).toBeUndefined();
  });
});

describe('the database shipped through npm', () => {
  let geo: Geolocator;
  let metrics: Metrics;
  beforeAll(() => {
    metrics = createMetrics();
    geo = createGeolocator({ source: 'shipped' }, metrics);
  });

  // Addresses of organisations that sit where they are registered (anycast ones move between builds).
  it('places well-known public addresses in their countries', () => {
    expect(geo.locate('8.8.8.8')?.country).toBe('US');
    expect(geo.locate('::ffff:8.8.8.8')?.country).toBe('US');
    expect(geo.locate('193.99.144.80')?.country).toBe('DE'); // heise.de
    expect(geo.locate('2001:67c:2e8:22::c100:68b')?.country).toBe('NL'); // RIPE NCC, Amsterdam
  });

  it('has countries only', async () => {
    expect(geo.locate('8.8.8.8')?.city).toBeNull();
    expect(geo.cities).toBe(false);
    expect(await metrics.registry.metrics()).toMatch(/shortline_geo_database_info\{type="[^"]*Country[^"]*",built="[\d-]+",source="shipped"\} 1/i);
  });
});

describe('GEOIP_DB', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shortline-geo-'));
  const file = (name: string, bytes: Buffer | string) => {
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };

  it('defaults to the shipped database and turns off with off', () => {
    expect(loadConfig({}).geo.database).toEqual({ source: 'shipped' });
    expect(loadConfig({ GEOIP_DB: 'off' }).geo.database).toEqual({ source: 'off' });
    const good = file('good.mmdb', writeMmdb({ databaseType: 'GeoLite2-City', networks: { '192.0.2.0/24': GEOIP2_CITY } }));
    expect(loadConfig({ GEOIP_DB: good }).geo.database).toEqual({ source: 'file', path: good });
  });

  it.each([
    ['a missing file', () => path.join(dir, 'missing.mmdb'), 'does not exist'],
    ['a directory', () => dir, 'is a directory'],
    ['an empty file', () => file('empty.mmdb', ''), 'is empty'],
    ['a compressed download', () => file('GeoLite2-City.mmdb.gz', gzipSync(writeMmdb({ databaseType: 'x', networks: {} }))), 'gzip'],
    ['a file that is no database', () => file('notes.mmdb', 'these are not the addresses you are looking for\n'.repeat(100)), 'is not a MaxMind'],
  ])('refuses %s at start, naming the setting', (_name, given, reason) => {
    let thrown: unknown;
    try {
      loadConfig({ GEOIP_DB: given() });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const problems = (thrown as ConfigError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^GEOIP_DB: must be off or the path of a MaxMind-format \(\.mmdb\) database; this file /);
    expect(problems[0]).toContain(reason);
  });

  it('is a configuration error when the file went bad after the settings were read', () => {
    const later = file('later.mmdb', writeMmdb({ databaseType: 'x', networks: {} }));
    const config = loadConfig({ GEOIP_DB: later });
    writeFileSync(later, 'truncated');
    expect(() => createGeolocator(config.geo.database, createMetrics())).toThrow(ConfigError);
    expect(() => createGeolocator(config.geo.database, createMetrics())).toThrow(/GEOIP_DB: the file .*later\.mmdb is not a MaxMind/);
  });

  it('opens a database and reads its metadata', () => {
    const db = openGeoDatabase(
      file('meta.mmdb', writeMmdb({ databaseType: 'DBIP-City-Lite', buildEpoch: new Date('2026-12-01T00:00:00Z'), networks: {} })),
    );
    expect(db).toMatchObject({ type: 'DBIP-City-Lite', ipVersion: 6, builtAt: new Date('2026-12-01T00:00:00Z') });
  });
});
