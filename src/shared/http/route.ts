import type { RequestHandler, Router } from 'express';
import { MethodNotAllowed } from './errors';
import { isOperation, type Operation } from './operation';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type RouteHandlers = Partial<Record<Method, Operation | RequestHandler | RequestHandler[]>>;

/**
 * An operation as the document needs it: where it is served, and its spec.
 * Most come from routes; a module also lists those it serves outside its
 * router (ModuleInstance.operations), such as the redirect's `HEAD`.
 */
export interface DocumentedOperation {
  method: Method | 'head';
  /** The Express path, e.g. `/v1/links/:id`. */
  path: string;
  spec: Operation['spec'];
}

const documented = new WeakMap<Router, DocumentedOperation[]>();

/**
 * Declares one path with its methods, and answers every other method on it with a
 * 405 problem that lists the allowed ones (Express alone would say 404). A
 * method given as an operation is also recorded for the OpenAPI document.
 */
export function route(router: Router, path: string, handlers: RouteHandlers): void {
  const chain = router.route(path);
  const allowed: string[] = [];
  for (const [method, handler] of Object.entries(handlers) as [Method, Operation | RequestHandler | RequestHandler[]][]) {
    if (isOperation(handler)) {
      chain[method](...handler.handlers);
      documented.set(router, [...(documented.get(router) ?? []), { method, path, spec: handler.spec }]);
    } else {
      chain[method](...(Array.isArray(handler) ? handler : [handler]));
    }
    allowed.push(method.toUpperCase());
    if (method === 'get') allowed.push('HEAD');
  }
  chain.all((req) => {
    throw new MethodNotAllowed(req.method, allowed);
  });
}

/** The operations declared on a router, in declaration order. */
export function operationsOf(router: Router): readonly DocumentedOperation[] {
  return documented.get(router) ?? [];
}
