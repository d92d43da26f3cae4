/**
 * The country a CDN's or proxy's geo header names (CLICK_COUNTRY_HEADER, e.g.
 * CF-IPCountry): two characters, a letter then a letter or digit (Cloudflare's
 * `T1` for Tor), upper-cased; `XX` (unknown) and anything else give none.
 */
export function countryFromHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const code = value.trim().toUpperCase();
  return /^[A-Z][A-Z0-9]$/.test(code) && code !== 'XX' ? code : undefined;
}
