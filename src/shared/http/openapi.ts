import { z } from 'zod';
import { createDocument, type oas31, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import type { DocumentedOperation } from './route';
import { FORM_LIMIT } from './operation';
import { SESSION_COOKIE } from './session-cookie';

/**
 * The OpenAPI 3.1 document of the running build, made from its operations'
 * zod schemas (zod-openapi turns them into JSON Schema and components). The
 * problems an operation can answer follow from what it declares: a guard
 * can answer 401 (and 403 with a scope), a body or a query 400, a body 413
 * and 415, an id in the path 404; every operation can answer 503.
 */

export const fieldErrorSchema = z.object({ field: z.string().meta({ example: 'body.url' }), message: z.string() }).meta({ id: 'FieldError' });

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'A stable URN naming the problem type', example: 'urn:shortline:problem:validation-error' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional().meta({ description: 'One entry per invalid field (validation errors)' }),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem document (application/problem+json)' });

const SECURITY_SCHEMES: Record<string, oas31.SecuritySchemeObject> = {
  apiKey: { type: 'http', scheme: 'bearer', description: "A workspace's API key (`sl_…`); each operation names the scope it needs" },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      "A signed-in person's session (POST /v1/session), whose role in the workspace grants the scopes; every write also needs the `X-CSRF-Token` header with the session's `csrfToken`",
  },
  adminToken: { type: 'http', scheme: 'bearer', description: 'The operator token, ADMIN_TOKEN' },
  internalToken: { type: 'http', scheme: 'bearer', description: 'The shared secret of the processes of a split deployment, INTERNAL_TOKEN' },
  metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when set' },
};

export type DocumentInfo = oas31.InfoObject;

export function openApiDocument(operations: readonly DocumentedOperation[], info: DocumentInfo): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of operations) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [op.method]: operationObject(op) };
  }
  return createDocument({
    openapi: '3.1.0',
    info,
    tags: [...new Set(operations.map((op) => op.spec.tag))].map((name) => ({ name })),
    paths,
    components: { securitySchemes: SECURITY_SCHEMES },
  });
}

/** What an API key may call, a session may too: either satisfies the requirement. */
function securityRequirements(scheme: string, scope: string | undefined): oas31.SecurityRequirementObject[] {
  const scopes = scope ? [scope] : [];
  return scheme === 'apiKey' ? [{ apiKey: scopes }, { session: scopes }] : [{ [scheme]: scopes }];
}

function operationObject({ spec, method, path }: DocumentedOperation): ZodOpenApiOperationObject {
  const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const security = spec.guard?.security;
  const scope = security?.scope;
  const object: ZodOpenApiOperationObject = {
    operationId: operationId(method, spec.summary),
    summary: spec.summary,
    description:
      [spec.description, scope ? `Needs an API key, or a session whose role grants it, with the \`${scope}\` scope.` : undefined]
        .filter(Boolean)
        .join('\n\n') || undefined,
    tags: [spec.tag],
    security: security ? securityRequirements(security.scheme, scope) : [],
    responses: responses(
      spec,
      names.length > 0,
      security?.scheme === 'apiKey' || security?.scheme === 'session',
      method !== 'get' && method !== 'head',
    ),
  };
  if (spec.internal) object['x-internal'] = true;
  if (spec.servedBy) object['x-served-by'] = spec.servedBy;
  const pathParams =
    names.length > 0
      ? z.object(
          Object.fromEntries(
            names.map((name) => {
              const noun = spec.ids?.[name];
              return [name, noun ? z.uuid().meta({ description: `The ${noun.toLowerCase()}'s id` }) : z.string()];
            }),
          ),
        )
      : undefined;
  if (pathParams || spec.query) {
    object.requestParams = {
      ...(pathParams ? { path: pathParams } : {}),
      ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
    };
  }
  if (spec.upload)
    object.requestBody = {
      required: true,
      content: Object.fromEntries(
        Object.entries(spec.upload.media).map(([type, description]) => [type, { schema: z.string().meta({ description, format: 'binary' }) }]),
      ),
    };
  if (spec.body)
    object.requestBody = {
      required: true,
      content: { [spec.form ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: spec.body } },
    };
  return object;
}

function responses(spec: DocumentedOperation['spec'], hasIds: boolean, callerGuarded: boolean, write: boolean): ZodOpenApiResponsesObject {
  const out: ZodOpenApiResponsesObject = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    out[status as `${1 | 2 | 3 | 4 | 5}${string}`] = {
      description: response.description,
      ...(response.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
            ),
          }
        : {}),
      ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema } } } : {}),
      ...(response.media
        ? { content: Object.fromEntries(Object.entries(response.media).map(([type, schema]) => [type, schema ? { schema } : {}])) }
        : {}),
    };
  }
  const problems: Record<number, string> = {};
  if (spec.body || spec.query) problems[400] = 'The request is not valid: `errors` names each invalid field';
  if (spec.guard) problems[401] = 'No valid credentials';
  const refusals = [
    spec.guard?.security.scope && `the API key or the person's role lacks the \`${spec.guard.security.scope}\` scope`,
    spec.guard?.security.scheme === 'session' && 'an API key called what is for a signed-in person',
    write && 'a write with the session cookie lacks its X-CSRF-Token',
  ].filter(Boolean);
  if (callerGuarded && refusals.length > 0) problems[403] = `Refused: ${refusals.join('; or ')}`;
  if (hasIds) problems[404] = 'No such resource in this workspace (an id of another workspace included)';
  if (spec.upload) {
    problems[413] = `The body exceeds ${spec.upload.limit}`;
    problems[415] = `The body is none of ${Object.keys(spec.upload.media).join(', ')}`;
  }
  if (spec.body) {
    problems[413] = spec.form ? `The form exceeds ${FORM_LIMIT}` : 'The body exceeds BODY_LIMIT';
    problems[415] = spec.form ? 'The body is not a form (application/x-www-form-urlencoded)' : 'The body is not JSON';
  }
  if (callerGuarded || spec.rateLimit)
    problems[429] = spec.rateLimit
      ? `Too many requests: ${spec.rateLimit.what} (Retry-After, RateLimit)`
      : 'Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit)';
  Object.assign(problems, spec.problems);
  problems[503] = 'A service Shortline depends on is unreachable right now; try again (Retry-After)';
  for (const [status, description] of Object.entries(problems)) {
    const given = spec.problems?.[Number(status)];
    out[status as `${1 | 2 | 3 | 4 | 5}${string}`] = {
      description: given ?? description,
      content: {
        'application/problem+json': { schema: problemSchema },
        ...(spec.htmlProblems ? { 'text/html': { schema: z.string().meta({ description: 'A small page saying what went wrong' }) } } : {}),
      },
    };
  }
  return out;
}

/** `Create a link` → `createLink`: the summary's words without articles, camel-cased. */
function operationId(method: string, summary: string): string {
  const words = summary
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && !['a', 'an', 'the', 'of', 'its'].includes(word.toLowerCase()));
  const id = words.map((word, i) => (i === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase())).join('');
  return id || method;
}
