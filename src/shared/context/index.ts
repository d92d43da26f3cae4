import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request context: what code running on behalf of a request may ask
 * without being passed it — the request id, which every log line carries,
 * and, once an API route has admitted its caller, who that caller is, which
 * every domain event records. One AsyncLocalStorage for both, entered after
 * the modules' hot paths (it costs a few percent of a cached redirect).
 */

/** Who did something, as logs and audit records name them: a key or a person. */
export interface Actor {
  kind: 'key' | 'user';
  id: string;
  /** What a reader recognises: a key's prefix, a person's email. */
  label: string;
}

export interface RequestContext {
  requestId?: string;
  /** The caller an API route admitted; absent before authentication and where no caller is asked for. */
  actor?: Actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** Runs `fn` — the rest of the request — on behalf of `actor`, keeping the request id. */
export function runAs<T>(actor: Actor, fn: () => T): T {
  return storage.run({ ...storage.getStore(), actor }, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** The caller of the request being handled; null outside one (a job, the CLI, a timer) or before authentication. */
export function currentActor(): Actor | null {
  return storage.getStore()?.actor ?? null;
}
