import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startEmbeddedDatabase } from '../../../src/shared/db/embedded';
import { loadConfig } from '../../../src/app/config';
import { createLogger } from '../../../src/shared/logging';
import { createShortline } from '../../../src/app/shortline';

/**
 * A database for a benchmark run: BENCH_DATABASE_URL if set, else a throwaway
 * embedded PostgreSQL removed afterwards.
 */
export async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) return { url: external, stop: async () => {} };
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'shortline-bench-'));
  chmodSync(scratch, 0o755);
  const embedded = await startEmbeddedDatabase({
    dataDir: path.join(scratch, 'postgres'),
    port: await freePort(),
    persistent: false,
    logger: createLogger({ level: 'silent', format: 'json' }),
  });
  return {
    url: embedded.url,
    stop: async () => {
      await embedded.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** Migrates the benchmark database and creates a workspace: its id and an all-scopes API key. */
export async function benchWorkspace(url: string, name = 'bench'): Promise<{ workspaceId: string; apiKey: string }> {
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const app = createShortline({ config, logger: createLogger(config.log), databaseUrl: url });
  try {
    await app.migrate();
    const { workspace, apiKey } = await app.apis.get('identity').createWorkspace(name);
    return { workspaceId: workspace.id, apiKey: apiKey.key };
  } finally {
    await app.stop();
  }
}
