import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const projectRoot = path.join(__dirname, '..', '..');

/** A Shortline server process started from source, as `npm start` would run it. */
export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the port once the server logs that it listens. */
  listening: Promise<number>;
  exited: Promise<number | null>;
}

export function startServerProcess(env: Record<string, string>): ServerProcess {
  // `node --import tsx`, not the tsx CLI: the CLI runs the server in a child process,
  // so a signal (SIGKILL above all) would reach the wrapper and not the server.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src', 'bin', 'server.ts')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_FORMAT: 'json', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  listening.catch(() => {});
  return { child, output: () => output, listening, exited };
}
