import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { fieldErrorSchema } from '../../../shared/http/openapi';
import { pageQuery, text } from '../../../shared/http/validate';
import { CUSTOM_SLUG_PATTERN, isReservedSlug } from '../slugs/slug';
import { normaliseTargetUrl, targetUrlProblem } from '../target-url';
import type { Link } from '../types';
import { linkRulesShape, ruleSchemas } from './rule-schemas';

/**
 * Request schemas. Built per app because URL validation needs the public base
 * URL (a link to the short domain itself would loop).
 */
const MAX_TAGS = 20;
const BULK_MAX = 1000;
const REDIRECT_TYPES = [301, 302, 307, 308] as const;
const PUBLIC_QR = 'Whether anyone may get the QR code of the short URL at `GET /<slug>/qr` (the API key route serves it either way)';

const tag = text()
  .trim()
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters')
  .regex(/^[^,\s][^,]*$/, 'must not contain commas');

export function linkSchemas(publicBaseUrl: string) {
  const publicBase = new URL(publicBaseUrl);
  const url = text()
    .superRefine((value, ctx) => {
      const problem = targetUrlProblem(value, publicBase);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform(normaliseTargetUrl)
    .meta({
      description: 'The target: an absolute http(s) URL, not on the short domain itself; stored normalised',
      example: 'https://example.com/spring-launch?utm_source=newsletter',
    });
  const slug = text()
    .regex(CUSTOM_SLUG_PATTERN, { message: 'must be 3-64 letters, digits, "-" or "_", starting with a letter or digit', abort: true })
    .refine((value) => !isReservedSlug(value), 'is reserved for the service')
    .meta({ description: 'Unique on its domain, ignoring case', example: 'spring-launch' });
  const domain = text().min(1, 'must not be empty').max(253, 'must be at most 253 characters').meta({
    description:
      "The hostname of one of the workspace's verified domains the short URL lives on; left out, the default domain (PUBLIC_BASE_URL's). Set at creation only",
    example: 'go.example.com',
  });
  const title = text().trim().max(200, 'must be at most 200 characters').meta({ example: 'Spring launch' });
  const tags = z
    .array(tag)
    .max(MAX_TAGS, `must have at most ${MAX_TAGS} tags`)
    .refine((list) => new Set(list).size === list.length, 'must not repeat a tag')
    .meta({ uniqueItems: true, example: ['campaign', 'spring'] });
  const expiresAt = z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2030-01-01T00:00:00Z' })
    .refine((value) => Date.parse(value) > Date.now(), 'must be in the future')
    .meta({ description: 'From then on the short URL answers 410', example: '2030-01-01T00:00:00Z' });
  const redirectType = z.literal(REDIRECT_TYPES, { message: 'must be one of 301, 302, 307, 308' });
  const rules = ruleSchemas(url, publicBase);
  const publicQr = z.boolean({ message: 'must be true or false' });

  const createLink = z
    .strictObject({
      url,
      domain: domain.optional(),
      slug: slug.optional().meta({ description: 'Unique on its domain, ignoring case; 7 random characters when left out' }),
      title: title.optional(),
      tags: tags.optional(),
      expiresAt: expiresAt.optional(),
      redirectType: redirectType.optional().meta({ description: 'The redirect status the short URL answers; 302 when left out' }),
      forwardQuery: z
        .boolean()
        .optional()
        .meta({ description: "Whether the short URL's query string is passed on to the target; false when left out" }),
      targeting: rules.targeting.optional(),
      variants: rules.variants.optional(),
      utm: rules.utm.optional(),
      socialPreview: rules.socialPreview.optional(),
      password: rules.password.optional(),
      maxClicks: rules.maxClicks.optional(),
      publicQr: publicQr.optional().meta({ description: `${PUBLIC_QR}; true when left out` }),
    })
    .meta({ id: 'CreateLink' });

  const updateLink = z
    .strictObject({
      url: url.optional(),
      slug: slug.optional(),
      title: title.nullable().optional(),
      tags: tags.optional(),
      expiresAt: expiresAt.nullable().optional(),
      redirectType: redirectType.optional(),
      forwardQuery: z.boolean().optional(),
      targeting: rules.targeting.optional().meta({ description: 'Replaces all targeting rules; `[]` removes them' }),
      variants: rules.variants.optional().meta({ description: 'Replaces the A/B split; `[]` removes it' }),
      utm: rules.utm.nullable().optional(),
      socialPreview: rules.socialPreview.nullable().optional(),
      password: rules.password.nullable().optional().meta({ description: 'A new password; `null` removes the protection' }),
      maxClicks: rules.maxClicks.nullable().optional().meta({ description: 'A new limit (clicks served so far still count); `null` removes it' }),
      publicQr: publicQr.optional(),
    })
    .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');

  return { createLink, updateLink };
}

export type LinkSchemas = ReturnType<typeof linkSchemas>;
export type CreateLinkInput = z.infer<LinkSchemas['createLink']>;
export type UpdateLinkInput = z.infer<LinkSchemas['updateLink']>;
/**
 * A link to create as the create paths take it: its password already hashed
 * and its domain the stored hostname of a verified domain of the workspace
 * (the service does both first).
 */
export type LinkDraft = Omit<CreateLinkInput, 'password'> & { passwordHash?: string; importedClicks?: number };

/** Items are validated one by one (as CreateLink), so one bad item is reported, not fatal. */
export const bulkBody = z.strictObject({
  links: z
    .array(z.unknown().meta({ override: { $ref: '#/components/schemas/CreateLink' } }))
    .min(1, 'must contain at least one link')
    .max(BULK_MAX, `must contain at most ${BULK_MAX} links`),
});

export const listQuery = z.strictObject({
  ...pageQuery,
  tag: tag.optional().meta({ description: 'Only links with this tag', example: 'campaign' }),
  q: text()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .optional()
    .meta({ description: 'Only links whose URL, title or slug contains this text, ignoring case', example: 'launch' }),
  domain: text()
    .trim()
    .min(1, 'must not be empty')
    .max(253, 'must be at most 253 characters')
    // As a link's domain is stored: lower case, punycode.
    .transform((hostname) => domainToASCII(hostname.toLowerCase()) || hostname.toLowerCase())
    .optional()
    .meta({ description: 'Only links on this custom domain (its hostname); left out, links on every domain', example: 'go.example.com' }),
});

/** POST /:slug/unlock: the password form's fields. Any password up to the form's size is checked (and wrong if too long). */
export const unlockForm = z.strictObject({
  password: text().max(1024, 'must be at most 1024 characters'),
  csrf: text().max(100, 'must be at most 100 characters'),
});

/** POST /internal/links/lookup: what another process's LinksApi.findLinks asks. */
export const linkLookupBody = z.strictObject({ workspaceId: z.uuid(), ids: z.array(text().max(100)).max(BULK_MAX) });

/** Response schemas of the links API: what the OpenAPI document says each answer is (tested against the answers). */
const timestamp = z.iso.datetime({ offset: true });

const linkPreviewSchema = z
  .object({
    status: z.enum(['pending', 'ok', 'failed', 'blocked']).meta({
      description: '`pending` until the preview job ran; `blocked` when the address policy refused the target, `failed` for any other reason',
    }),
    title: z.string().nullable(),
    description: z.string().nullable(),
    image: z.string().nullable().meta({ description: 'An absolute http(s) URL' }),
    error: z.string().nullable().meta({ description: 'Why the page could not be read; null unless failed or blocked' }),
    fetchedAt: timestamp.nullable().meta({ description: 'When the preview job finished; null while pending' }),
  })
  .meta({ id: 'LinkPreview', description: "What the target page says about itself, read in the background after the link's URL is set" });

/** The Link type field for field: z.ZodType<Link> fails to compile if the schema's answer is not a Link. */
export const linkSchema: z.ZodType<Link> = z
  .object({
    id: z.uuid(),
    slug: z.string().meta({ example: 'spring-launch' }),
    domain: z.string().nullable().meta({ description: "The custom domain's hostname; null for the default domain", example: 'go.example.com' }),
    shortUrl: z.string().meta({
      description:
        "The address to share: the domain (PUBLIC_BASE_URL for the default one; a custom domain's hostname with PUBLIC_BASE_URL's scheme) and the slug",
      example: 'https://go.example.com/spring-launch',
    }),
    url: z.string().meta({ example: 'https://example.com/spring-launch?utm_source=newsletter' }),
    title: z.string().nullable(),
    tags: z.array(z.string()),
    expiresAt: timestamp.nullable().meta({ description: 'From then on the short URL answers 410; null for never' }),
    redirectType: z.literal(REDIRECT_TYPES),
    forwardQuery: z.boolean(),
    targeting: linkRulesShape.targeting.meta({ description: 'Tried in order; the first rule the visitor matches sends them to its URL' }),
    variants: linkRulesShape.variants.meta({ description: 'The A/B split; empty for none' }),
    utm: linkRulesShape.utm,
    socialPreview: linkRulesShape.socialPreview,
    passwordProtected: z.boolean().meta({ description: 'Whether visitors must enter a password; the password is never shown' }),
    maxClicks: z.number().int().nullable().meta({ description: 'After this many redirects the short URL answers 410; null for no limit' }),
    publicQr: z.boolean().meta({ description: PUBLIC_QR }),
    importedClicks: z.number().int().meta({
      description:
        'Clicks the link had on the platform it was imported from, as that export gave them (a total); 0 for a link made here. Not part of analytics',
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
    preview: linkPreviewSchema.nullable().meta({ description: 'null while LINK_PREVIEWS is off' }),
  })
  .meta({ id: 'Link' });

export const linkPageSchema = z.object({
  data: z.array(linkSchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last one' }),
});

export const linkListSchema = z.object({ data: z.array(linkSchema) });

export const bulkAnswerSchema = z.object({
  created: z.number().int(),
  failed: z.number().int(),
  results: z
    .array(
      z.union([
        z.object({ index: z.number().int(), status: z.literal(201), link: linkSchema }),
        z.object({
          index: z.number().int(),
          status: z.literal([400, 403, 409]).meta({ description: '400 invalid item, 403 past the link limit, 409 slug taken' }),
          error: z.object({ title: z.string(), detail: z.string(), errors: z.array(fieldErrorSchema).optional() }),
        }),
      ]),
    )
    .meta({ description: 'One per item, in request order; `index` is its position in `links`' }),
});
