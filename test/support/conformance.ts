import type { IncomingMessage, ServerResponse } from 'node:http';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Express, Request } from 'express';

/**
 * Every response an app of the tests sends, checked against the OpenAPI
 * document that app serves: the operation that answered (the Express route
 * that matched, the route a hot path names, or for what answers before
 * Express, a documented operation marked `x-served-by` whose path matches)
 * must be documented, with the response's status and content type, and the
 * body must match that response's schema. What no operation answered (an
 * unknown path, a method a route refuses) is checked only when it is a
 * problem document, against the Problem schema.
 *
 * createTestApp checks its apps into `violations`; conformance-setup.ts
 * fails the test file on any. Apps built otherwise (other processes, apps a
 * test assembles itself) are not checked.
 */

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, unknown> };
}

interface OperationObject {
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
  'x-served-by'?: string;
}

export interface Violation {
  /** `METHOD /path` as documented, or what answered when nothing documented did. */
  operation: string;
  status: number;
  problem: string;
  /** The request it was first seen on. */
  request: string;
  count: number;
}

/** What the apps of createTestApp answered against their documents, in this test file. */
export const violations: Violation[] = [];

export function describeViolations(list: readonly Violation[]): string {
  return [
    'Responses that differ from the OpenAPI document the app serves (GET /openapi.json):',
    ...list.map((v) => `  ${v.operation} → ${v.status}: ${v.problem} (${v.count}×; first on ${v.request})`),
  ].join('\n');
}

type Handle = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** Checks every response `app` sends from now on, into `report`. */
export function checkResponses(app: Express, document: OpenApiDocument, report: Violation[] = violations): void {
  const check = checker(document);
  const target = app as unknown as { handle: Handle };
  const handle = target.handle.bind(app);
  // Outermost: what a fast path answers before Express is seen too.
  target.handle = (req, res, next) => {
    const body = captureBody(res);
    res.once('finish', () => {
      let found: Found | undefined;
      try {
        found = check(req as Request, res, Buffer.concat(body));
      } catch (error) {
        // A schema Ajv cannot compile, say: reported with the rest rather than thrown from an event listener.
        found = { operation: `${req.method} ${req.url}`, status: res.statusCode, problem: `not checked: ${(error as Error).message}` };
      }
      if (!found) return;
      const same = report.find((v) => v.operation === found.operation && v.status === found.status && v.problem === found.problem);
      if (same) same.count++;
      else report.push({ ...found, request: `${req.method} ${req.url}`, count: 1 });
    });
    handle(req, res, next);
  };
}

/** The bytes written to `res`, as they are written. */
function captureBody(res: ServerResponse): Buffer[] {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding: unknown) => {
    if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  res.end = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  return chunks;
}

type Found = Pick<Violation, 'operation' | 'status' | 'problem'>;

interface Answered {
  /** `METHOD /path` as documented. */
  name: string;
  path: string;
  operation: OperationObject;
}

function checker(document: OpenApiDocument): (req: Request, res: ServerResponse, body: Buffer) => Found | undefined {
  const validator = validators(document);
  const outside = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, operation]) => operation['x-served-by'] !== undefined)
      .map(([method, operation]) => ({ method, path, operation, name: `${method.toUpperCase()} ${path}`, pattern: templatePattern(path) })),
  );

  return (req, res, body) => {
    const method = (req.method ?? 'GET').toLowerCase();
    // HEAD is answered by the GET operation, without a body.
    const documented = method === 'head' ? 'get' : method;
    const status = res.statusCode;
    const mediaType = String(res.getHeader('content-type') ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();

    let answered: Answered | undefined;
    const route = routeOf(req, res, documented);
    if (route !== undefined) {
      const path = route.replace(/:(\w+)/g, '{$1}');
      const name = `${method.toUpperCase()} ${path}`;
      const operation = document.paths[path]?.[documented];
      if (!operation) return { operation: name, status, problem: 'the operation is not in the document' };
      answered = { name, path, operation };
    } else if ((res as { locals?: unknown }).locals === undefined) {
      // Express never saw the request: a fast path answered it.
      const path = (req.url ?? '').split('?')[0];
      answered = outside.find((o) => o.method === documented && o.pattern.test(path));
      if (!answered) return { operation: `${method.toUpperCase()} (fast path)`, status, problem: 'no operation marked x-served-by has this path' };
    } else {
      // No operation answered: an unknown path, a method a route refuses, a static file of /docs.
      // A HEAD has the headers of its GET and no body to check.
      if (mediaType !== 'application/problem+json' || method === 'head') return undefined;
      const problem = bodyProblem(validator('Problem', { $ref: '#/components/schemas/Problem' }), body, mediaType);
      return problem === undefined ? undefined : { operation: `${method.toUpperCase()} (no operation)`, status, problem };
    }

    const { name, path, operation } = answered;
    const found = (problem: string): Found => ({ operation: name, status, problem });
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => operation.responses[k] !== undefined);
    if (key === undefined) return found(`status ${status} is not documented (it documents ${Object.keys(operation.responses).join(', ')})`);
    if (method === 'head') return undefined;
    const { content } = operation.responses[key];
    if (!content) return body.length > 0 ? found(`a body (${mediaType || 'untyped'}) where the document says none`) : undefined;
    const schema = content[mediaType]?.schema;
    if (!content[mediaType])
      return found(`Content-Type ${mediaType || '(none)'} is not documented (it documents ${Object.keys(content).join(', ')})`);
    if (!schema) return undefined;
    const problem = bodyProblem(validator(`${documented} ${path} ${key} ${mediaType}`, schema), body, mediaType);
    return problem === undefined ? undefined : found(problem);
  };
}

/** The route that answered: the Express route that matched, if it has the method (not route()'s 405), or the one a hot path names. */
function routeOf(req: Request, res: ServerResponse, method: string): string | undefined {
  const route = req.route as { path: string; methods: Record<string, boolean> } | undefined;
  if (route?.methods[method]) return route.path;
  // A hot path names its route as it does for the metrics (res.locals.route).
  return (res as { locals?: { route?: string } }).locals?.route;
}

/** `/v1/things/{id}` → a pattern its paths match (with a trailing slash, as Express allows). */
function templatePattern(path: string): RegExp {
  const parts = path.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}/?$`);
}

function bodyProblem(validate: ValidateFunction, raw: Buffer, mediaType: string): string | undefined {
  let value: unknown = raw.toString('utf8');
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    try {
      value = JSON.parse(value as string);
    } catch {
      return 'the body is not JSON';
    }
  }
  if (validate(value)) return undefined;
  return (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? ''}`).join('; ');
}

/** Ajv validators for a document's schemas, `$ref`s to its components resolved; one set per distinct document. */
const compiled = new Map<string, (key: string, schema: object) => ValidateFunction>();

function validators(document: OpenApiDocument): (key: string, schema: object) => ValidateFunction {
  const text = JSON.stringify(document);
  let validator = compiled.get(text);
  if (validator) return validator;
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  // OpenAPI's own keywords: an example in a schema, and the components each schema carries so its `#/components/...` refs resolve.
  ajv.addKeyword('example');
  ajv.addKeyword('components');
  const functions = new Map<string, ValidateFunction>();
  validator = (key, schema) => {
    let validate = functions.get(key);
    if (!validate) {
      validate = ajv.compile({ ...schema, components: document.components });
      functions.set(key, validate);
    }
    return validate;
  };
  compiled.set(text, validator);
  return validator;
}
