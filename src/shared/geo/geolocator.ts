import { Counter, Gauge } from 'prom-client';
import { ConfigError } from '../config/settings';
import type { Metrics } from '../metrics';
import { isLocal, parseAddress } from './addresses';
import { openGeoDatabase, shippedDatabasePath, type GeoDatabase } from './database';
import { locationOf, type Location } from './records';
import type { GeoDatabaseSetting } from './settings';

/**
 * Where an IP address is, from a local MaxMind-format database: one per
 * process, built by the composition root and handed to the modules in their
 * context. Synchronous and in memory (a lookup is a walk of the database's
 * tree, microseconds), so a caller may use it per request; analytics uses it
 * per click when writing a flush, off the redirect's path.
 */
export interface Geolocator {
  /**
   * The address's country and, with a city database, city; undefined when
   * nothing is known: lookups off, an address that is no IP, a private or
   * loopback one, or one the database has no country for.
   */
  locate(ip: string): Location | undefined;
  /** Whether the database has cities: a caller that has the country already need not ask a country database. */
  readonly cities: boolean;
}

/** GEOIP_DB=off: nothing is looked up, nothing is counted. */
const OFF: Geolocator = { locate: () => undefined, cities: false };

/**
 * Opens the database GEOIP_DB names (or the shipped one) and counts lookups
 * in `shortline_geo_lookups_total`; the database's type and build date are
 * in `shortline_geo_database_info`. A file that cannot be opened is a
 * ConfigError naming GEOIP_DB (the settings checked it already, so this is a
 * file changed since, or the shipped package missing).
 */
export function createGeolocator(setting: GeoDatabaseSetting, metrics: Metrics): Geolocator {
  if (setting.source === 'off') return OFF;
  let database: GeoDatabase;
  try {
    database = openGeoDatabase(setting.source === 'file' ? setting.path : shippedDatabasePath());
  } catch (error) {
    const what = setting.source === 'file' ? `the file ${setting.path}` : 'the shipped database (reinstall with npm ci, or set GEOIP_DB)';
    throw new ConfigError([`GEOIP_DB: ${what} ${(error as Error).message}`]);
  }
  return new DatabaseGeolocator(database, setting.source, metrics);
}

class DatabaseGeolocator implements Geolocator {
  readonly cities: boolean;
  /**
   * Each record's location, by the decoded record: the reader keeps decoded
   * records (database.ts), so the same few hundred countries are not mapped
   * again for every click. Callers share these objects (Location is read-only).
   */
  private readonly locations = new WeakMap<object, Location | null>();
  private readonly outcomes: Record<'found' | 'unknown' | 'private' | 'error', { inc(): void }>;

  constructor(
    private readonly database: GeoDatabase,
    source: 'shipped' | 'file',
    metrics: Metrics,
  ) {
    // Every city database names itself so: GeoLite2-City, GeoIP2-City, DBIP-City-Lite, ip-location-db's *-city.
    this.cities = /city/i.test(database.type);
    const registers = [metrics.registry];
    const lookups = new Counter({
      name: 'shortline_geo_lookups_total',
      help: 'IP geolocation look-ups by outcome: found (a country), unknown (not in the database), private (a local address), error (no IP address, or a damaged record)',
      labelNames: ['outcome'],
      registers,
    });
    // Label-bound children: a flush counts one per click.
    this.outcomes = {
      found: lookups.labels('found'),
      unknown: lookups.labels('unknown'),
      private: lookups.labels('private'),
      error: lookups.labels('error'),
    };
    const built = database.builtAt.toISOString().slice(0, 10);
    new Gauge({
      name: 'shortline_geo_database_info',
      help: 'The geolocation database in use (always 1): its type, build date and source (shipped, or the GEOIP_DB file)',
      labelNames: ['type', 'built', 'source'],
      registers,
    }).set({ type: database.type, built, source: source === 'shipped' ? 'shipped' : 'GEOIP_DB' }, 1);
    new Gauge({
      name: 'shortline_geo_database_build_timestamp_seconds',
      help: 'When the geolocation database was built (Unix time): alert on its age',
      registers,
    }).set(Math.floor(database.builtAt.getTime() / 1000));
  }

  locate(ip: string): Location | undefined {
    const parsed = parseAddress(ip);
    if (parsed === undefined) {
      this.outcomes.error.inc();
      return undefined;
    }
    if (isLocal(parsed.address, parsed.family)) {
      this.outcomes.private.inc();
      return undefined;
    }
    let record: unknown;
    try {
      // An IPv4-only database has no IPv6 tree to walk.
      record = parsed.family === 6 && this.database.ipVersion === 4 ? null : this.database.get(parsed.address);
    } catch {
      // A damaged file: its records are unknown, the click is still written.
      this.outcomes.error.inc();
      return undefined;
    }
    const location = typeof record === 'object' && record !== null ? this.locationOf(record) : undefined;
    (location === undefined ? this.outcomes.unknown : this.outcomes.found).inc();
    return location;
  }

  private locationOf(record: object): Location | undefined {
    let location = this.locations.get(record);
    if (location === undefined) {
      location = locationOf(record) ?? null;
      this.locations.set(record, location);
    }
    return location ?? undefined;
  }
}
