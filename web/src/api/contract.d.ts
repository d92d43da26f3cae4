/**
 * TEMPORARY: the audit trail's endpoint as its contract names it, until the
 * backend serving it is merged and `npm run docs:api-types` generates it
 * into docs/api/openapi.d.ts. Then this file is deleted and the compiler
 * checks the audit page against the real document.
 */

type AuditEntry = {
  id: string;
  at: string;
  actor: { kind: 'user' | 'key'; id: string; label: string };
  action: string;
  target: { type: string; id: string; label: string };
};

declare module '../../../docs/api/openapi' {
  interface paths {
    '/v1/audit': {
      get: {
        parameters: { query?: { limit?: number; cursor?: string } };
        requestBody?: never;
        responses: { 200: { content: { 'application/json': { data: AuditEntry[]; nextCursor: string | null } } } };
      };
    };
  }
}

export {};
