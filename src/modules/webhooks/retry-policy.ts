/**
 * When a failed delivery is tried again. Exponential backoff with jitter: the
 * n-th retry waits retryBaseMs × 2^(n-1), capped at retryMaxMs, then a random
 * 50–100% of that ("equal jitter"), so endpoints that failed together do not
 * retry together. A receiver's Retry-After (seconds or an HTTP date) replaces
 * the backoff, within the same cap.
 */
export interface RetrySettings {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/** Network errors, timeouts, 408, 429 and 5xx are worth another try; any other 4xx is the request's fault. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function backoffMs(attempt: number, settings: RetrySettings, random = Math.random): number {
  const ceiling = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Retry-After in milliseconds, or undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function retryDelayMs(attempt: number, retryAfter: number | undefined, settings: RetrySettings): number {
  return Math.min(settings.retryMaxMs, retryAfter ?? backoffMs(attempt, settings));
}
