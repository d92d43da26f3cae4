import { Unavailable } from '../http/errors';
import type { OutboundClient } from './client';

export interface InternalTarget {
  /** What the caller calls it in errors and logs, e.g. "analytics (ANALYTICS_URL)". */
  name: string;
  baseUrl: string;
  token: string;
}

/**
 * One JSON call to another Shortline process's /internal route, through the
 * outbound client (timeouts, breaker, bulkhead; no address policy: the URL is
 * the operator's). Answers 2xx and 404 are returned; anything else — no
 * answer, an open circuit, another status — is a 503 problem for the caller's
 * caller, as the database being down would be.
 */
export async function internalCall(
  outbound: OutboundClient,
  target: InternalTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
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
  if ((response.status < 200 || response.status >= 300) && response.status !== 404) {
    throw new Unavailable(`${target.name} answered ${response.status} to ${method} ${path}`, 5);
  }
  return { status: response.status, json: response.body.length > 0 ? JSON.parse(response.body.toString('utf8')) : undefined };
}
