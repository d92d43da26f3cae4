import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';

/** What a click's user agent says about the device, as stored and broken down by stats. */
export interface AgentTraits {
  device: 'desktop' | 'mobile' | 'tablet' | 'other';
  browser: string;
  os: string;
  bot: boolean;
}

const CACHE_SIZE = 2000;

/**
 * Parses user agents with ua-parser-js (device, browser, OS) and isbot (known
 * crawlers and link-preview bots). Parsing costs tens of microseconds and real
 * traffic repeats a few hundred agents, so results are memoised (bounded,
 * oldest first out).
 */
export class UserAgentClassifier {
  private readonly cache = new Map<string, AgentTraits>();

  classify(userAgent: string | undefined): AgentTraits {
    const key = userAgent ?? '';
    let traits = this.cache.get(key);
    if (traits === undefined) {
      traits = parse(key);
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, traits);
    }
    return traits;
  }
}

function parse(userAgent: string): AgentTraits {
  // No user agent at all is how scripts, not browsers, arrive.
  if (userAgent === '') return { device: 'other', browser: 'unknown', os: 'unknown', bot: true };
  const result = new UAParser(userAgent).getResult();
  const type = result.device.type;
  const device = type === 'mobile' || type === 'tablet' ? type : type === undefined && result.os.name !== undefined ? 'desktop' : 'other';
  return { device, browser: result.browser.name ?? 'unknown', os: result.os.name ?? 'unknown', bot: isbot(userAgent) };
}
