import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';

/**
 * Ownership by DNS: a domain is verified once a TXT record at
 * `_shortline.<hostname>` holds `shortline-verify=<token>`, a value only its
 * workspace has seen. Only whoever controls the domain's DNS can publish it,
 * and checking needs no traffic to the domain itself (which may not point at
 * Shortline yet).
 */
export const TXT_PREFIX = 'shortline-verify=';

export function verificationName(hostname: string): string {
  return `_shortline.${hostname}`;
}

export function newVerificationToken(): string {
  return randomBytes(16).toString('hex');
}

/** What a look-up found: the record, or why not (`temporary`: DNS did not answer, so ask again later). */
export type DnsCheck = { verified: true } | { verified: false; temporary: boolean; found: string };

/** DNS resolver errors that say the name or its TXT records do not exist (an answer, not a failure). */
const NO_RECORD = new Set(['ENODATA', 'ENOTFOUND', 'NOTFOUND', 'ENONAME']);

export class DnsVerifier {
  constructor(private readonly options: { servers: readonly string[]; timeoutMs: number }) {}

  async check(hostname: string, token: string): Promise<DnsCheck> {
    const name = verificationName(hostname);
    const expected = `${TXT_PREFIX}${token}`;
    // A resolver per check: setServers is per resolver, and one look-up at a time per check keeps them apart.
    const resolver = new Resolver({ timeout: this.options.timeoutMs, tries: 2 });
    if (this.options.servers.length > 0) resolver.setServers([...this.options.servers]);
    let records: string[][];
    try {
      records = await resolver.resolveTxt(name);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'an unknown error';
      if (NO_RECORD.has(code))
        return {
          verified: false,
          temporary: false,
          found: `no TXT record at ${name} (${code === 'ENODATA' ? 'the name has no TXT records' : 'the name does not exist'})`,
        };
      return { verified: false, temporary: true, found: `no answer from DNS about ${name} (${code}); try again shortly` };
    } finally {
      resolver.cancel();
    }
    // A long TXT record arrives in 255-byte strings: together they are its value.
    const values = records.map((chunks) => chunks.join(''));
    if (values.includes(expected)) return { verified: true };
    const shown = values.slice(0, 5).map((value) => JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value));
    const more = values.length > 5 ? ` and ${values.length - 5} more` : '';
    return {
      verified: false,
      temporary: false,
      found: `the TXT records at ${name} are ${shown.join(', ')}${more}; none is "${expected}"`,
    };
  }
}
