import knex from 'knex';
import { ADMIN_TOKEN } from '../../support/app';
import { startServerProcess, type ServerProcess } from '../../support/process';

/** How often the click buffer is written in every server these tests start (CLICKS_FLUSH_INTERVAL_MS, its default). */
export const FLUSH_INTERVAL_MS = 1000;

/** A Shortline server process with one workspace, and the calls the fault tests make to it. */
export interface RunningShortline {
  process: ServerProcess;
  base: string;
  /** An API call with the workspace's key; the answer's status, content type, JSON body and duration. */
  api(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** A new link (not visited: every click it gets is the load's). */
  createLink(): Promise<{ id: string; slug: string }>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ApiAnswer {
  status: number;
  type: string;
  body: any;
  ms: number;
}

export async function startShortline(env: Record<string, string>): Promise<RunningShortline> {
  const process = startServerProcess({
    ADMIN_TOKEN,
    LINK_PREVIEWS: 'off',
    // Thousands of lines a second would only cost CPU the redirects need.
    ACCESS_LOG: 'off',
    CLICKS_FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS),
    ...env,
  });
  const base = `http://127.0.0.1:${await process.listening}`;
  const call = async (token: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : undefined,
      ms: performance.now() - started,
    };
  };
  const workspace = await call(ADMIN_TOKEN, 'POST', '/v1/workspaces', { name: 'Chaos' });
  if (workspace.status !== 201) throw new Error(`creating the workspace answered ${workspace.status}: ${JSON.stringify(workspace.body)}`);
  const key = workspace.body.apiKey.key as string;
  const api = (method: string, path: string, body?: unknown) => call(key, method, path, body);
  return {
    process,
    base,
    api,
    createLink: async () => {
      const link = await api('POST', '/v1/links', { url: 'https://example.com/chaos' });
      if (link.status !== 201) throw new Error(`creating a link answered ${link.status}: ${JSON.stringify(link.body)}`);
      return { id: link.body.id as string, slug: link.body.slug as string };
    },
    stop: async (signal = 'SIGTERM') => {
      if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill(signal);
      return process.exited;
    },
  };
}

/** Clicks of the link stored in the database (analytics.clicks). */
export async function storedClicks(databaseUrl: string, linkId: string): Promise<number> {
  const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  try {
    const [row] = await db('analytics.clicks').where({ link_id: linkId }).count<{ count: string }[]>({ count: '*' });
    return Number(row.count);
  } finally {
    await db.destroy();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
