/**
 * Valid requests that still cannot succeed, and why: each needs something
 * only another channel gives (a token sent by email, a CSRF token of a page), or names what the fuzzer cannot make. The statuses listed
 * are the refusals allowed for such a request; every other valid request
 * must succeed (2xx, or 3xx for a redirect).
 */
export const VALID_BUT_REFUSED: Record<string, { statuses: number[]; why: string }> = {
  'POST /internal/identity/principals': { statuses: [401, 404], why: 'a random string is no key or session token' },
  'POST /v1/password-resets': { statuses: [404], why: 'mail is off: the test app has no SMTP_URL' },
  'POST /v1/password-resets/complete': { statuses: [400, 404, 410], why: 'the token is only ever mailed' },
  'POST /v1/invitations/preview': { statuses: [400, 404, 410], why: 'a random token names no invitation' },
  'POST /v1/invitations/accept': { statuses: [400, 404, 410], why: 'a random token names no invitation' },
  'POST /{slug}/unlock': { statuses: [400, 401, 403], why: "the CSRF token comes from the unlock page's form" },
  'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': { statuses: [404], why: 'no delivery exists while no worker runs' },
  'GET /app/assets/{file}': { statuses: [404], why: "a build's asset names carry its content hash" },
  'POST /v1/imports': {
    statuses: [400, 415],
    why: 'a format has its content type (CSV or JSON), and mapping is for format csv alone, which the document says in words, not in the schema; an empty file is refused',
  },
  'GET /': { statuses: [404], why: 'the default domain has no root URL' },
  'HEAD /': { statuses: [404], why: 'the default domain has no root URL' },
};
