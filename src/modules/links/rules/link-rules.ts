/**
 * What a link may do besides redirecting to its URL, as the API shows it and
 * as it is stored (the `rules` jsonb of links.links): targeting, an A/B split,
 * UTM parameters and a social preview. A password and a click limit are
 * columns of their own (the hash never leaves the module; the limit is counted).
 */

export const DEVICES = ['desktop', 'mobile', 'tablet'] as const;
export const OPERATING_SYSTEMS = ['ios', 'android', 'windows', 'macos', 'linux', 'chromeos'] as const;
export const BROWSERS = ['chrome', 'safari', 'firefox', 'edge', 'opera', 'samsung'] as const;

export type Device = (typeof DEVICES)[number];
export type OperatingSystem = (typeof OPERATING_SYSTEMS)[number];
export type Browser = (typeof BROWSERS)[number];

/**
 * Sends a visitor who matches every condition given (each list: any of its
 * values) to `url`. Rules are tried in order; the first match wins.
 */
export interface TargetingRule {
  url: string;
  device?: Device[];
  os?: OperatingSystem[];
  browser?: Browser[];
  /** BCP 47 tags matched against the visitor's preferred language: `de` matches `de-AT`, `pt-BR` only `pt-BR`. */
  language?: string[];
  /** ISO 3166-1 alpha-2 codes, upper case. */
  country?: string[];
  /** Query parameters the short URL was opened with, each equal to its value. */
  query?: Record<string, string>;
}

/** One arm of an A/B split: `weight` percent of visitors (sticky per visitor) go to `url`. */
export interface Variant {
  name: string;
  url: string;
  weight: number;
}

export const UTM_FIELDS = ['source', 'medium', 'campaign', 'term', 'content'] as const;
export type Utm = Partial<Record<(typeof UTM_FIELDS)[number], string>>;

/** What link-preview crawlers (Slack, X, Facebook…) are shown instead of being redirected. */
export interface SocialPreview {
  title: string;
  description: string | null;
  /** An absolute http(s) URL. */
  image: string | null;
}

export interface LinkRules {
  targeting: TargetingRule[];
  variants: Variant[];
  utm: Utm | null;
  socialPreview: SocialPreview | null;
}

export const NO_RULES: LinkRules = { targeting: [], variants: [], utm: null, socialPreview: null };

/** Whether `rules` asks for anything, i.e. whether it is worth storing. */
export function hasRules(rules: LinkRules): boolean {
  return rules.targeting.length > 0 || rules.variants.length > 0 || rules.utm !== null || rules.socialPreview !== null;
}
