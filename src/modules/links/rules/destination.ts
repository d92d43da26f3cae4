import { buildLocation } from '../target-url';
import { UTM_FIELDS, type LinkRules, type SocialPreview, type TargetingRule, type Utm } from './link-rules';
import { languageMatches, type Visitor } from './visitor';

/**
 * A link's rules as the redirect evaluates them: prepared once when the link
 * enters the redirect cache (sets for the lists, UTM parameters already in
 * each destination, cumulative weights), so a rule-bearing redirect costs a
 * few comparisons more than a plain one.
 */
export interface CompiledRules {
  targeting: CompiledTargetingRule[];
  /** Cumulative: a visitor whose bucket (0-99) is below `upTo` gets this one. */
  variants: { name: string; url: string; upTo: number }[];
  /** The link's own URL with its UTM parameters. */
  url: string;
  socialPreview: SocialPreview | null;
  /** The scrypt hash (rules/password.ts), never sent anywhere. */
  passwordHash: string | null;
  maxClicks: number | null;
  /** The link's updatedAt in epoch milliseconds: which edit these rules are (a click limit's lease is per edit). */
  version: number;
  /** Whether the answer depends on who asks, so no shared cache may keep it. */
  personal: boolean;
  /** Nothing to decide: everyone goes to `url` (UTM parameters only), so the visitor need not be read. */
  sameForAll: boolean;
}

interface CompiledTargetingRule {
  url: string;
  device?: ReadonlySet<string>;
  os?: ReadonlySet<string>;
  browser?: ReadonlySet<string>;
  language?: readonly string[];
  country?: ReadonlySet<string>;
  query?: readonly [string, string][];
}

export interface RuleColumns {
  url: string;
  rules: LinkRules | null;
  passwordHash: string | null;
  maxClicks: number | null;
  /** The link's updatedAt in epoch milliseconds. */
  version: number;
}

/** The compiled rules of a link, or null when it has none (the plain redirect). */
export function compileRules(link: RuleColumns): CompiledRules | null {
  const { rules, passwordHash, maxClicks } = link;
  if (rules === null && passwordHash === null && maxClicks === null) return null;
  const utm = utmQuery(rules?.utm ?? null);
  let total = 0;
  return {
    targeting: (rules?.targeting ?? []).map((rule) => compileTargeting(rule, utm)),
    variants: (rules?.variants ?? []).map((variant) => ({ name: variant.name, url: withUtm(variant.url, utm), upTo: (total += variant.weight) })),
    url: withUtm(link.url, utm),
    socialPreview: rules?.socialPreview ?? null,
    passwordHash,
    maxClicks,
    version: link.version,
    personal: passwordHash !== null || maxClicks !== null || (rules !== null && (rules.targeting.length > 0 || rules.variants.length > 0)),
    sameForAll:
      passwordHash === null &&
      maxClicks === null &&
      (rules === null || (rules.targeting.length === 0 && rules.variants.length === 0 && rules.socialPreview === null)),
  };
}

function compileTargeting(rule: TargetingRule, utm: string): CompiledTargetingRule {
  const set = (values: readonly string[] | undefined) => (values === undefined ? undefined : new Set(values));
  return {
    url: withUtm(rule.url, utm),
    device: set(rule.device),
    os: set(rule.os),
    browser: set(rule.browser),
    language: rule.language?.map((tag) => tag.toLowerCase()),
    country: set(rule.country),
    query: rule.query === undefined ? undefined : Object.entries(rule.query),
  };
}

/** Where this visitor goes: the first targeting rule they match, else their A/B variant, else the link's URL. */
export function chooseDestination(rules: CompiledRules, visitor: Visitor, linkId: string): { url: string; variant: string | undefined } {
  for (const rule of rules.targeting) if (matches(rule, visitor)) return { url: rule.url, variant: undefined };
  if (rules.variants.length > 0) {
    const bucket = fnv1a(`${visitor.key}|${linkId}`) % 100;
    const variant = rules.variants.find((v) => bucket < v.upTo) ?? rules.variants[rules.variants.length - 1];
    return { url: variant.url, variant: variant.name };
  }
  return { url: rules.url, variant: undefined };
}

function matches(rule: CompiledTargetingRule, visitor: Visitor): boolean {
  if (rule.device && !has(rule.device, visitor.device)) return false;
  if (rule.os && !has(rule.os, visitor.os)) return false;
  if (rule.browser && !has(rule.browser, visitor.browser)) return false;
  if (rule.country && !has(rule.country, visitor.country)) return false;
  if (rule.language) {
    const language = visitor.language;
    if (language === undefined || !rule.language.some((tag) => languageMatches(language, tag))) return false;
  }
  if (rule.query && !rule.query.every(([name, value]) => visitor.param(name) === value)) return false;
  return true;
}

function has(set: ReadonlySet<string>, value: string | undefined): boolean {
  return value !== undefined && set.has(value);
}

/** The query string of a link's UTM parameters (`utm_source=…&…`), empty without any. */
function utmQuery(utm: Utm | null): string {
  if (utm === null) return '';
  const params = new URLSearchParams();
  for (const field of UTM_FIELDS) if (utm[field] !== undefined) params.set(`utm_${field}`, utm[field]);
  return params.toString();
}

/** An http(s) destination with the UTM parameters replacing its own of the same name; an app link as it is. */
function withUtm(url: string, utm: string): string {
  return utm === '' || !isWebUrl(url) ? url : buildLocation(url, true, utm);
}

export function isWebUrl(url: string): boolean {
  return url.startsWith('https://') || url.startsWith('http://');
}

/** FNV-1a, 32 bits: a fast, well-spread hash for picking a visitor's bucket (not for security). */
function fnv1a(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
