import type { z } from 'zod';
import { Unavailable } from '../errors';
import type { OutboundClient } from './client';

export interface InternalTarget {
  /** What the caller calls it in errors and logs, e.g. "analytics (ANALYTICS_URL)". */
  name: string;
  baseUrl: string;
  token: string;
}

/**
 * One call to another Shortline process's /internal route, through the
 * outbound client (timeouts, breaker, bulkhead; no address policy: the URL is
 * the operator's), returning its JSON body (undefined for an empty one). Only
 * a 2xx answer counts: the internal routes answer 200 even for "nothing
 * found", so a 404 means the route is not there (no INTERNAL_TOKEN on the
 * other side, or another version). No answer, an open circuit, another
 * status or a body that is not JSON is a 503 problem for the caller's caller,
 * as the database being down would be — never a 401 or a 500.
 */
export async function internalCall(
  outbound: OutboundClient,
  target: InternalTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  let response;
  try {
    response = await outbound.request({
      method,
      url: `${target.baseUrl}${path}`,
      internal: true,
      headers: {
        Authorization: `Bearer ${target.token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new Unavailable(`${target.name} did not answer: ${(error as Error).message}`, 5);
  }
  if (response.status < 200 || response.status >= 300) {
    const hint = response.status === 404 ? ' (is INTERNAL_TOKEN set there, and the same version running?)' : '';
    throw new Unavailable(`${target.name} answered ${response.status} to ${method} ${path}${hint}`, 5);
  }
  if (response.body.length === 0) return undefined;
  try {
    return JSON.parse(response.body.toString('utf8')) as unknown;
  } catch {
    throw new Unavailable(`${target.name} answered ${method} ${path} with a body that is not JSON`, 5);
  }
}

/** An internal answer checked against the shape the caller expects; another shape is a 503 like no answer. */
export function answer<S extends z.ZodType>(schema: S, json: unknown, target: InternalTarget): z.output<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Unavailable(`${target.name} answered in an unexpected shape (another version?)`, 5);
  return parsed.data;
}
