import type { components, paths } from '../../../docs/api/openapi';

/**
 * The dashboard's one way to call the API, typed from the OpenAPI document
 * (docs/api/openapi.d.ts, generated): a path, method, body or answer the
 * API does not have fails to compile. The session cookie goes with every
 * call (same origin); every call that changes something also carries the
 * session's CSRF token, without which the API refuses it (403).
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Path = keyof paths;
export type Problem = components['schemas']['Problem'];
export type Schemas = components['schemas'];

type Operation<P extends Path, M extends Method> = M extends keyof paths[P] ? NonNullable<paths[P][M]> : never;
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : undefined;

/** The JSON body `method` on `path` takes. */
export type Body<P extends Path, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** Its query parameters. */
export type Query<P extends Path, M extends Method> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
/** What it answers on success: the JSON of its 200, 201 or 202, or nothing (204). */
export type Answer<P extends Path, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer A }
      ? JsonOf<A>
      : R extends { 201: infer A }
        ? JsonOf<A>
        : R extends { 202: infer A }
          ? JsonOf<A>
          : undefined
    : never;

/** An API call that failed: its problem document (RFC 9457), or one made up for a network failure. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }

  get status(): number {
    return this.problem.status;
  }

  /** The problem's `errors[]` by field, without the `body.`/`query.` prefix: `{ url: 'must be an http(s) URL' }`. */
  fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const { field, message } of this.problem.errors ?? []) fields[field.replace(/^(body|query)\.?/, '') || 'body'] ??= message;
    return fields;
  }
}

let csrfToken: string | undefined;
/** Set from the session on sign-in and on every session read; cleared on sign-out. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

let onUnauthenticated: () => void = () => {};
/** What a 401 on any call does (back to the sign-in page). */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export interface CallOptions<P extends Path, M extends Method> {
  /** The path's `{name}`s. */
  params?: Record<string, string>;
  query?: Query<P, M>;
  body?: Body<P, M>;
  /** A 401 is this call's own answer (the session check, the sign-in form), not a reason to leave the page. */
  quiet401?: boolean;
}

export async function api<P extends Path, M extends Method>(method: M, path: P, options: CallOptions<P, M> = {}): Promise<Answer<P, M>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'get' && csrfToken !== undefined) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.params, options.query as Record<string, unknown> | undefined), {
      method: method.toUpperCase(),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: 'The server could not be reached. Check the connection and try again.',
      instance: path,
    });
  }
  if (response.status === 204) return undefined as Answer<P, M>;
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const problem = isProblem(json)
      ? json
      : {
          type: 'about:blank',
          title: response.statusText,
          status: response.status,
          detail: `The server answered ${response.status}.`,
          instance: path,
        };
    if (response.status === 401 && !options.quiet401) onUnauthenticated();
    throw new ApiError(problem);
  }
  return json as Answer<P, M>;
}

/** The URL of `path` with its parameters filled in and its query (undefined and empty values left out). */
export function urlOf(path: string, params: Record<string, string> = {}, query: Record<string, unknown> = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(name, String(value));
  const qs = search.toString();
  return qs === '' ? filled : `${filled}?${qs}`;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'detail' in value;
}
