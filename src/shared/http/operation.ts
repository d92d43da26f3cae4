import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { NotFound } from '../errors';
import { limitRequests, type RouteLimit } from './rate-limit';
import { isUuid, parseBody, parseQuery } from './validate';

/**
 * An HTTP operation described by the same zod schemas that validate it: the
 * route parses the body and query with them before the handler runs, and
 * the OpenAPI document (openapi.ts) is made from them, so what the API
 * accepts and what its reference says cannot differ.
 */

/** Who may call, as the document's security requirement says it; carried by the guard middleware that checks it. */
export interface Security {
  /** A security scheme of the document (openapi.ts): apiKey, adminToken, internalToken, metricsToken. */
  scheme: string;
  /** The scope the caller's API key needs, if any. */
  scope?: string;
}

/** A middleware that admits callers, saying how for the document. */
export type Guard = RequestHandler & { security: Security };

export function guard(handler: RequestHandler, security: Security): Guard {
  return Object.assign(handler, { security });
}

export interface ResponseSpec {
  description: string;
  /** The JSON body; none for 204 and the like. */
  schema?: z.ZodType;
  /** Response headers worth documenting (Location, Cache-Control...), with what they say. */
  headers?: Record<string, string>;
  /** A body that is not JSON (e.g. text/plain for /metrics). */
  contentType?: string;
  /**
   * Instead of `schema` and `contentType`: bodies in several media types, the
   * client choosing, each with its schema or `null` for bytes no schema
   * describes (an image/png).
   */
  media?: Record<string, z.ZodType | null>;
}

export interface OperationSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  summary: string;
  description?: string;
  /** The module or area the operation belongs to (a tag in the reference). */
  tag: string;
  guard?: Guard;
  /** A rate limit on the operation's requests, counted before anything else runs (src/shared/http/rate-limit.ts). */
  rateLimit?: RouteLimit;
  /**
   * The path's ids, each with the noun of what it names (`{ id: 'Link' }`).
   * Checked before the body and query: an id that is no UUID names nothing,
   * so it gets the same 404 as an unknown one, without a query.
   */
  ids?: Record<string, string>;
  body?: B;
  /** The body is an HTML form (application/x-www-form-urlencoded, at most FORM_LIMIT) instead of JSON: a page's form posts it. */
  form?: boolean;
  /**
   * The body is a file the handler reads as a stream (`req` itself), never
   * parsed nor buffered by the platform, even as JSON: the media types it
   * takes, each with what it holds, and what limits its size (for the
   * document's 413). The path must have no parameters.
   */
  upload?: { media: Record<string, string>; limit: string };
  query?: Q;
  /** Statuses this operation answers, with their bodies; problems (4xx/5xx) are added from what it declares. */
  responses: Record<number, ResponseSpec>;
  /** Problems it answers beyond those implied by its guard, body, query and path ids (e.g. 409, 403 for a limit). */
  problems?: Record<number, string>;
  /** The operation is left out of the browsable reference (still in the document): the internal routes. */
  internal?: boolean;
  /** Its problems go to clients that prefer HTML (browsers) as a small HTML page instead of problem+json: the public redirect. */
  htmlProblems?: boolean;
  /**
   * What answers it when no Express route does (e.g. `links: fast path and hot path` for the redirect
   * GET /:slug), as the document's `x-served-by`: the route walker test accepts such an operation without a route.
   */
  servedBy?: string;
}

export interface Input<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodType ? z.output<Q> : undefined;
}

/** A declared operation: its spec for the document, and the handler chain for the router. */
export interface Operation {
  spec: OperationSpec<z.ZodType | undefined, z.ZodType | undefined>;
  handlers: RequestHandler[];
}

export function operation<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  spec: OperationSpec<B, Q>,
  handle: (input: Input<B, Q>, req: Request, res: Response) => Promise<unknown> | unknown,
): Operation {
  const run: RequestHandler = async (req, res) => {
    for (const [name, noun] of Object.entries(spec.ids ?? {})) {
      const id = String(req.params[name]);
      if (!isUuid(id)) throw new NotFound(`${noun} ${id} does not exist`);
    }
    const body = spec.body ? parseBody(spec.body, req, spec.form ? 'form' : 'json') : undefined;
    const query = spec.query ? parseQuery(spec.query, req) : undefined;
    await handle({ body, query } as Input<B, Q>, req, res);
  };
  const limit = spec.rateLimit ? limitRequests(spec.rateLimit) : undefined;
  const handlers = [...(limit ? [limit] : []), ...(spec.guard ? [spec.guard] : []), ...(spec.form ? [parseForm] : []), run];
  return { spec: spec as Operation['spec'], handlers };
}

/** A form's fields are few and short (a password, a token). */
export const FORM_LIMIT = '4kb';
const parseForm = express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 20 });

export function isOperation(value: unknown): value is Operation {
  return typeof value === 'object' && value !== null && 'spec' in value && 'handlers' in value;
}
