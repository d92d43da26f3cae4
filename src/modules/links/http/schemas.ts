import { z } from 'zod';
import { text } from '../../../shared/http/validate';
import { CUSTOM_SLUG_PATTERN, isReservedSlug } from '../slugs/slug';
import { normaliseTargetUrl, targetUrlProblem } from '../target-url';

/**
 * Request schemas. Built per app because URL validation needs the public base
 * URL (a link to the short domain itself would loop).
 */
const MAX_TAGS = 20;
const BULK_MAX = 1000;

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
    .transform(normaliseTargetUrl);
  const slug = text()
    .regex(CUSTOM_SLUG_PATTERN, { message: 'must be 3-64 letters, digits, "-" or "_", starting with a letter or digit', abort: true })
    .refine((value) => !isReservedSlug(value), 'is reserved for the service');
  const title = text().trim().max(200, 'must be at most 200 characters');
  const tags = z
    .array(tag)
    .max(MAX_TAGS, `must have at most ${MAX_TAGS} tags`)
    .refine((list) => new Set(list).size === list.length, 'must not repeat a tag');
  const expiresAt = z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2030-01-01T00:00:00Z' })
    .refine((value) => Date.parse(value) > Date.now(), 'must be in the future');
  const redirectType = z.union([z.literal(301), z.literal(302), z.literal(307), z.literal(308)], {
    message: 'must be one of 301, 302, 307, 308',
  });

  const createLink = z.strictObject({
    url,
    slug: slug.optional(),
    title: title.optional(),
    tags: tags.optional(),
    expiresAt: expiresAt.optional(),
    redirectType: redirectType.optional(),
    forwardQuery: z.boolean().optional(),
  });

  const updateLink = z
    .strictObject({
      url: url.optional(),
      slug: slug.optional(),
      title: title.nullable().optional(),
      tags: tags.optional(),
      expiresAt: expiresAt.nullable().optional(),
      redirectType: redirectType.optional(),
      forwardQuery: z.boolean().optional(),
    })
    .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');

  return { createLink, updateLink };
}

export type LinkSchemas = ReturnType<typeof linkSchemas>;
export type CreateLinkInput = z.infer<LinkSchemas['createLink']>;
export type UpdateLinkInput = z.infer<LinkSchemas['updateLink']>;

/** Items are validated one by one, so one bad item is reported, not fatal. */
export const bulkBody = z.strictObject({
  links: z.array(z.unknown()).min(1, 'must contain at least one link').max(BULK_MAX, `must contain at most ${BULK_MAX} links`),
});

export const listQuery = z.strictObject({
  limit: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(20),
  cursor: text().max(200).optional(),
  tag: tag.optional(),
  q: text().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
});

/** POST /internal/links/lookup: what another process's LinksApi.findLinks asks. */
export const linkLookupBody = z.strictObject({ workspaceId: z.uuid(), ids: z.array(text().max(100)).max(BULK_MAX) });
