import { loadConfig } from '../../src/app/config';
import { ConfigError } from '../../src/shared/config';

/** The problems `env` must cause, one line each. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('the rate-limit settings', () => {
  it('are on by default, counted in PostgreSQL, with a policy for every limit', () => {
    const config = loadConfig({});
    expect(config.rateLimits).toEqual({
      enabled: true,
      store: 'postgres',
      redisUrl: undefined,
      callers: {
        apiKey: { points: 600, windowSeconds: 60 },
        session: { points: 600, windowSeconds: 60 },
        authFailures: { points: 20, windowSeconds: 60 },
      },
    });
    expect(config.settings.identity.signInRateLimit).toEqual({ points: 30, windowSeconds: 60 });
    expect(config.settings.links.unlockRateLimit).toEqual({ points: 20, windowSeconds: 60 });
    expect(config.settings.links.unknownSlugRateLimit).toEqual({ points: 120, windowSeconds: 60 });
  });

  it('count in Redis once REDIS_URL is set, unless RATE_LIMIT_STORE says otherwise', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).rateLimits).toMatchObject({ store: 'redis', redisUrl: 'redis://cache:6379' });
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379', RATE_LIMIT_STORE: 'postgres' }).rateLimits.store).toBe('postgres');
    expect(loadConfig({ RATE_LIMIT_STORE: 'memory' }).rateLimits.store).toBe('memory');
  });

  it('read a policy as requests per window in seconds, minutes or hours, or off', () => {
    const read = (value: string) => loadConfig({ RATE_LIMIT_API_KEY: value }).rateLimits.callers.apiKey;
    expect(read('5/10s')).toEqual({ points: 5, windowSeconds: 10 });
    expect(read('100/15m')).toEqual({ points: 100, windowSeconds: 900 });
    expect(read('1000/1h')).toEqual({ points: 1000, windowSeconds: 3600 });
    expect(read('off')).toBeUndefined();
  });

  it.each([
    ['no window', '600'],
    ['a window without unit', '600/60'],
    ['zero requests', '0/1m'],
    ['a negative count', '-5/1m'],
    ['a window of days', '5/2d'],
    ['a window over a day', '5/25h'],
    ['words', 'unlimited'],
  ])('refuse a policy with %s, naming the variable', (_case, value) => {
    expect(problems({ RATE_LIMIT_UNKNOWN_SLUGS: value })).toEqual([expect.stringMatching(/^RATE_LIMIT_UNKNOWN_SLUGS: must .*\(got "/)]);
  });

  it('refuse a Redis store without REDIS_URL, and a REDIS_URL that is not redis://', () => {
    expect(problems({ RATE_LIMIT_STORE: 'redis' })).toEqual(['RATE_LIMIT_STORE: redis needs REDIS_URL (got redis)']);
    const bad = problems({ REDIS_URL: 'http://cache:6379' });
    expect(bad).toEqual([expect.stringMatching(/^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL .*\(got a value of 17 characters\)$/)]);
  });
});
