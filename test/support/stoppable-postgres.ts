import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../src/shared/db/embedded';

export interface StoppablePostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts test/support/postgres-server.ts; `stop()` takes the database away mid-test.
 * With `dataDir` (whose parent exists) the cluster is kept when it stops, and
 * starting again with the same `dataDir` and `port` brings the same database back.
 */
export async function startStoppablePostgres(options: { dataDir?: string; port?: number } = {}): Promise<StoppablePostgres> {
  const port = options.port ?? (await freePort());
  const args = [require.resolve('tsx/cli'), path.join(__dirname, 'postgres-server.ts'), String(port)];
  if (options.dataDir !== undefined) args.push(options.dataDir);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^url (\S+)$/m.exec(out);
      if (match) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`postgres-server exited early: ${out}`)));
  });
  let stopped = false;
  return {
    url,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
