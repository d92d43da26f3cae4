import { z } from 'zod';
import { text } from '../../../shared/http/validate';
import {
  BROWSERS,
  DEVICES,
  OPERATING_SYSTEMS,
  UTM_FIELDS,
  type LinkRules,
  type SocialPreview,
  type TargetingRule,
  type Utm,
  type Variant,
} from '../rules/link-rules';
import { appLinkProblem, normaliseTargetUrl, targetUrlProblem } from '../target-url';

/**
 * The schemas of a link's rules, for requests and answers. Strict: an unknown
 * field, country, language or device is a 400 naming it (e.g.
 * `body.targeting.1.country.0`), so a typo never becomes a rule that quietly
 * never matches.
 */
const MAX_TARGETING_RULES = 20;
const MAX_VARIANTS = 10;
const MAX_PASSWORD = 128;

const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const languages = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
/** Region codes that name no country: unknown, and groupings (EU, UN, the euro zone, outlying Oceania). */
const NOT_COUNTRIES = new Set(['ZZ', 'EU', 'EZ', 'UN', 'QO']);

export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) && regions.of(code) !== undefined;
}

/** The canonical form of a BCP 47 tag whose language (and region, if any) exist, else undefined. */
export function canonicalLanguage(tag: string): string | undefined {
  let canonical: string;
  try {
    [canonical] = Intl.getCanonicalLocales(tag);
  } catch {
    return undefined;
  }
  const [primary, ...rest] = canonical.split('-');
  if (languages.of(primary) === undefined) return undefined;
  const region = rest.find((part) => /^[A-Z]{2}$/.test(part));
  return region === undefined || isCountryCode(region) ? canonical : undefined;
}

function nonEmptyList<T extends z.ZodType>(item: T, max: number) {
  return z.array(item).min(1, 'must not be empty').max(max, `must have at most ${max} values`);
}

const country = text()
  .transform((value) => value.toUpperCase())
  .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code, e.g. DE');
const language = text()
  .max(35, 'must be at most 35 characters')
  .transform((value, ctx) => {
    const canonical = canonicalLanguage(value);
    if (canonical === undefined) ctx.addIssue({ code: 'custom', message: 'must be a known BCP 47 language tag, e.g. de or pt-BR' });
    return canonical ?? value;
  });
const queryName = text().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export function ruleSchemas(targetUrl: z.ZodType<string, string>, publicBase: URL) {
  /** A targeting rule's destination: an http(s) URL as a link's, or an app's deep link (`myapp://item/42`, Android's `intent://…`). */
  const destination = text()
    .superRefine((value, ctx) => {
      const problem = /^https?:/i.test(value) ? targetUrlProblem(value, publicBase) : appLinkProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => (/^https?:/i.test(value) ? normaliseTargetUrl(value) : value))
    .meta({ description: 'An http(s) URL, or an app deep link such as `myapp://item/42`', example: 'https://apps.apple.com/app/id123456789' });

  const targetingRule: z.ZodType<TargetingRule> = z
    .strictObject({
      url: destination,
      device: nonEmptyList(z.enum(DEVICES, { message: `must be one of ${DEVICES.join(', ')}` }), DEVICES.length).optional(),
      os: nonEmptyList(z.enum(OPERATING_SYSTEMS, { message: `must be one of ${OPERATING_SYSTEMS.join(', ')}` }), OPERATING_SYSTEMS.length).optional(),
      browser: nonEmptyList(z.enum(BROWSERS, { message: `must be one of ${BROWSERS.join(', ')}` }), BROWSERS.length).optional(),
      language: nonEmptyList(language, 50).optional(),
      country: nonEmptyList(country, 250).optional(),
      query: z
        .record(queryName, text().max(200, 'must be at most 200 characters'))
        .refine((query) => Object.keys(query).length > 0, 'must name at least one parameter')
        .refine((query) => Object.keys(query).length <= 10, 'must name at most 10 parameters')
        .optional()
        .meta({ description: 'Parameters the short URL was opened with, each with the value it must have', example: { ref: 'newsletter' } }),
    })
    .refine(
      (rule) => [rule.device, rule.os, rule.browser, rule.language, rule.country, rule.query].some((condition) => condition !== undefined),
      'must have at least one condition (device, os, browser, language, country or query)',
    )
    .meta({
      id: 'TargetingRule',
      description: 'Visitors matching every condition given (each list: any of its values) go to `url`.',
      example: { os: ['ios'], url: 'https://apps.apple.com/app/id123456789' },
    });

  const targeting = z
    .array(targetingRule)
    .max(MAX_TARGETING_RULES, `must have at most ${MAX_TARGETING_RULES} rules`)
    .meta({ description: "Tried in order, the first match wins; a visitor matching none goes to the link's own URL (or its A/B split)." });

  const variants = z
    .array(
      z.strictObject({
        name: text()
          .regex(/^[a-z0-9_-]{1,20}$/, 'must be 1-20 lower-case letters, digits, "-" or "_"')
          .optional()
          .meta({ description: 'How stats name it; `a`, `b`, `c`… by position when left out' }),
        url: targetUrl,
        weight: z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(99, 'must be at most 99'),
      }),
    )
    .max(MAX_VARIANTS, `must have at most ${MAX_VARIANTS} variants`)
    .refine((list) => list.length !== 1, 'must have at least two variants, or none')
    .superRefine((list, ctx) => {
      const sum = list.reduce((total, variant) => total + variant.weight, 0);
      if (list.length > 0 && sum !== 100) ctx.addIssue({ code: 'custom', message: `weights must sum to 100 (they sum to ${sum})` });
    })
    .transform((list, ctx): Variant[] => {
      const named = list.map((variant, i) => ({ name: variant.name ?? String.fromCharCode(97 + i), url: variant.url, weight: variant.weight }));
      if (new Set(named.map((variant) => variant.name)).size !== named.length) ctx.addIssue({ code: 'custom', message: 'must not repeat a name' });
      return named;
    })
    .meta({
      description:
        'An A/B split of the visitors no targeting rule sent elsewhere: each goes to one variant by weight (percent, summing to 100), the same one on every visit.',
      example: [
        { name: 'a', url: 'https://example.com/landing-a', weight: 50 },
        { name: 'b', url: 'https://example.com/landing-b', weight: 50 },
      ],
    });

  const utmValue = text().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
  const utm: z.ZodType<Utm> = z
    .strictObject(
      Object.fromEntries(UTM_FIELDS.map((field) => [field, utmValue.optional()])) as Record<
        (typeof UTM_FIELDS)[number],
        z.ZodOptional<typeof utmValue>
      >,
    )
    .refine((value) => Object.values(value).some((v) => v !== undefined), `must set at least one of ${UTM_FIELDS.join(', ')}`)
    .meta({
      id: 'Utm',
      description:
        'Added to every http(s) destination as `utm_source`… They replace parameters of the same name in the destination; with `forwardQuery`, the parameters the short URL was opened with replace both.',
      example: { source: 'newsletter', medium: 'email', campaign: 'spring' },
    });

  const socialPreview: z.ZodType<SocialPreview> = z
    .strictObject({
      title: text().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
      description: text().trim().max(500, 'must be at most 500 characters').nullable().default(null),
      image: targetUrl.nullable().default(null).meta({ description: 'An absolute http(s) URL of the image' }),
    })
    .meta({
      id: 'SocialPreview',
      description: 'What link-preview crawlers (Slack, X, Facebook, LinkedIn, iMessage…) are shown, as Open Graph tags, while people are redirected.',
    });

  const password = text()
    .min(1, 'must not be empty')
    .max(MAX_PASSWORD, `must be at most ${MAX_PASSWORD} characters`)
    .meta({ description: 'Visitors must enter it before they are redirected; stored hashed, never shown', writeOnly: true });
  const maxClicks = z
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1_000_000_000, 'must be at most 1000000000')
    .meta({ description: 'After this many redirects (GET, by people) the short URL answers 410 as if expired' });

  return { targeting, variants, utm, socialPreview, password, maxClicks };
}

export type RuleSchemas = ReturnType<typeof ruleSchemas>;

/** The rules of a link in answers and events. */
export const linkRulesShape = {
  targeting: z.array(
    z.object({
      url: z.string(),
      device: z.array(z.enum(DEVICES)).optional(),
      os: z.array(z.enum(OPERATING_SYSTEMS)).optional(),
      browser: z.array(z.enum(BROWSERS)).optional(),
      language: z.array(z.string()).optional(),
      country: z.array(z.string()).optional(),
      query: z.record(z.string(), z.string()).optional(),
    }),
  ),
  variants: z.array(z.object({ name: z.string(), url: z.string(), weight: z.number().int() })),
  utm: z.object(Object.fromEntries(UTM_FIELDS.map((field) => [field, z.string().optional()]))).nullable(),
  socialPreview: z.object({ title: z.string(), description: z.string().nullable(), image: z.string().nullable() }).nullable(),
} satisfies Record<keyof LinkRules, z.ZodType>;
