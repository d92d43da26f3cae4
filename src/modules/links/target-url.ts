import { isThisMachine } from '../../shared/http/host';

/**
 * Rules for the URL a link points to, and how the redirect builds its Location.
 */
const MAX_URL_LENGTH = 2048;

/** Why `raw` may not be a link target, or undefined if it may. `publicBase` is PUBLIC_BASE_URL. */
export function targetUrlProblem(raw: string, publicBase: URL): string | undefined {
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  // The URL parser would silently drop these; a Location header cannot carry them.
  if (/[\u0000-\u0020\u007f]/.test(raw)) return 'must not contain spaces or control characters';
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
  if (pointsAtItself(url, publicBase)) return "must not point at this service's own short domain (it would loop)";
  if (url.href.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters once encoded`;
  return undefined;
}

/** Schemes a browser would run or read locally rather than hand to an app: never a destination. */
const NOT_APP_SCHEMES = new Set(['javascript', 'data', 'file', 'vbscript', 'blob', 'about', 'filesystem', 'view-source', 'http', 'https']);

/**
 * Why `raw` may not be an app's deep link (`myapp://item/42`, `intent://…`),
 * or undefined if it may. Only targeting rules take them: opened on a device
 * without the app, they fail, so a rule should pick the device (`os`) first.
 */
export function appLinkProblem(raw: string): string | undefined {
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  if (/[\u0000-\u0020\u007f]/.test(raw)) return 'must not contain spaces or control characters';
  const scheme = /^([a-z][a-z0-9+.-]*):./i.exec(raw)?.[1].toLowerCase();
  if (scheme === undefined) return 'must be an absolute http(s) URL or an app link such as myapp://path';
  if (NOT_APP_SCHEMES.has(scheme)) return `must not use the ${scheme} scheme`;
  return undefined;
}

/**
 * Whether `url` reaches the short domain: its host on any port, or, when that
 * host is this machine, any other spelling of this machine at its port
 * (`127.0.0.1:3000` for `localhost:3000`).
 */
function pointsAtItself(url: URL, publicBase: URL): boolean {
  const host = hostKey(url.hostname);
  const base = hostKey(publicBase.hostname);
  if (host === base) return true;
  return isThisMachine(base) && isThisMachine(host) && effectivePort(url) === effectivePort(publicBase);
}

/** The URL parser lowercases names and writes each IP address one way; only a name's trailing dots are left to drop. */
function hostKey(hostname: string): string {
  return hostname.replace(/\.+$/, '');
}

function effectivePort(url: URL): string {
  return url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
}

/**
 * The form a target is stored and redirected in: the parser's serialisation,
 * with non-ASCII hosts in punycode and other characters percent-encoded, so it
 * can always be sent in a Location header.
 */
export function normaliseTargetUrl(raw: string): string {
  return new URL(raw).href;
}

/**
 * The redirect target, with the incoming query string forwarded when the link
 * asks for it. Incoming parameters replace same-named ones of the target, the
 * others are kept; the fragment stays at the end where it belongs.
 */
export function buildLocation(target: string, forwardQuery: boolean, incomingQuery: string): string {
  if (!forwardQuery || incomingQuery === '') return target;
  // String surgery rather than URLSearchParams, which would re-encode the
  // target's own parameters (%20 would become +).
  const hashAt = target.indexOf('#');
  const fragment = hashAt < 0 ? '' : target.slice(hashAt);
  const beforeFragment = hashAt < 0 ? target : target.slice(0, hashAt);
  const queryAt = beforeFragment.indexOf('?');
  const base = queryAt < 0 ? beforeFragment : beforeFragment.slice(0, queryAt);
  const ownQuery = queryAt < 0 ? '' : beforeFragment.slice(queryAt + 1);
  const replaced = new Set(new URLSearchParams(incomingQuery).keys());
  const kept = ownQuery.split('&').filter((pair) => pair !== '' && !replaced.has(paramName(pair)));
  return `${base}?${[...kept, incomingQuery].join('&')}${fragment}`;
}

function paramName(pair: string): string {
  return new URLSearchParams(pair).keys().next().value ?? '';
}
