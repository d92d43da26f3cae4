/**
 * What the modules' services throw when a request cannot be done, said in
 * the domain's terms: not found, a conflict, not allowed, not valid, not
 * available now. They carry no status code: only the HTTP layer
 * (src/shared/http/problem.ts) turns them into responses, so a service reads
 * the same whether HTTP, the CLI or a job called it.
 */

export interface FieldError {
  /** Dotted path to the offending field, e.g. `body.scopes.1`. */
  field: string;
  message: string;
}

export abstract class DomainError extends Error {}

/** The input breaks a rule; `errors` names the fields. */
export class Invalid extends DomainError {
  constructor(
    detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }
}

/** No valid credentials came with the call. */
export class Unauthenticated extends DomainError {}

/** The caller is known but may not do this. */
export class Forbidden extends DomainError {}

/** Nothing with this id exists for the caller (another workspace's things included). */
export class NotFound extends DomainError {}

/** The state does not allow it (a taken slug, a running move). */
export class Conflict extends DomainError {}

/** It cannot be done right now; `retryAfterSeconds` says when to try again. */
export class Unavailable extends DomainError {
  constructor(
    detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }
}

/** Too many tries of something guarded (a password): refused unchecked for `retryAfterSeconds`. */
export class TooManyAttempts extends DomainError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
  }
}
