import type { IncomingMessage } from 'node:http';
import type { AgentTraits, UserAgentClassifier } from '../../../shared/http/user-agent';
import type { Browser, Device, OperatingSystem } from './link-rules';

/**
 * What targeting rules ask of a visitor, read from the request only when a
 * rule asks: most links have no rules, and a rule on language alone should
 * not pay for parsing the user agent.
 */
export class Visitor {
  private agent: AgentTraits | undefined;
  private languageRead = false;
  private preferred: string | undefined;
  private params: URLSearchParams | undefined;

  constructor(
    private readonly req: IncomingMessage,
    /** The request's path and query (`/abc?x=1`). */
    private readonly url: string,
    readonly ip: string | undefined,
    private readonly classifier: UserAgentClassifier,
    private readonly countryOf: (req: IncomingMessage, ip: string | undefined) => string | undefined,
  ) {}

  get device(): Device | undefined {
    const device = this.traits().device;
    return device === 'other' ? undefined : device;
  }

  get os(): OperatingSystem | undefined {
    return osFamily(this.traits().os);
  }

  get browser(): Browser | undefined {
    return browserFamily(this.traits().browser);
  }

  get bot(): boolean {
    return this.traits().bot;
  }

  /** The language the visitor prefers most (Accept-Language), lower case; undefined without one. */
  get language(): string | undefined {
    if (!this.languageRead) {
      this.languageRead = true;
      this.preferred = preferredLanguage(this.req.headers['accept-language']);
    }
    return this.preferred;
  }

  get country(): string | undefined {
    return this.countryOf(this.req, this.ip);
  }

  param(name: string): string | null {
    if (this.params === undefined) {
      const queryAt = this.url.indexOf('?');
      this.params = new URLSearchParams(queryAt < 0 ? '' : this.url.slice(queryAt + 1));
    }
    return this.params.get(name);
  }

  /** Who the visitor is for a sticky A/B split: the same address and browser get the same variant. */
  get key(): string {
    return `${this.ip ?? ''}|${this.req.headers['user-agent'] ?? ''}`;
  }

  private traits(): AgentTraits {
    return (this.agent ??= this.classifier.classify(this.req.headers['user-agent']));
  }
}

/** The tag with the highest q (the first of equals), e.g. `de-at` for `de-AT,de;q=0.9,en;q=0.8`. */
export function preferredLanguage(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  let best: string | undefined;
  let bestQ = 0;
  for (const part of header.slice(0, 500).split(',')) {
    const [rawTag, ...params] = part.split(';');
    const tag = rawTag.trim();
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.trim().slice(2));
    if (tag === '' || tag === '*' || !(q > bestQ)) continue;
    best = tag.toLowerCase();
    bestQ = q;
  }
  return best;
}

/** Whether the visitor's language `visitor` is what a rule's `tag` names: `de` takes `de-at`, `pt-br` only `pt-br`. */
export function languageMatches(visitor: string, tag: string): boolean {
  return visitor === tag || (visitor.startsWith(tag) && visitor[tag.length] === '-');
}

/** ua-parser-js's OS names, by family. */
function osFamily(name: string): OperatingSystem | undefined {
  switch (name) {
    case 'iOS':
      return 'ios';
    case 'Android':
      return 'android';
    case 'Windows':
    case 'Windows Phone':
      return 'windows';
    case 'Mac OS':
    case 'macOS':
      return 'macos';
    case 'Chromium OS':
    case 'Chrome OS':
      return 'chromeos';
    case 'Linux':
    case 'Ubuntu':
    case 'Debian':
    case 'Fedora':
    case 'Arch':
    case 'Mint':
    case 'Gentoo':
    case 'SUSE':
    case 'openSUSE':
    case 'Red Hat':
    case 'CentOS':
    case 'Kubuntu':
      return 'linux';
    default:
      return undefined;
  }
}

/** ua-parser-js's browser names, by family. */
function browserFamily(name: string): Browser | undefined {
  switch (name) {
    case 'Chrome':
    case 'Chrome WebView':
    case 'Chrome Headless':
    case 'Chromium':
      return 'chrome';
    case 'Safari':
    case 'Mobile Safari':
      return 'safari';
    case 'Firefox':
    case 'Mobile Firefox':
    case 'Firefox Focus':
      return 'firefox';
    case 'Edge':
      return 'edge';
    case 'Opera':
    case 'Opera Mini':
    case 'Opera Touch':
    case 'Opera Mobi':
      return 'opera';
    case 'Samsung Browser':
      return 'samsung';
    default:
      return undefined;
  }
}
