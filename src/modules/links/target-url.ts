/**
 * Rules for the URL a link points to, and how the redirect builds its Location.
 */
export const MAX_URL_LENGTH = 2048;

/** Why `raw` may not be a link target, or undefined if it may. */
export function targetUrlProblem(raw: string, publicHostname: string): string | undefined {
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must use http or https, not ${url.protocol.replace(/:$/, '')}`;
  }
  if (url.username !== '' || url.password !== '') return 'must not contain credentials (user:password@)';
  if (url.hostname === '') return 'must name a host';
  if (url.hostname.toLowerCase() === publicHostname) return 'must not point at this service\'s own short domain (it would loop)';
  return undefined;
}

/**
 * The redirect target, with the incoming query string forwarded when the link
 * asks for it. Incoming parameters replace same-named ones of the target, the
 * others are kept; the fragment stays at the end where it belongs.
 */
export function buildLocation(target: string, forwardQuery: boolean, incomingQuery: string): string {
  if (!forwardQuery || incomingQuery === '') return target;
  const url = new URL(target);
  const incoming = new URLSearchParams(incomingQuery);
  for (const name of new Set(incoming.keys())) url.searchParams.delete(name);
  for (const [name, value] of incoming) url.searchParams.append(name, value);
  return url.toString();
}
