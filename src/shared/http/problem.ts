import type { ErrorRequestHandler, Request, Response } from 'express';
import { errorFields, type Logger } from '../logging';
import { Invalid, NotFound, Unavailable, type DomainError, type FieldError } from '../errors';
import { PayloadTooLarge, problemShape, type HttpError } from './errors';

/** RFC 9457 problem details, plus the request id and per-field errors. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId?: string;
  errors?: FieldError[];
}

/** Problem types are URNs: stable identifiers, documented in docs/api.md, "Errors". */
export const problemType = (kind: string) => `urn:shortline:problem:${kind}`;

/** A domain or HTTP error as a problem document, headers and all. */
export function sendProblem(req: Request, res: Response, error: DomainError | HttpError): void {
  const shape = problemShape(error)!;
  const body: Problem = {
    type: problemType(shape.kind),
    title: shape.title,
    status: shape.status,
    detail: error.message,
    instance: req.originalUrl,
    requestId: res.locals.requestId as string | undefined,
  };
  if (error instanceof Invalid && error.errors.length > 0) body.errors = error.errors;
  for (const [name, value] of Object.entries(shape.headers)) res.setHeader(name, value);
  res.status(shape.status).type('application/problem+json').send(JSON.stringify(body));
}

/** body-parser errors carry a `type` and a `status`; translate the ones clients cause. */
function fromBodyParser(error: { type?: string; status?: number; limit?: number; errno?: number }): DomainError | HttpError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new Invalid('The request body is not valid JSON', [{ field: 'body', message: 'malformed JSON' }]);
    case 'entity.too.large':
      return new PayloadTooLarge(`The request body exceeds the limit of ${error.limit ?? '?'} bytes`);
    case 'parameters.too.many':
      return new PayloadTooLarge('The form has more fields than it may (parameterLimit)');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new Invalid('The request body uses an unsupported encoding or charset');
    case 'request.aborted':
      return new Invalid('The request was aborted before its body was complete');
    case undefined:
      // A corrupt or truncated gzip, deflate or br body: body-parser passes zlib's error on untyped, with status 400.
      if (error.status !== 400 || typeof error.errno !== 'number') return undefined;
      return new Invalid('The request body could not be decompressed: it is corrupt or truncated for its Content-Encoding', [
        { field: 'body', message: 'corrupt or truncated compressed data' },
      ]);
    default:
      return undefined;
  }
}

/** Codes of errors that mean "the database is unreachable or going away", not a bug. */
// 57014: cancelled by DB_STATEMENT_TIMEOUT_MS, i.e. the database is too slow right now.
// 40P01/40001: deadlock or serialisation failure; the same request will succeed when retried.
// 53100: disk full — the write fails until space returns, while reads and cached redirects go on.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57014',
  '57P01',
  '57P02',
  '57P03',
  '53100',
  '53300',
  '40P01',
  '40001',
]);

/** A dependency outage is the client's 503 to retry, not our 500. */
function fromOutage(error: { name?: string; code?: string; message?: string; syscall?: string }): DomainError | HttpError | undefined {
  const timedOut = error.name === 'KnexTimeoutError' || error.name === 'CacheLoadTimeout';
  // A failed connect of any kind: refused on TCP, or ENOENT on a Unix socket whose server stopped.
  const connectionLost = error.syscall === 'connect' || /Connection terminated|connect (ECONNREFUSED|ENOENT)/.test(error.message ?? '');
  if (timedOut || connectionLost || (error.code !== undefined && UNAVAILABLE_CODES.has(error.code))) {
    return new Unavailable('A service Shortline depends on is unreachable right now; try again shortly', 5);
  }
  return undefined;
}

/**
 * The one place errors become responses. Anything that is not a domain or HTTP error is
 * a bug: it is logged with its stack, and the client gets a generic 500 without it.
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    if (problemShape(error)) return sendProblem(req, res, error as DomainError | HttpError);
    const plain = (error ?? {}) as Record<string, never>;
    // The router could not decode a path parameter (`/v1/links/%`): such a path names nothing, as a malformed id does.
    if (error instanceof URIError) return sendProblem(req, res, new NotFound(`Nothing is at ${req.path}: it has a broken percent-encoding`));
    const fromClient = fromBodyParser(plain);
    if (fromClient) return sendProblem(req, res, fromClient);
    const outage = fromOutage(plain);
    if (outage) {
      logger.warn('dependency unavailable', { ...errorFields(error), method: req.method, path: req.originalUrl });
      return sendProblem(req, res, outage);
    }
    logger.error('unhandled error', { ...errorFields(error), method: req.method, path: req.originalUrl });
    const body: Problem = {
      type: problemType('internal-error'),
      title: 'Internal server error',
      status: 500,
      detail: 'Something went wrong on our side. Quote the request id if you report it.',
      instance: req.originalUrl,
      requestId: res.locals.requestId as string | undefined,
    };
    res.status(500).type('application/problem+json').send(JSON.stringify(body));
  };
}
