import { z } from 'zod';
import { text } from '../../../shared/http/validate';
import { hostnameProblem, normaliseHostname } from '../hostname';
import type { Domain } from '../types';

/** Request schemas of the domains API. */
const MAX_URL_LENGTH = 2048;

const hostname = text()
  .superRefine((value, ctx) => {
    const problem = hostnameProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(normaliseHostname)
  .meta({
    description: 'The host name, as visitors will type it: lower-cased and stored in punycode; no scheme, port or path, not an IP address',
    example: 'go.example.com',
  });

/** Where a domain sends a visitor: an absolute http(s) URL, as a link's target. */
const destination = text()
  .max(MAX_URL_LENGTH, { message: `must be at most ${MAX_URL_LENGTH} characters`, abort: true })
  .refine((value) => !/[\u0000-\u0020\u007f]/.test(value), { message: 'must not contain spaces or control characters', abort: true })
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { message: 'must be an absolute http(s) URL', abort: true })
  .refine((value) => new URL(value).username === '' && new URL(value).password === '', {
    message: 'must not contain credentials (user:password@)',
    abort: true,
  })
  .transform((value) => new URL(value).href);

const rootUrl = destination.nullable().meta({
  description: 'Where `/` on this domain redirects (302); null: the 404 page. Not on the domain itself',
  example: 'https://www.example.com/',
});
const notFoundUrl = destination.nullable().meta({
  description: 'Where a slug no link of this domain has redirects (302); null: the 404 page. Not on the domain itself',
  example: 'https://www.example.com/not-found',
});

const publicQr = z.boolean().meta({
  description:
    "Whether anyone may get the QR codes of the domain's links at `GET /<slug>/qr` on it (each link's own `publicQr` must allow it too); true when left out",
});

export const createDomain = z
  .strictObject({ hostname, rootUrl: rootUrl.optional(), notFoundUrl: notFoundUrl.optional(), publicQr: publicQr.optional() })
  .meta({ id: 'CreateDomain' });

export const updateDomain = z
  .strictObject({ rootUrl: rootUrl.optional(), notFoundUrl: notFoundUrl.optional(), publicQr: publicQr.optional() })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');

export type CreateDomainInput = z.infer<typeof createDomain>;
export type UpdateDomainInput = z.infer<typeof updateDomain>;

/** Response schemas: what the OpenAPI document says each answer is (tested against the answers). */
const timestamp = z.iso.datetime({ offset: true });

/** The Domain type field for field: z.ZodType<Domain> fails to compile if the schema's answer is not a Domain. */
export const domainSchema: z.ZodType<Domain> = z
  .object({
    id: z.uuid(),
    hostname: z.string().meta({ example: 'go.example.com' }),
    status: z.enum(['pending', 'verified']).meta({ description: 'A domain serves its links only once verified' }),
    verification: z
      .object({
        type: z.literal('TXT'),
        name: z.string().meta({ example: '_shortline.go.example.com' }),
        value: z.string().meta({ example: 'shortline-verify=3f9c2a7d0b1e4c5f8a6d9e0b7c2f1a3d' }),
      })
      .meta({ description: 'The DNS record to create to prove the workspace controls the domain; then POST /v1/domains/{id}/verify' }),
    verifiedAt: timestamp.nullable(),
    checkedAt: timestamp.nullable().meta({ description: 'When DNS was last asked for the record (by request, or every few minutes while pending)' }),
    checkProblem: z.string().nullable().meta({ description: 'What the last check found instead of the record; null once verified or never checked' }),
    rootUrl: z.string().nullable(),
    notFoundUrl: z.string().nullable(),
    publicQr: z.boolean().meta({ description: "Whether the public QR codes of the domain's links are served" }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Domain' });

export const domainListSchema = z.object({ data: z.array(domainSchema) });
