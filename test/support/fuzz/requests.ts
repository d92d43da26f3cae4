import fc from 'fast-check';
import { badQueryValue, badValue } from './bad-values';
import { malformedJson, oddEncoding } from './encodings';
import { nestedFields, setAt } from './nested';
import { hintsFor, type HintContext } from './hints';
import type { FuzzOperation, Parameter } from './operations';
import { validValue, type Hints } from './values';

/**
 * One request the fuzzer sends, and what the service must make of it:
 * `valid` must succeed; `must` be refused (a 4xx problem); `may` is odd
 * but possibly fine. Whatever it is, it never gets a 5xx, and a refused one
 * changes nothing.
 */
export interface FuzzRequest {
  /** `METHOD /path (verdict: what)`, as fast-check reports a counterexample. */
  [fc.toStringMethod]: () => string;
  operation: FuzzOperation;
  verdict: 'valid' | 'must' | 'may';
  /** What was done to the request, for the report. */
  what: string;
  /** Path parameters: `own` is workspace A's thing of that path (resolved when sent), else the text to put there. */
  path: Record<string, { own: true } | { text: string }>;
  /** The query string, without `?`, percent-encoded. */
  query: string;
  /** JSON value for the body, or raw bytes with their headers. */
  body?: { json: unknown } | { raw: Buffer; headers: Record<string, string> };
  /** How to authenticate: as the document says, not at all, or with a wrong credential. */
  auth: 'documented' | 'none' | 'wrong';
}

export interface RequestContext extends Omit<HintContext, 'operation'> {
  /** Ids of workspace B's things by collection, and its link's slug, to try through A. */
  other: Record<string, string>;
}

const UNKNOWN_UUID = '7f3a8c2e-1b4d-4e6f-9a0b-2c3d4e5f6a7b';

/** Every kind of request for the operation, valid ones three times as often as any one kind of invalid. */
export function requestFor(operation: FuzzOperation, context: RequestContext): fc.Arbitrary<FuzzRequest> {
  const hints = hintsFor({ ...context, operation: operation.name });
  const query = operation.parameters.filter((p) => p.in === 'query');
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const validQuery = queryValue(query, hints);
  const validBody = operation.body ? validValue(operation.body.schema, hints) : fc.constant(undefined);
  const own = Object.fromEntries(pathParams.map((p) => [p.name, { own: true as const }]));
  const base = (verdict: FuzzRequest['verdict'], what: string, q: string, body: unknown): FuzzRequest => ({
    [fc.toStringMethod]: () => `${operation.name} (${verdict}: ${what})`,
    operation,
    verdict,
    what,
    path: own,
    query: q,
    body: operation.body ? { json: body } : undefined,
    auth: 'documented',
  });

  const kinds: fc.WeightedArbitrary<FuzzRequest>[] = [
    { weight: 6, arbitrary: fc.tuple(validQuery, validBody).map(([q, body]) => base('valid', 'a valid request', q, body)) },
  ];
  const properties = Object.entries(operation.body?.schema.properties ?? {});
  if (properties.length > 0) {
    const required = new Set(operation.body?.schema.required ?? []);
    kinds.push({
      weight: 4,
      arbitrary: fc.tuple(validQuery, validBody, fc.constantFrom(...properties)).chain(([q, body, [name, schema]]) =>
        badValue(schema).map((bad): FuzzRequest => {
          const json = { ...(body as object), [name]: bad.value };
          const request = base(bad.refused, `body.${name}: ${bad.what}`, q, json);
          if (bad.raw === undefined) return request;
          // JSON cannot carry 1e309 as a value: splice the text in where a marker stands.
          const text = JSON.stringify({ ...(body as object), [name]: '\u0000marker' }).replace('"\\u0000marker"', bad.raw);
          return { ...request, body: { raw: Buffer.from(text), headers: { 'Content-Type': 'application/json' } } };
        }),
      ),
    });
    kinds.push({
      weight: 2,
      arbitrary: fc.tuple(validQuery, validBody, fc.nat()).chain(([q, body, pick]) => {
        const fields = nestedFields(body, operation.body!.schema);
        if (fields.length === 0) return fc.constant(base('valid', 'a valid request (nothing nested to spoil)', q, body));
        const { path, schema } = fields[pick % fields.length];
        // A bulk request answers each item on its own (200, the bad one's 400 inside): its items' mutations may be taken.
        const itemwise = operation.path.endsWith('/bulk');
        return badValue(schema).map((bad) =>
          base(bad.raw === undefined && !itemwise ? bad.refused : 'may', `body.${path.join('.')}: ${bad.what}`, q, setAt(body, path, bad.value)),
        );
      }),
    });
    kinds.push({
      weight: 1,
      arbitrary: fc.tuple(validQuery, validBody, fc.constantFrom(...properties)).map(([q, body, [name]]) => {
        const json = { ...(body as object) } as Record<string, unknown>;
        delete json[name];
        return base(required.has(name) ? 'must' : 'may', `body without ${name}`, q, json);
      }),
    });
    kinds.push({
      weight: 1,
      arbitrary: fc
        .tuple(validQuery, validBody, fc.constantFrom('unknownField', 'isAdmin', 'workspaceId', 'id', '__proto__'))
        .map(([q, body, name]) =>
          base('may', `body with an unknown field ${name}`, q, JSON.parse(JSON.stringify(body).replace(/^\{/, `{"${name}":"x",`).replace(',}', '}'))),
        ),
    });
  }
  if (operation.body) {
    const contentType = operation.body.contentType;
    const isJson = contentType === 'application/json';
    const encoded = (body: unknown) => (isJson ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString());
    kinds.push({
      weight: 3,
      arbitrary: fc
        .tuple(validQuery, validBody)
        .chain(([q, body]) =>
          (isJson
            ? fc.oneof(oddEncoding(encoded(body), contentType), malformedJson(encoded(body), contentType))
            : oddEncoding(encoded(body), contentType)
          ).map((raw): FuzzRequest => ({ ...base(raw.refused, raw.what, q, body), body: { raw: raw.body, headers: raw.headers } })),
        ),
    });
  }
  if (query.length > 0) {
    kinds.push({
      weight: 3,
      arbitrary: fc
        .tuple(validQuery, fc.constantFrom(...query))
        .chain(([q, param]) =>
          badQueryValue(param.schema).map((bad) =>
            base(bad.refused, `query ${param.name}: ${bad.what}`, withParam(q, param.name, bad.encoded), undefined),
          ),
        ),
    });
    kinds.push({
      weight: 1,
      arbitrary: fc
        .tuple(validQuery, fc.constantFrom(...query))
        .map(([q, param]) =>
          base(
            'may',
            `query ${param.name} given twice`,
            `${q}&${param.name}=${encodeURIComponent(String(param.schema.enum?.[0] ?? param.schema.minimum ?? 'a'))}&${param.name}=x`,
            undefined,
          ),
        ),
    });
  }
  kinds.push({
    weight: 1,
    arbitrary: fc
      .tuple(validQuery, validBody, fc.constantFrom('unknown=1', 'limit=5&limit=6', '__proto__=x', 'a[b]=c', '%00=%00', '&&&', '=x'))
      .map(([q, body, extra]) => base('may', `an extra query ${extra}`, q ? `${q}&${extra}` : extra, body)),
  });
  if (pathParams.length > 0) {
    kinds.push({
      weight: 3,
      arbitrary: fc.tuple(validQuery, validBody, fc.constantFrom(...pathParams), badPathValue(context.other)).map(([q, body, param, bad]) => ({
        // Anyone may open B's short URLs: on a public operation its things are no one's secret.
        ...base(bad.what.startsWith('workspace B') && operation.caller === 'public' ? 'may' : 'must', `path ${param.name}: ${bad.what}`, q, body),
        path: { ...own, [param.name]: { text: bad.text } },
      })),
    });
  }
  if (operation.caller !== 'public' && operation.caller !== 'metricsToken') {
    kinds.push({
      weight: 1,
      arbitrary: fc.tuple(validQuery, validBody, fc.constantFrom<'none' | 'wrong'>('none', 'wrong')).map(([q, body, auth]) => ({
        ...base('must', auth === 'none' ? 'no credentials' : 'a wrong credential', q, body),
        auth,
      })),
    });
  }
  // A form is all text, and a browser's: its refusals are pages and redirects (303 back to the form), not problems to require.
  // A click batch between processes is taken with NULs dropped: refusing it would only have it retried for good.
  const lenient = operation.body?.contentType === 'application/x-www-form-urlencoded' || operation.name === 'POST /internal/analytics/clicks';
  return lenient
    ? fc.oneof(...kinds).map((req) => (req.verdict === 'must' && req.auth === 'documented' ? { ...req, verdict: 'may' as const } : req))
    : fc.oneof(...kinds);
}

/** A valid query string: the required parameters, and now and then each optional one. */
function queryValue(parameters: Parameter[], hints: Hints): fc.Arbitrary<string> {
  if (parameters.length === 0) return fc.constant('');
  const fields = Object.fromEntries(
    parameters
      .filter((p) => p.required || hints[p.name] !== undefined || !(p.name in hints))
      .map((p) => [p.name, validValue(p.schema, hints, p.name)]),
  );
  const required = parameters.filter((p) => p.required).map((p) => p.name);
  return fc.record(fields, { requiredKeys: required }).map((values) =>
    Object.entries(values)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
      .join('&'),
  );
}

function withParam(query: string, name: string, encoded: string): string {
  const kept = query.split('&').filter((pair) => pair !== '' && !pair.startsWith(`${name}=`));
  return [...kept, `${name}=${encoded}`].join('&');
}

/** Path values that name nothing of A's: unknown, malformed, B's. */
function badPathValue(other: Record<string, string>): fc.Arbitrary<{ what: string; text: string }> {
  return fc.oneof(
    fc.constant({ what: 'an unknown id', text: UNKNOWN_UUID }),
    fc.constantFrom(...Object.entries(other)).map(([collection, id]) => ({ what: `workspace B's ${collection}`, text: encodeURIComponent(id) })),
    fc
      .constantFrom(
        'not-a-uuid',
        '0',
        '-1',
        '9007199254740993',
        'NaN',
        "1' or '1'='1",
        '..',
        '%2e%2e%2f',
        '%00',
        'a%00b',
        '%ED%A0%80',
        '%FF',
        '%',
        'x'.repeat(3000),
        UNKNOWN_UUID.toUpperCase(),
        `${UNKNOWN_UUID}x`,
        '%20',
        '{id}',
      )
      .map((text) => ({ what: `the malformed id ${text.length > 40 ? `${text.slice(0, 10)}… (${text.length})` : text}`, text })),
  );
}
