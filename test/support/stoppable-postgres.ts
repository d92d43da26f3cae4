import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../src/shared/db/embedded';

/** Starts test/support/postgres-server.ts; `stop()` takes the database away mid-test. */
export async function startStoppablePostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'postgres-server.ts'), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
    stop: async () => {
      if (stopped) return;
      stopped = true;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
