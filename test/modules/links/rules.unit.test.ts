import { canonicalLanguage, isCountryCode } from '../../../src/modules/links/http/rule-schemas';
import { PasswordAttempts } from '../../../src/modules/links/rules/password-attempts';
import { hashPassword, isUnlocked, unlockToken, verifyPassword } from '../../../src/modules/links/rules/password';
import { languageMatches, preferredLanguage } from '../../../src/modules/links/rules/visitor';
import { appLinkProblem } from '../../../src/modules/links/target-url';

describe('preferredLanguage', () => {
  it.each([
    ['de-AT,de;q=0.9,en;q=0.8', 'de-at'],
    ['en;q=0.4, fr ;q=0.9', 'fr'],
    ['*, pt-BR;q=0.5', 'pt-br'],
    ['es;q=0, it', 'it'],
    ['', undefined],
    [undefined, undefined],
  ])('takes the tag with the highest q from %p', (header, expected) => {
    expect(preferredLanguage(header)).toBe(expected);
  });

  it('matches a rule tag as a prefix of whole subtags only', () => {
    expect(languageMatches('de-at', 'de')).toBe(true);
    expect(languageMatches('de', 'de')).toBe(true);
    expect(languageMatches('del', 'de')).toBe(false);
    expect(languageMatches('pt-pt', 'pt-br')).toBe(false);
  });
});

describe('rule values', () => {
  it('knows countries, not groupings or unassigned codes', () => {
    expect(['US', 'DE', 'XK'].every(isCountryCode)).toBe(true);
    expect(['EU', 'UN', 'ZZ', 'XX', 'us', 'USA'].some(isCountryCode)).toBe(false);
  });

  it('canonicalises language tags and refuses unknown ones', () => {
    expect(canonicalLanguage('PT-br')).toBe('pt-BR');
    expect(canonicalLanguage('de')).toBe('de');
    expect(canonicalLanguage('qq')).toBeUndefined();
    expect(canonicalLanguage('de-ZZ')).toBeUndefined();
    expect(canonicalLanguage('not a tag')).toBeUndefined();
  });

  it.each([
    ['myapp://item/42', undefined],
    ['intent://scan/#Intent;scheme=zxing;package=com.google.zxing.client.android;end', undefined],
    ['fb://profile/33138223345', undefined],
    ['javascript:alert(1)', 'must not use the javascript scheme'],
    ['DATA:text/html,x', 'must not use the data scheme'],
    ['myapp:// spaced', 'must not contain spaces or control characters'],
    ['no-scheme', 'must be an absolute http(s) URL or an app link such as myapp://path'],
  ])('judges %p as an app link: %p', (url, problem) => {
    expect(appLinkProblem(url)).toBe(problem);
  });
});

describe('passwords', () => {
  it('verifies the right password against its hash, and only that one', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horse ', hash)).toBe(false);
    expect(await hashPassword('correct horse')).not.toBe(hash);
  });

  it('accepts an unlock token for its link and hash until it expires', () => {
    const now = 1_800_000_000;
    const token = unlockToken('link-1', 'hash-a', now + 60);
    expect(isUnlocked(token, 'link-1', 'hash-a', now)).toBe(true);
    expect(isUnlocked(token, 'link-1', 'hash-a', now + 60)).toBe(false);
    expect(isUnlocked(token, 'link-2', 'hash-a', now)).toBe(false);
    expect(isUnlocked(token, 'link-1', 'hash-b', now)).toBe(false);
    expect(isUnlocked(token.replace(/^\d+/, String(now + 9999)), 'link-1', 'hash-a', now)).toBe(false);
    expect(isUnlocked(undefined, 'link-1', 'hash-a', now)).toBe(false);
  });
});

describe('PasswordAttempts', () => {
  it('lets 4 wrong guesses pass, then locks out for 1 s, 2 s, 4 s…', () => {
    const attempts = new PasswordAttempts();
    let now = 0;
    for (let i = 0; i < 4; i++) attempts.failed('l', '1.2.3.4', now);
    expect(attempts.lockedFor('l', '1.2.3.4', now)).toBe(0);
    attempts.failed('l', '1.2.3.4', now);
    expect(attempts.lockedFor('l', '1.2.3.4', now)).toBe(1000);
    now += 1000;
    attempts.failed('l', '1.2.3.4', now);
    expect(attempts.lockedFor('l', '1.2.3.4', now)).toBe(2000);
    // Another visitor, or another link, is not affected.
    expect(attempts.lockedFor('l', '5.6.7.8', now)).toBe(0);
    expect(attempts.lockedFor('m', '1.2.3.4', now)).toBe(0);
    attempts.succeeded('l', '1.2.3.4');
    expect(attempts.lockedFor('l', '1.2.3.4', now)).toBe(0);
  });

  it('forgets wrong guesses after 15 quiet minutes', () => {
    const attempts = new PasswordAttempts();
    for (let i = 0; i < 5; i++) attempts.failed('l', 'ip', 0);
    attempts.failed('l', 'ip', 16 * 60_000);
    expect(attempts.lockedFor('l', 'ip', 16 * 60_000)).toBe(0);
  });
});
