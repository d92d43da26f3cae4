import type { components, paths } from './openapi';

/**
 * What the load tool sends and reads, typed from the OpenAPI document:
 * openapi.d.ts is generated from docs/api/openapi.json (`npm run
 * docs:api-types`), so a change to the API that the tool does not follow
 * fails to compile.
 */

type Method = 'get' | 'post' | 'patch' | 'delete';

/**
 * Until identity, links and analytics are documented (their routes are being
 * converted to operations): what the tool sends them and reads from them,
 * written here. An entry gives way to the document's own types as soon as
 * `npm run docs:api-types` puts its path in openapi.d.ts; delete it then.
 */
interface Undocumented {
  '/v1/workspaces': { post: { body: { name: string }; 201: { workspace: { id: string }; apiKey: { key: string } } } };
  '/v1/links': {
    get: { 200: { data: { id: string; slug: string }[]; nextCursor: string | null } };
    post: { body: { url: string; slug?: string; tags?: string[] } };
  };
  '/v1/links/bulk': {
    post: {
      body: { links: Body<'/v1/links', 'post'>[] };
      200: { results: { status: number; link?: { id: string; slug: string }; error?: { detail: string } }[] };
    };
  };
  '/v1/links/{id}': { patch: { body: { title?: string } } };
}

type Path = keyof paths | keyof Undocumented;

/** The JSON body `method` on `path` takes. */
export type Body<P extends Path, M extends Method> = P extends keyof paths
  ? paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never
  : P extends keyof Undocumented
    ? Undocumented[P] extends Record<M, { body: infer B }>
      ? B
      : never
    : never;

/** The JSON body `method` on `path` answers with `status`. */
export type Answer<P extends Path, M extends Method, S extends number> = P extends keyof paths
  ? paths[P][M] extends { responses: Record<S, { content: { 'application/json': infer A } }> }
    ? A
    : never
  : P extends keyof Undocumented
    ? Undocumented[P] extends Record<M, Record<S, infer A>>
      ? A
      : never
    : never;

/** An error answer (RFC 9457), as every operation documents it. */
export type Problem = components['schemas']['Problem'];
