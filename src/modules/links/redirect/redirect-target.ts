import type { CompiledRules } from '../rules/destination';
import type { RedirectType } from '../types';

/**
 * What the redirect path needs of a link, as the redirect cache keeps it: a
 * million of these are the hot set it is sized for, so each holds as little
 * as it can (ADR 0019). What every link has is a field; the rest — expiry,
 * rules, custom domain — lives in one object only on the links that have any
 * of it, with the small settings packed into one integer. Immutable.
 */
export class RedirectTarget {
  readonly linkId: string;
  readonly workspaceId: string;
  readonly url: string;
  /** As written (the short URL and the public QR code show it), where the cache key is lower-cased. */
  readonly slug: string;
  /** The packed settings of a link with nothing rare, else its rare fields, those settings among them. */
  private readonly rest: number | RareFields;

  constructor(fields: {
    linkId: string;
    workspaceId: string;
    url: string;
    slug: string;
    redirectType: RedirectType;
    forwardQuery: boolean;
    publicQr: boolean;
    /** Epoch milliseconds, or null for never. */
    expiresAt: number | null;
    /** Null for a link without rules: the plain redirect. */
    rules: CompiledRules | null;
    domain: string | null;
  }) {
    this.linkId = fields.linkId;
    this.workspaceId = intern(fields.workspaceId);
    this.url = fields.url;
    this.slug = fields.slug;
    const settings = TYPES.indexOf(fields.redirectType) | (fields.forwardQuery ? FORWARD_QUERY : 0) | (fields.publicQr ? PUBLIC_QR : 0);
    const { expiresAt, rules, domain } = fields;
    this.rest = expiresAt === null && rules === null && domain === null ? settings : { settings, expiresAt, rules, domain: intern(domain) };
  }

  get redirectType(): RedirectType {
    return TYPES[this.settings & TYPE_BITS];
  }

  get forwardQuery(): boolean {
    return (this.settings & FORWARD_QUERY) !== 0;
  }

  /** Whether anyone may get the link's QR code at `GET /<slug>/qr`. */
  get publicQr(): boolean {
    return (this.settings & PUBLIC_QR) !== 0;
  }

  /** Epoch milliseconds, or null for never. */
  get expiresAt(): number | null {
    return typeof this.rest === 'number' ? null : this.rest.expiresAt;
  }

  /** Null for a link without rules: the plain redirect. */
  get rules(): CompiledRules | null {
    return typeof this.rest === 'number' ? null : this.rest.rules;
  }

  /** The custom domain the link lives on; null for the default domain. */
  get domain(): string | null {
    return typeof this.rest === 'number' ? null : this.rest.domain;
  }

  private get settings(): number {
    return typeof this.rest === 'number' ? this.rest : this.rest.settings;
  }
}

interface RareFields {
  settings: number;
  expiresAt: number | null;
  rules: CompiledRules | null;
  domain: string | null;
}

const TYPES: readonly RedirectType[] = [301, 302, 307, 308];
const TYPE_BITS = 3;
const FORWARD_QUERY = 4;
const PUBLIC_QR = 8;

/**
 * One string per workspace id and domain however many links name it: each
 * row read brings its own copy (56 bytes for a UUID). Bounded: past
 * INTERNED_MAX the pool starts over, which costs memory, never correctness.
 */
const interned = new Map<string, string>();
const INTERNED_MAX = 10_000;

function intern<S extends string | null>(value: S): S {
  if (value === null) return value;
  const known = interned.get(value);
  if (known !== undefined) return known as S;
  if (interned.size >= INTERNED_MAX) interned.clear();
  interned.set(value, value);
  return value;
}
