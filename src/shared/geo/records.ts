/**
 * Where an address is: a country (ISO 3166-1 alpha-2, upper case) and, when
 * the database has cities, the city's English name.
 */
export interface Location {
  readonly country: string;
  readonly city: string | null;
}

/** Longer names are cut: no real city name comes near it. */
const CITY_MAX = 100;

/**
 * The location in one database record, whichever of the two record shapes it
 * has; undefined when the record names no country (GeoIP2 has records with a
 * continent only, and a city without its country would be no key at all).
 *
 * - MaxMind GeoIP2 / GeoLite2 (and DB-IP's own MaxMind-compatible files):
 *   `{ country: { iso_code }, city: { names: { en } } }`
 * - ip-location-db (the npm packages): `{ country_code, city }`
 */
export function locationOf(record: unknown): Location | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const r = record as { country?: unknown; country_code?: unknown; city?: unknown };
  const country = countryCode(typeof r.country_code === 'string' ? r.country_code : field(r.country, 'iso_code'));
  if (country === undefined) return undefined;
  const city = typeof r.city === 'string' ? r.city : field(field(r.city, 'names'), 'en');
  return { country, city: cityName(city) };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Two letters; anything else (ip-location-db's `ZZ` for unknown, `XX`) is no country. */
function countryCode(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const code = value.toUpperCase();
  return /^[A-Z]{2}$/.test(code) && code !== 'XX' && code !== 'ZZ' ? code : undefined;
}

function cityName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim();
  return name === '' ? null : name.slice(0, CITY_MAX);
}
