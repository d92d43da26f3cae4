import { OutboundRefused, OutboundTimeout, OutboundUnavailable, type OutboundClient } from '../../shared/outbound';
import { isRetryableStatus, retryAfterMs } from './retry-policy';
import { SIGNATURE_HEADER, signatureHeader } from './signature';

/** What one POST to an endpoint came to. Sending never throws: every way it can go is an outcome. */
export type SendOutcome =
  | { kind: 'delivered'; statusCode: number; latencyMs: number }
  | {
      kind: 'failed';
      statusCode: number | null;
      error: string;
      latencyMs: number;
      /** Worth another attempt (network error, timeout, 408, 429, 5xx). */
      retryable: boolean;
      retryAfterMs?: number;
    }
  /**
   * Not attempted: the host's circuit is open (it failed too often lately) or
   * too many calls to it are in flight. Neither is this endpoint's doing (the
   * circuit is per host, which other endpoints may share), so it is no attempt.
   */
  | { kind: 'deferred'; reason: 'circuit-open' | 'bulkhead-full'; error: string };

/**
 * A full bulkhead usually frees within milliseconds (a fast host); waiting this
 * long for a slot, a few times, beats putting the delivery off for a second. A
 * slow host's deliveries then give up their job slot after at most
 * SLOT_WAIT_MS × SLOT_TRIES.
 */
const SLOT_WAIT_MS = 10;
const SLOT_TRIES = 5;

/** Only the status matters from a receiver; its body is read no further than this (for the error message). */
const RESPONSE_BYTES = 4 * 1024;

export async function sendDelivery(
  outbound: OutboundClient,
  delivery: { url: string; secret: string; body: string; eventId: string; eventType: string },
): Promise<SendOutcome> {
  const started = Date.now();
  try {
    const response = await withSlot(() =>
      outbound.request({
        method: 'POST',
        url: delivery.url,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Shortline-Webhooks/1',
          'Shortline-Event-Id': delivery.eventId,
          'Shortline-Event-Type': delivery.eventType,
          [SIGNATURE_HEADER]: signatureHeader(delivery.secret, delivery.body),
        },
        body: delivery.body,
        maxBytes: RESPONSE_BYTES,
        truncate: true,
      }),
    );
    const { status } = response;
    if (status >= 200 && status < 300) return { kind: 'delivered', statusCode: status, latencyMs: response.ms };
    const excerpt = oneLine(response.body.toString('utf8'));
    if (status >= 300 && status < 400) {
      const error = `HTTP ${status}: redirects are not followed; set the webhook's url to ${oneLine(String(response.headers.location ?? 'the final address'))}`;
      return { kind: 'failed', statusCode: status, error, latencyMs: response.ms, retryable: false };
    }
    return {
      kind: 'failed',
      statusCode: status,
      error: excerpt ? `HTTP ${status}: ${excerpt}` : `HTTP ${status}`,
      latencyMs: response.ms,
      retryable: isRetryableStatus(status),
      retryAfterMs: retryAfterMs(response.headers['retry-after']),
    };
  } catch (error) {
    const latencyMs = Date.now() - started;
    if (error instanceof OutboundUnavailable) return { kind: 'deferred', reason: error.reason, error: error.message };
    if (error instanceof OutboundRefused) return { kind: 'failed', statusCode: null, error: error.message, latencyMs, retryable: false };
    return { kind: 'failed', statusCode: null, error: describeNetworkError(error), latencyMs, retryable: true };
  }
}

async function withSlot<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof OutboundUnavailable && error.reason === 'bulkhead-full') || attempt === SLOT_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, SLOT_WAIT_MS));
    }
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof OutboundTimeout) return error.message;
  const code = (error as { code?: string }).code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused (nothing listening)',
    ECONNRESET: 'connection reset by the receiver',
    EPIPE: 'connection closed by the receiver',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host lookup failed',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
  };
  if (code && known[code]) return `${known[code]} (${code})`;
  return oneLine((error as Error).message ?? String(error)) || 'network error';
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
