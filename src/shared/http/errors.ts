/**
 * The few typed errors services throw. The HTTP layer maps each to an RFC 9457
 * problem document in one place (problem.ts); services never build responses.
 */

export interface FieldError {
  /** Dotted path to the offending field, e.g. `body.scopes.1`. */
  field: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  /** Short, stable slug that names the problem type, e.g. `not-found`. */
  abstract readonly kind: string;
  abstract readonly title: string;
  /** Extra response headers (e.g. WWW-Authenticate, Allow, Retry-After). */
  headers: Record<string, string> = {};
}

export class Invalid extends AppError {
  readonly status = 400;
  readonly kind = 'validation-error';
  readonly title = 'Your request is not valid';
  constructor(
    detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }
}

export class Unauthorized extends AppError {
  readonly status = 401;
  readonly kind = 'unauthorized';
  readonly title = 'Authentication required';
  constructor(detail: string) {
    super(detail);
    this.headers['WWW-Authenticate'] = 'Bearer realm="shortline"';
  }
}

export class Forbidden extends AppError {
  readonly status = 403;
  readonly kind = 'forbidden';
  readonly title = 'Not allowed';
}

export class NotFound extends AppError {
  readonly status = 404;
  readonly kind = 'not-found';
  readonly title = 'Not found';
}

export class MethodNotAllowed extends AppError {
  readonly status = 405;
  readonly kind = 'method-not-allowed';
  readonly title = 'Method not allowed';
  constructor(method: string, allowed: string[]) {
    super(`${method} is not supported here; use ${allowed.join(', ')}`);
    this.headers.Allow = allowed.join(', ');
  }
}

export class Conflict extends AppError {
  readonly status = 409;
  readonly kind = 'conflict';
  readonly title = 'Conflict with the current state';
}

export class PayloadTooLarge extends AppError {
  readonly status = 413;
  readonly kind = 'payload-too-large';
  readonly title = 'Request body too large';
}

export class UnsupportedMediaType extends AppError {
  readonly status = 415;
  readonly kind = 'unsupported-media-type';
  readonly title = 'Unsupported media type';
}

export class Unavailable extends AppError {
  readonly status = 503;
  readonly kind = 'unavailable';
  readonly title = 'Service temporarily unavailable';
  constructor(detail: string, retryAfterSeconds?: number) {
    super(detail);
    if (retryAfterSeconds !== undefined) this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}
