import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createShortline } from '../src/app/shortline';
import { loadConfigOrExit, type ShortlineConfig as Config } from '../src/app/config';
import { openDatabaseServer } from '../src/shared/db/server';
import type { IdentityApi } from '../src/modules/identity';
import { createLogger, type Logger } from '../src/shared/logging';
import { watchWeb } from './web/build';

/**
 * `npm run dev`: starts the database once (embedded unless DATABASE_URL is set),
 * migrates it, makes sure a development workspace and API key exist, then runs
 * the server under `tsx watch` so it restarts on code changes without restarting
 * PostgreSQL, while the dashboard (web/) is rebuilt on change here, the server
 * serving each new build at its next request. Ctrl-C stops the server, then the database.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.log);
  const database = await openDatabaseServer(config, logger);
  logger.info(`database: ${database.description}`);

  const shortline = createShortline({ config, logger, databaseUrl: database.url });
  try {
    await shortline.migrate();
    await printDevCredentials(shortline, config, logger);
  } catch (error) {
    logger.error(`${(error as Error).message}\nFix it and run npm run dev again.`);
    await shortline.stop();
    await database.stop();
    process.exit(1);
  }
  await shortline.stop();

  const web = await watchWeb({
    onBuild: (error) => (error ? logger.error(`dashboard build failed:\n${error.message}`) : logger.info('dashboard built')),
  });
  const server = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), 'watch', '--clear-screen=false', path.join(__dirname, '..', 'src', 'bin', 'server.ts')],
    { stdio: 'inherit', env: { ...process.env, DATABASE_URL: database.url } },
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // A terminal's Ctrl-C reaches the whole process group; `kill` reaches only us.
    server.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const exit = async (code: number | null) => {
    await web.dispose();
    await database.stop();
    logger.info('database stopped');
    process.exit(stopping ? 0 : (code ?? 1));
  };
  server.on('exit', (code) => void exit(code));
}

/**
 * First start: create a "Development" workspace and keep its key under DATA_DIR
 * (never committed), so every start can print a key that works with curl.
 */
async function printDevCredentials(shortline: ReturnType<typeof createShortline>, config: Config, logger: Logger): Promise<void> {
  const identity = shortline.apis.find('identity');
  if (!identity) return;
  if (config.db.url !== undefined) {
    // The key file belongs to the embedded database next to it, not to an external one.
    if ((await identity.countWorkspaces()) === 0) logger.info('no workspace yet; create one with: npm run cli -- workspace:create "My team"');
    return;
  }
  const keyFile = path.join(config.embedded.dataDir, 'dev-api-key');
  if (!existsSync(keyFile)) {
    if ((await identity.countWorkspaces()) > 0) {
      logger.info('workspaces exist already; create one with: npm run cli -- workspace:create "My team"');
      return;
    }
    const { apiKey } = await identity.createWorkspace('Development');
    mkdirSync(config.embedded.dataDir, { recursive: true });
    writeFileSync(keyFile, `${apiKey.key}\n`);
    chmodSync(keyFile, 0o600);
    logger.info('created the "Development" workspace and its API key');
  }
  const key = readFileSync(keyFile, 'utf8').trim();
  const base = `http://localhost:${config.http.port}`;
  const login = await devLogin(identity, key, config.embedded.dataDir);
  logger.info(
    [
      `development API key (stored in ${path.relative(process.cwd(), keyFile)}):`,
      '',
      `    export SHORTLINE_KEY=${key}`,
      `    curl -H "Authorization: Bearer $SHORTLINE_KEY" ${base}/v1/workspace`,
      '',
      `dashboard: ${base}/app/ — sign in as ${login.email} with the password ${login.password}`,
      '',
    ].join('\n'),
  );
}

const DEV_EMAIL = 'dev@shortline.test';

/**
 * The development user, owner of the development key's workspace, made once
 * with a random password kept next to the key (DATA_DIR, never committed).
 */
async function devLogin(identity: IdentityApi, key: string, dataDir: string): Promise<{ email: string; password: string }> {
  const loginFile = path.join(dataDir, 'dev-login');
  if (!existsSync(loginFile)) {
    const principal = await identity.authenticate(key);
    if (!principal) throw new Error(`The development key in ${dataDir} is not valid; delete ${dataDir} to start afresh`);
    const password = randomBytes(12).toString('base64url');
    await identity.createUser({ email: DEV_EMAIL, name: 'Developer', password, workspaceId: principal.workspaceId, role: 'owner' });
    writeFileSync(loginFile, `${password}\n`);
    chmodSync(loginFile, 0o600);
  }
  return { email: DEV_EMAIL, password: readFileSync(loginFile, 'utf8').trim() };
}

main().catch((error: unknown) => {
  console.error(`npm run dev failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
