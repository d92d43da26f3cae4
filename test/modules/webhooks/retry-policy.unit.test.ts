import { backoffMs, isRetryableStatus, retryAfterMs, retryDelayMs } from '../../../src/modules/webhooks/retry-policy';
import { signatureHeader, verifySignature } from '../../../src/modules/webhooks/signature';

const settings = { maxAttempts: 10, retryBaseMs: 1000, retryMaxMs: 60_000 };

it('backs off exponentially with equal jitter, capped', () => {
  expect(backoffMs(1, settings, () => 0)).toBe(500);
  expect(backoffMs(1, settings, () => 1)).toBe(1000);
  expect(backoffMs(4, settings, () => 1)).toBe(8000);
  expect(backoffMs(4, settings, () => 0)).toBe(4000);
  expect(backoffMs(30, settings, () => 1)).toBe(60_000);
  expect(backoffMs(1000, settings, () => 0.5)).toBe(45_000);
});

it('reads Retry-After as seconds or an HTTP date, and lets it replace the backoff within the cap', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  expect(retryAfterMs('120', now)).toBe(120_000);
  expect(retryAfterMs('Wed, 25 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
  expect(retryAfterMs('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
  expect(retryAfterMs('soon', now)).toBeUndefined();
  expect(retryAfterMs(undefined, now)).toBeUndefined();
  expect(retryDelayMs(1, 5_000, settings)).toBe(5_000);
  expect(retryDelayMs(1, 3_600_000, settings)).toBe(60_000);
});

it('retries network-ish statuses only', () => {
  for (const status of [408, 429, 500, 502, 503, 504]) expect(isRetryableStatus(status)).toBe(true);
  for (const status of [400, 401, 403, 404, 410, 422]) expect(isRetryableStatus(status)).toBe(false);
});

it('signs "<t>.<body>" with HMAC-SHA256 as documented', () => {
  const at = new Date('2026-11-25T12:00:00Z');
  const header = signatureHeader('whsec_test', '{"a":1}', at);
  // Computed independently: printf '1795608000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
  expect(header).toBe('t=1795608000,v1=cc7f54aa5dc522c3253b95cbdb901d8a90b99822d2db794d78c5bd0e70db72db');
  expect(verifySignature('whsec_test', '{"a":1}', header, 300, at)).toBe(true);
  expect(verifySignature('whsec_test', '{"a":2}', header, 300, at)).toBe(false);
  expect(verifySignature('whsec_test', '{"a":1}', header, 300, new Date(at.getTime() + 301_000))).toBe(false);
  expect(verifySignature('whsec_test', '{"a":1}', 'garbage', 300, at)).toBe(false);
  expect(verifySignature('whsec_test', '{"a":1}', undefined, 300, at)).toBe(false);
  expect(verifySignature('whsec_test', '{"a":1}', [header, header], 300, at)).toBe(false);
  expect(verifySignature('whsec_test', '{"a":1}', 't=1795608000,v1=abc', 300, at)).toBe(false);
});
