import type { components, paths } from '../../docs/api/openapi';

/**
 * What the load tool sends and reads, typed from the OpenAPI document:
 * docs/api/openapi.d.ts is generated from docs/api/openapi.json (`npm run
 * docs:api-types`), so a change to the API that the tool does not follow
 * fails to compile.
 */

type Method = 'get' | 'post' | 'patch' | 'delete';

type Path = keyof paths;

/** The JSON body `method` on `path` takes. */
export type Body<P extends Path, M extends Method> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The JSON body `method` on `path` answers with `status`. */
export type Answer<P extends Path, M extends Method, S extends number> = paths[P][M] extends {
  responses: Record<S, { content: { 'application/json': infer A } }>;
}
  ? A
  : never;

/** An error answer (RFC 9457), as every operation documents it. */
export type Problem = components['schemas']['Problem'];
