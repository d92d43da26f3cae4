import fc from 'fast-check';
import type { Hints } from './values';

/**
 * What a valid request needs that its schema cannot say, by field name: a
 * target URL the service redirects to, a webhook receiver it may call, a host
 * name no other workspace holds, a date in the future, an A/B split whose
 * weights add up to 100, a real country. `undefined` leaves a field out:
 * values only another request can give (a cursor, a custom domain).
 */
export interface HintContext {
  /** `METHOD /path` of the operation. */
  operation: string;
  /** The signed-in person's email and password, for POST /v1/session. */
  person: { email: string; password: string };
  /** Workspace A's id, for operations that name it. */
  workspaceId: string;
  /** A PNG data URL the QR logo accepts. */
  logo: string;
}

const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);
const unique = fc.stringMatching(/^[a-z0-9]{12}$/);

const targetUrl = fc
  .tuple(
    fc.constantFrom('https', 'http'),
    fc.constantFrom('example.com', 'example.org', 'www.example.net', 'bücher.example'),
    fc.array(word, { maxLength: 3 }),
    fc.option(word),
  )
  .map(([scheme, host, path, query]) => `${scheme}://${host}/${path.join('/')}${query === null ? '' : `?q=${query}`}`);

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const future = fc.date({ min: new Date('2031-01-01'), max: new Date('2099-01-01'), noInvalidDate: true }).map((d) => d.toISOString());

const split = fc.constantFrom<[number, number]>([50, 50], [1, 99], [30, 70]).chain(([a, b]) =>
  fc.tuple(targetUrl, targetUrl).map(([u1, u2]) => [
    { url: u1, weight: a },
    { url: u2, weight: b },
  ]),
);

const rule = fc.record(
  {
    url: fc.oneof(targetUrl, fc.constant('myapp://item/42')),
    device: fc.subarray(['desktop', 'mobile', 'tablet'], { minLength: 1 }),
    country: fc.subarray(['DE', 'US', 'FR', 'JP'], { minLength: 1 }),
    language: fc.subarray(['de', 'en', 'pt-BR'], { minLength: 1 }),
    query: fc.constant({ ref: 'newsletter' }),
  },
  { requiredKeys: ['url'] },
);

export function hintsFor(context: HintContext): Hints {
  const { operation } = context;
  const hints: Hints = {
    url: targetUrl,
    rootUrl: fc.option(targetUrl),
    notFoundUrl: fc.option(targetUrl),
    image: operation === 'PUT /v1/qr-logo' ? fc.constant(context.logo) : fc.option(targetUrl),
    hostname: unique.map((name) => `fz-${name}.example`),
    slug: unique.map((name) => `fz-${name}`),
    expiresAt: future,
    variants: fc.oneof(split, fc.constant([])),
    targeting: fc.array(rule, { maxLength: 2 }),
    email: unique.map((name) => `fz-${name}@example.com`),
    tz: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
    // A range of a few days up to now, in order whichever is left out (the audit log's takes date-times only).
    from: operation.includes('/stats') ? fc.constantFrom(daysAgo(3).slice(0, 10), daysAgo(2)) : fc.constant(daysAgo(2)),
    to: fc.constant(daysAgo(0)),
    workspaceId: fc.constant(context.workspaceId),
    // Only an owner may make an owner, and the fuzzer's key is no person.
    role: fc.constantFrom('admin', 'member', 'viewer'),
    // Only another answer gives these: a page's cursor, a verified domain of the workspace.
    cursor: undefined,
    domain: operation === 'GET /v1/links' ? word.map((w) => `${w}.example`) : undefined,
  };
  if (operation === 'POST /v1/webhooks' || operation === 'PATCH /v1/webhooks/{id}') hints.url = word.map((path) => `http://127.0.0.1:9/${path}`);
  if (operation === 'POST /v1/session') {
    hints.email = fc.constant(context.person.email);
    hints.password = fc.constant(context.person.password);
  }
  // A CSV's column mapping, as JSON (the schema says only "a string").
  if (operation === 'POST /v1/imports') hints.mapping = fc.constant('{"url":"url","slug":"slug"}');
  if (operation === 'PUT /v1/account/password') hints.currentPassword = fc.constant(context.person.password);
  return hints;
}
