import { Conflict, DomainError, Forbidden, Invalid, NotFound, TooManyAttempts, Unauthenticated, Unavailable } from '../errors';

/**
 * Errors only HTTP can have (a method a path does not serve, a body too
 * large, a link gone), and the one mapping of every error a response can
 * carry to its status, problem type and headers (used by problem.ts).
 */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** Short, stable slug naming the problem type, e.g. `method-not-allowed`. */
    readonly kind: string,
    readonly title: string,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export class MethodNotAllowed extends HttpError {
  constructor(method: string, allowed: string[]) {
    super(405, 'method-not-allowed', 'Method not allowed', `${method} is not supported here; use ${allowed.join(', ')}`, {
      Allow: allowed.join(', '),
    });
  }
}

export class PayloadTooLarge extends HttpError {
  constructor(detail: string) {
    super(413, 'payload-too-large', 'Request body too large', detail);
  }
}

export class UnsupportedMediaType extends HttpError {
  constructor(detail: string) {
    super(415, 'unsupported-media-type', 'Unsupported media type', detail);
  }
}

export interface ProblemShape {
  status: number;
  kind: string;
  title: string;
  headers: Record<string, string>;
}

/** The status, problem type and headers of a domain error. */
const DOMAIN: [new (...args: never[]) => DomainError, Omit<ProblemShape, 'headers'>][] = [
  [Invalid, { status: 400, kind: 'validation-error', title: 'Your request is not valid' }],
  [Unauthenticated, { status: 401, kind: 'unauthorized', title: 'Authentication required' }],
  [Forbidden, { status: 403, kind: 'forbidden', title: 'Not allowed' }],
  [NotFound, { status: 404, kind: 'not-found', title: 'Not found' }],
  [Conflict, { status: 409, kind: 'conflict', title: 'Conflict with the current state' }],
  [TooManyAttempts, { status: 429, kind: 'too-many-attempts', title: 'Too many attempts' }],
  [Unavailable, { status: 503, kind: 'unavailable', title: 'Service temporarily unavailable' }],
];

/** How a domain or HTTP error is answered; undefined for anything else (a bug, or an outage problem.ts recognises). */
export function problemShape(error: unknown): ProblemShape | undefined {
  if (error instanceof HttpError) return error;
  if (!(error instanceof DomainError)) return undefined;
  const shape = DOMAIN.find(([type]) => error instanceof type)?.[1];
  if (!shape) return undefined;
  const headers: Record<string, string> = {};
  if (error instanceof Unauthenticated) headers['WWW-Authenticate'] = 'Bearer realm="shortline"';
  if ((error instanceof Unavailable || error instanceof TooManyAttempts) && error.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(error.retryAfterSeconds);
  return { ...shape, headers };
}
