import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logging';
import { startEmbeddedDatabase } from './embedded';

/** Where the data lives: the configured DATABASE_URL, or the embedded server under DATA_DIR. */
export interface DatabaseServer {
  url: string;
  /** For the start-up banner; never contains a password. */
  description: string;
  stop(): Promise<void>;
}

export async function openDatabaseServer(config: Config, logger: Logger): Promise<DatabaseServer> {
  if (config.db.url !== undefined) {
    return { url: config.db.url, description: `PostgreSQL at ${redact(config.db.url)}`, stop: async () => {} };
  }
  const dataDir = path.join(config.embedded.dataDir, 'postgres');
  const embedded = await startEmbeddedDatabase({ dataDir, port: config.embedded.port, persistent: true, logger });
  const relative = path.relative(process.cwd(), dataDir);
  const shown = relative === '' || relative.startsWith('..') ? dataDir : relative;
  return {
    url: embedded.url,
    description: `embedded PostgreSQL on ${embedded.address}, data in ${shown}${embedded.shared ? ' (already running, shared)' : ''}`,
    stop: () => embedded.stop(),
  };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
