import os from 'node:os';
import path from 'node:path';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import knex from 'knex';
import { ADMIN_TOKEN } from '../support/app';
import { freePort, isPortFree } from '../../src/shared/db/embedded';
import { createTestDatabase } from '../support/database';
import { startServerProcess } from '../support/process';

/** The server as a real process: start-up checks, signals, exit codes. */

describe('start-up', () => {
  it('refuses to start on invalid configuration, with one line per problem', async () => {
    const server = startServerProcess({ PORT: 'eighty', DB_POOL_MAX: '0', LOG_LEVEL: 'loud' });
    expect(await server.exited).toBe(1);
    const lines = server.output().split('\n');
    expect(lines.filter((l) => l.includes('PORT:'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('DB_POOL_MAX:'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('LOG_LEVEL:'))).toHaveLength(1);
  });

  it('stops with a clear message when a migration fails', async () => {
    const database = await createTestDatabase({ migrated: false });
    const db = knex({ client: 'pg', connection: database.url });
    // A table in the way of the identity module's first migration.
    await db.raw('create schema identity; create table identity.workspaces (x int)');
    await db.destroy();
    try {
      const server = startServerProcess({ DATABASE_URL: database.url });
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain('Migration of module \\"identity\\" failed');
      expect(server.output()).toContain('Shortline did not start');
    } finally {
      await database.drop();
    }
  });
});

describe('graceful shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('exits 0 on %s after serving', async (signal) => {
    const database = await createTestDatabase();
    try {
      const server = startServerProcess({ DATABASE_URL: database.url });
      const port = await server.listening;
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(res.status).toBe(200);
      server.child.kill(signal);
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain('shutdown complete');
    } finally {
      await database.drop();
    }
  });

  it('with no DATABASE_URL starts the embedded database under DATA_DIR, drains in-flight requests on SIGTERM, then stops it', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shortline-embedded-'));
    chmodSync(dataDir, 0o755);
    const pgPort = await freePort();
    try {
      const server = startServerProcess({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), ADMIN_TOKEN });
      const base = `http://127.0.0.1:${await server.listening}`;
      // Through its Unix socket where there is one, else TCP on 127.0.0.1.
      expect(server.output()).toMatch(new RegExp(`embedded PostgreSQL on (\\S*/\\.s\\.PGSQL\\.${pgPort}|127\\.0\\.0\\.1:${pgPort}),`));
      expect((await fetch(`${base}/readyz`)).status).toBe(200);

      const created = await fetch(`${base}/v1/workspaces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x' }),
      });
      const { apiKey } = (await created.json()) as { apiKey: { key: string } };
      // A bulk create of 1000 links takes long enough to be in flight when the signal lands.
      const inFlight = fetch(`${base}/v1/links/bulk`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ links: Array.from({ length: 1000 }, (_, i) => ({ url: `https://example.com/${i}` })) }),
      });
      await new Promise((r) => setTimeout(r, 100));
      server.child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(((await res.json()) as { created: number }).created).toBe(1000);
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain('shutdown complete');
      expect(await isPortFree(pgPort)).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm run worker', () => {
  it('runs without HTTP and stops cleanly on SIGTERM', async () => {
    const database = await createTestDatabase();
    try {
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/bin/worker.ts'], {
        cwd: path.join(__dirname, '..', '..'),
        env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', DATABASE_URL: database.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const started = Date.now();
      while (!output.includes('worker running') && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('Shortline worker running');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('worker stopped');
    } finally {
      await database.drop();
    }
  });
});
