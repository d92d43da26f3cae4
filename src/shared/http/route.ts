import type { RequestHandler, Router } from 'express';
import { MethodNotAllowed } from './errors';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type RouteHandlers = Partial<Record<Method, RequestHandler | RequestHandler[]>>;

/**
 * Declares one path with its methods, and answers every other method on it with a
 * 405 problem that lists the allowed ones (Express alone would say 404).
 */
export function route(router: Router, path: string, handlers: RouteHandlers): void {
  const chain = router.route(path);
  const allowed: string[] = [];
  for (const [method, handler] of Object.entries(handlers) as [Method, RequestHandler | RequestHandler[]][]) {
    chain[method](...(Array.isArray(handler) ? handler : [handler]));
    allowed.push(method.toUpperCase());
    if (method === 'get') allowed.push('HEAD');
  }
  chain.all((req) => {
    throw new MethodNotAllowed(req.method, allowed);
  });
}
