/**
 * npm run replica-pair: a throwaway PostgreSQL primary and a streaming replica
 * of it (both from the embedded binaries), to try DATABASE_REPLICA_URLS or to
 * measure it. Prints the two URLs and runs until Ctrl-C, then removes both.
 *
 *   npm run replica-pair -- [--dir /tmp/shortline-pair] [--port 16500]
 *
 * The primary listens on --port, the replica on --port + 1.
 */
import { mkdirSync, chmodSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPrimary, startEmbeddedStandby } from '../src/shared/db/embedded-replication';
import { createLogger } from '../src/shared/logging';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
  };
  const dir = path.resolve(flag('--dir', path.join(os.tmpdir(), 'shortline-pair')));
  const port = Number(flag('--port', '16500'));
  if (!Number.isInteger(port) || port < 1024 || port > 65534) throw new Error('--port must be a port number from 1024 to 65534');
  const logger = createLogger({ level: 'warn', format: 'pretty' });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755); // the servers run as the postgres user when this runs as root

  const primary = await startEmbeddedPrimary({ dataDir: path.join(dir, 'primary'), port, databaseName: 'shortline', logger });
  const standby = await startEmbeddedStandby({
    primaryDataDir: primary.dataDir,
    primaryAdminUrl: primary.adminUrl,
    dataDir: path.join(dir, 'replica'),
    port: port + 1,
    databaseName: 'shortline',
    logger,
  });
  process.stdout.write(
    `primary: ${primary.url}\nreplica: ${standby.url}\n\nDATABASE_URL=${primary.url} DATABASE_REPLICA_URLS=${standby.url} npm start\n\nCtrl-C stops both and removes ${dir}\n`,
  );

  const stop = async () => {
    await standby.destroy();
    await primary.stop();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`replica-pair: ${(error as Error).message}\n`);
  process.exit(1);
});
