import os from 'node:os';
import { loadConfig } from '../../src/app/config';
import { registry } from '../../src/app/registry';
import { ConfigError, platformSettings } from '../../src/shared/config';

/** The ConfigError that `env` must cause: the test fails if loadConfig throws nothing, or something else. */
function configError(env: Record<string, string>): ConfigError {
  let thrown: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return thrown as ConfigError;
}

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      http: { host: '0.0.0.0', port: 3000, bodyLimit: '1mb' },
      db: { url: undefined, poolMax: 10, statementTimeoutMs: 5000 },
      log: { format: 'pretty', level: 'info', accessLog: true },
      settings: { identity: { adminToken: undefined } },
      modules: undefined,
    });
    expect(config.embedded.port).toBeGreaterThanOrEqual(15432);
  });

  it('logs JSON in production unless told otherwise', () => {
    const production = { NODE_ENV: 'production', METRICS_TOKEN: 'metrics-token-0123456789' };
    expect(loadConfig(production).log.format).toBe('json');
    expect(loadConfig({ ...production, LOG_FORMAT: 'pretty' }).log.format).toBe('pretty');
  });

  it('refuses to start in production with /metrics open, unless METRICS_OPEN=on says so', () => {
    expect(configError({ NODE_ENV: 'production' }).problems).toEqual([
      expect.stringMatching(/^METRICS_TOKEN: must be set in production.*METRICS_OPEN=on/),
    ]);
    expect(loadConfig({ NODE_ENV: 'production', METRICS_OPEN: 'on' }).metricsToken).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production', METRICS_TOKEN: 'metrics-token-0123456789' }).metricsToken).toBe('metrics-token-0123456789');
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });

  it('limits how long clients may take and how many connect, with defaults that cut a slow client in seconds', () => {
    expect(loadConfig({}).http.limits).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 4096,
    });
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '5000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS: must not exceed/,
    );
    expect(() => loadConfig({ HTTP_MAX_CONNECTIONS: '0' })).toThrow(/HTTP_MAX_CONNECTIONS/);
  });

  it('derives different embedded database ports for different data directories', () => {
    expect(loadConfig({ DATA_DIR: '/srv/a/.data' }).embedded.port).not.toBe(loadConfig({ DATA_DIR: '/srv/b/.data' }).embedded.port);
  });

  it('reports every invalid variable, one line each, naming what is expected', () => {
    const error = configError({ PORT: '70000', DATABASE_URL: 'mysql://x', BODY_LIMIT: 'huge', ADMIN_TOKEN: 'short', MODULES: 'Links' });
    expect(error.problems).toHaveLength(5);
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual(['ADMIN_TOKEN', 'BODY_LIMIT', 'DATABASE_URL', 'MODULES', 'PORT']);
    expect(error.message.split('\n')).toHaveLength(6);
  });

  it('never echoes secrets or connection URLs in its errors', () => {
    const error = configError({ ADMIN_TOKEN: 'hunter2', DATABASE_URL: 'mysql://user:pw@host/db' });
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual(['ADMIN_TOKEN', 'DATABASE_URL']);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain(':pw@');
  });

  it('rejects a pool minimum above its maximum', () => {
    expect(() => loadConfig({ DB_POOL_MIN: '20', DB_POOL_MAX: '5' })).toThrow(/DB_POOL_MIN/);
  });

  it('treats an empty ADMIN_TOKEN as unset', () => {
    expect(loadConfig({ ADMIN_TOKEN: '' }).settings.identity.adminToken).toBeUndefined();
  });
});

describe('PUBLIC_BASE_URL', () => {
  it('defaults to localhost on PORT and drops a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://sho.rt/' }).publicBaseUrl).toBe('https://sho.rt');
  });

  it('rejects a URL with a path, or not http(s)', () => {
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://example.com/links' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'ftp://example.com' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://sho.rt/#x' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://u:p@sho.rt' })).toThrow(/PUBLIC_BASE_URL/);
  });
});

it('refuses a click flush size larger than the click buffer', () => {
  expect(() => loadConfig({ CLICKS_FLUSH_SIZE: '5000', CLICKS_BUFFER_MAX: '1000' })).toThrow(
    /CLICKS_FLUSH_SIZE: must not exceed CLICKS_BUFFER_MAX \(1000\)/,
  );
});

describe('outbound calls and webhooks', () => {
  it('reads the allow-list, sizes and breaker settings, and keeps the connect timeout within the total', () => {
    const config = loadConfig({
      OUTBOUND_ALLOW: '127.0.0.1, ::1,10.0.0.0/8',
      OUTBOUND_MAX_RESPONSE: '64kb',
      OUTBOUND_CONNECT_TIMEOUT_MS: '9000',
      OUTBOUND_TIMEOUT_MS: '2000',
    });
    expect(config.outbound).toMatchObject({
      allow: ['127.0.0.1', '::1', '10.0.0.0/8'],
      maxResponseBytes: 65536,
      connectTimeoutMs: 2000,
      timeoutMs: 2000,
    });
    expect(loadConfig({}).outbound).toMatchObject({ allow: [], timeoutMs: 10_000, connectTimeoutMs: 3000, perHostConcurrency: 2 });
  });

  it('refuses what the client could not use', () => {
    expect(() => loadConfig({ OUTBOUND_ALLOW: '127.0.0.1,localhost' })).toThrow(
      /OUTBOUND_ALLOW: must be a comma-separated list of IP addresses or CIDR ranges/,
    );
    expect(() => loadConfig({ OUTBOUND_ALLOW: '10.0.0.0/33' })).toThrow(/OUTBOUND_ALLOW/);
    expect(() => loadConfig({ OUTBOUND_BREAKER_FAILURE_RATIO: '1' })).toThrow(/OUTBOUND_BREAKER_FAILURE_RATIO/);
    expect(() => loadConfig({ WEBHOOK_RETRY_BASE_MS: '5000', WEBHOOK_RETRY_MAX_MS: '1000' })).toThrow(
      /WEBHOOK_RETRY_BASE_MS: must not exceed WEBHOOK_RETRY_MAX_MS/,
    );
  });
});

it('reads DATABASE_REPLICA_URLS as a list of postgres URLs, and refuses a check interval not below the lag bound', () => {
  expect(loadConfig({}).db.replicaUrls).toEqual([]);
  const config = loadConfig({ DATABASE_REPLICA_URLS: ' postgres://a@r1/db , postgresql://a@r2/db,' });
  expect(config.db.replicaUrls).toEqual(['postgres://a@r1/db', 'postgresql://a@r2/db']);
  expect(config.db.replicaMaxLagMs).toBe(5000);
  expect(config.db.replicaCheckIntervalMs).toBe(250);
  expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://a@r1/db,mysql://r2' })).toThrow(/DATABASE_REPLICA_URLS.*a value of/);
  expect(() => loadConfig({ REPLICA_MAX_LAG_MS: '1000', REPLICA_CHECK_INTERVAL_MS: '1000' })).toThrow(
    /REPLICA_CHECK_INTERVAL_MS: must be below REPLICA_MAX_LAG_MS/,
  );
});

it('reads SHARDS as name=url pairs, and refuses bad names, "main", repeats, and combinations not built', () => {
  expect(loadConfig({}).db.shards).toEqual([]);
  expect(loadConfig({ SHARDS: ' s1=postgres://a:secret@db2/shortline , eu_2=postgresql://db3/x,' }).db.shards).toEqual([
    { name: 's1', url: 'postgres://a:secret@db2/shortline' },
    { name: 'eu_2', url: 'postgresql://db3/x' },
  ]);
  const refused = (SHARDS: string, extra: Record<string, string> = {}) => {
    try {
      loadConfig({ SHARDS, ...extra });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`SHARDS=${SHARDS} was accepted`);
  };
  expect(refused('postgres://a:secret@db2/x')).toMatch(/SHARDS.*name=postgres/);
  expect(refused('S1=postgres://a:secret@db2/x')).toMatch(/SHARDS.*lower-case/);
  expect(refused('main=postgres://db2/x')).toMatch(/SHARDS: must not name a shard "main"/);
  expect(refused('s1=postgres://db2/x,s1=postgres://db3/x')).toMatch(/SHARDS: must not name a shard twice/);
  expect(refused('s1=postgres://db2/x', { MODULES: 'identity,links' })).toMatch(/SHARDS: cannot be combined with MODULES/);
  expect(refused('s1=postgres://db2/x', { DATABASE_REPLICA_URLS: 'postgres://r1/x' })).toMatch(
    /SHARDS: cannot be combined with DATABASE_REPLICA_URLS/,
  );
  // Shard URLs carry passwords: an error names their length, never the value.
  expect(refused('s1=mysql://a:secret@db2/x')).not.toMatch(/secret/);
});

it('needs INTERNAL_TOKEN with ANALYTICS_URL or CORE_URL, and http(s) URLs for both', () => {
  expect(loadConfig({}).remote).toEqual({ analyticsUrl: undefined, coreUrl: undefined, internalToken: undefined });
  expect(() => loadConfig({ ANALYTICS_URL: 'http://analytics:3000' })).toThrow(/INTERNAL_TOKEN: must be set/);
  expect(() => loadConfig({ CORE_URL: 'ftp://core', INTERNAL_TOKEN: 'x'.repeat(16) })).toThrow(/CORE_URL/);
  expect(() => loadConfig({ CORE_URL: 'http://core', INTERNAL_TOKEN: 'short' })).toThrow(/INTERNAL_TOKEN: must be at least 16 characters/);
  expect(loadConfig({ ANALYTICS_URL: 'http://analytics:3000/', INTERNAL_TOKEN: 'x'.repeat(16) }).remote.analyticsUrl).toBe('http://analytics:3000');
});

it('reads WEB_CONCURRENCY as a number of processes, or one per core with auto', () => {
  expect(loadConfig({}).http.processes).toBe(1);
  expect(loadConfig({ WEB_CONCURRENCY: '4' }).http.processes).toBe(4);
  expect(loadConfig({ WEB_CONCURRENCY: 'auto' }).http.processes).toBe(os.availableParallelism());
  for (const bad of ['0', '-1', 'many', '300']) expect(() => loadConfig({ WEB_CONCURRENCY: bad })).toThrow(/WEB_CONCURRENCY/);
});

describe('settings declared by the platform and the modules', () => {
  it('reports the problems of module settings together with the platform’s', () => {
    const problems = (() => {
      try {
        loadConfig({ PORT: 'x', WEBHOOK_MAX_ATTEMPTS: '0', CLICKS_FLUSH_SIZE: 'many' });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['CLICKS_FLUSH_SIZE', 'PORT', 'WEBHOOK_MAX_ATTEMPTS']);
  });

  it('hands each module its own settings, defaults applied', () => {
    const { settings } = loadConfig({ LINKS_MAX_PER_WORKSPACE: '5' });
    expect(settings.links.maxPerWorkspace).toBe(5);
    expect(settings.webhooks.maxAttempts).toBe(10);
    expect(settings.analytics.flushSize).toBe(1000);
    expect(settings.identity.apiKeyCacheTtlSeconds).toBe(60);
  });

  it('declares every variable once, with a description', () => {
    const groups = [...Object.values(platformSettings), ...registry.flatMap((definition) => (definition.settings ? [definition.settings] : []))];
    const names = groups.flatMap((group) => Object.keys(group.variables));
    expect(new Set(names).size).toBe(names.length);
    for (const group of groups) for (const v of Object.values(group.variables)) expect(v.doc.length).toBeGreaterThan(10);
  });

  it('applies each declared default as if the variable were set to it', () => {
    for (const group of [
      ...Object.values(platformSettings),
      ...registry.flatMap((definition) => (definition.settings ? [definition.settings] : [])),
    ]) {
      for (const [name, v] of Object.entries(group.variables)) {
        if (v.default !== undefined) expect([name, v.schema.safeParse(v.default).success]).toEqual([name, true]);
      }
    }
  });
});
