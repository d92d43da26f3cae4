import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { freePort, isPortFree } from '../../src/shared/db/embedded';
import { createTestDatabase } from '../support/database';

/** The operator commands as a user runs them: `npm run cli` and `npm run dev`. */
const projectRoot = path.join(__dirname, '..', '..');
const tsx = require.resolve('tsx/cli');
const baseEnv = { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json' };

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [tsx, 'src/bin/cli.ts', ...args], { cwd: projectRoot, env: { ...baseEnv, ...env }, encoding: 'utf8' });

describe('npm run cli', () => {
  it('workspace:create prints a workspace and key; links:limit sets its limit and refuses unknown workspaces', async () => {
    const database = await createTestDatabase();
    try {
      const result = cli(['workspace:create', 'Acme', 'Corp'], { DATABASE_URL: database.url });
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/Workspace: Acme Corp \([0-9a-f-]{36}\)/);
      const key = /API key:\s+(sl_\S+)/.exec(result.stdout)?.[1];
      expect(key).toBeDefined();

      const workspaceId = /\(([0-9a-f-]{36})\)/.exec(result.stdout)![1];
      const limit = cli(['links:limit', workspaceId, '5'], { DATABASE_URL: database.url });
      expect(limit.stdout).toContain('Limit set to 5 links.');
      const unknown = cli(['links:limit', '00000000-0000-4000-8000-000000000000', '5'], { DATABASE_URL: database.url });
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('No workspace has the id');

      expect(cli(['jobs:failed'], { DATABASE_URL: database.url }).stdout).toContain('No failed jobs.');
      const notFailed = cli(['jobs:retry', '42'], { DATABASE_URL: database.url });
      expect(notFailed.status).toBe(1);
      expect(notFailed.stderr).toContain('Not failed jobs');
    } finally {
      await database.drop();
    }
  });

  it('user:create makes the first owner of a workspace and prints its password once; user:password replaces it', async () => {
    const database = await createTestDatabase();
    const db = knex({ client: 'pg', connection: database.url });
    try {
      const created = cli(['workspace:create', 'Acme'], { DATABASE_URL: database.url });
      const workspaceId = /\(([0-9a-f-]{36})\)/.exec(created.stdout)![1];
      const user = cli(['user:create', '--email', 'ada@acme.example', '--name', 'Ada', '--owner-of', workspaceId], { DATABASE_URL: database.url });
      expect(user.status).toBe(0);
      expect(user.stdout).toMatch(/User:\s+Ada <ada@acme.example>/);
      const password = /Password: (\S{20})/.exec(user.stdout)![1];
      const row = await db('identity.users as u').join('identity.memberships as m', 'm.user_id', 'u.id').where('u.email', 'ada@acme.example').first();
      expect(row).toMatchObject({ workspace_id: workspaceId, role: 'owner' });
      expect(row.password_hash).toMatch(/^\$argon2id\$/);

      const again = cli(['user:create', '--email', 'ADA@acme.example'], { DATABASE_URL: database.url });
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('exists already');

      const reset = cli(['user:password', '--email', 'ada@acme.example'], { DATABASE_URL: database.url });
      expect(reset.status).toBe(0);
      const next = /Password: (\S{20})/.exec(reset.stdout)![1];
      expect(next).not.toBe(password);
      const after = await db('identity.users').where('email', 'ada@acme.example').first();
      expect(after.password_hash).not.toBe(row.password_hash);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });

  it('rejects an unknown command and bad arguments with usage and exit code 2', () => {
    for (const args of [
      ['bogus'],
      ['workspace:create'],
      ['links:limit', 'not-an-id', '5'],
      ['jobs:retry'],
      ['jobs:retry', 'x'],
      ['user:create', '--email'],
      ['user:create', '--email', 'a@b.example', '--role', 'god'],
      ['user:password', '--mail', 'a@b.example'],
    ]) {
      const result = cli(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('Usage: npm run cli');
    }
  });
});

describe('npm run dev', () => {
  it('starts the embedded database, prints a working key, and stops everything on Ctrl-C', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shortline-dev-'));
    chmodSync(dataDir, 0o755);
    const [port, pgPort] = [await freePort(), await freePort()];
    // tsx loaded in-process (not through its CLI wrapper, which does not pass
    // SIGINT on, expecting a terminal to deliver it to the whole group).
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
      cwd: projectRoot,
      env: { ...baseEnv, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitFor(
        () => output.includes('listening on http://localhost'),
        20_000,
        () => output,
      );
      const key = /export SHORTLINE_KEY=(sl_[A-Za-z0-9_-]{32})/.exec(output)?.[1];
      expect(key).toBeDefined();
      expect(readFileSync(path.join(dataDir, 'dev-api-key'), 'utf8').trim()).toBe(key);
      const res = await fetch(`http://127.0.0.1:${port}/v1/workspace`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { name: string }).name).toBe('Development');
      const login = /sign in as (dev@shortline\.test) with the password ([A-Za-z0-9_-]{16})/.exec(output);
      expect(login).not.toBeNull();
      const session = await fetch(`http://127.0.0.1:${port}/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: login![1], password: login![2] }),
      });
      expect(session.status).toBe(200);
      expect(((await session.json()) as { role: string }).role).toBe('owner');

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output).toContain('database stopped');
      expect(await isPortFree(pgPort)).toBe(true);
      expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function waitFor(check: () => boolean, ms: number, describe: () => string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`timed out; output so far:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
