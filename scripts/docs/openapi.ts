import request from 'supertest';
import { loadConfig } from '../../src/app/config';
import { createShortline } from '../../src/app/shortline';
import { createLogger } from '../../src/shared/logging';
import { writeGenerated } from './generated-file';

/**
 * `npm run docs:openapi`: docs/api/openapi.json, the document GET
 * /openapi.json serves, as a build with every module and route (internal
 * ones included) makes it. `--check` fails when the committed file differs.
 * Shortline is built, not started: no database is reached.
 */
const COMMAND = 'npm run docs:openapi';

async function main(): Promise<void> {
  const config = loadConfig({
    DATABASE_URL: 'postgres://docs@127.0.0.1:1/docs',
    INTERNAL_TOKEN: 'x'.repeat(16),
    ADMIN_TOKEN: 'x'.repeat(16),
    LOG_LEVEL: 'error', LOG_FORMAT: 'json',
    WORKER: 'off',
  });
  const shortline = createShortline({ config, logger: createLogger(config.log), databaseUrl: config.db.url! });
  const res = await request(shortline.app).get('/openapi.json').expect(200);
  await shortline.stop();
  if (!writeGenerated('docs/api/openapi.json', `${JSON.stringify(res.body, null, 2)}\n`, COMMAND)) process.exit(1);
}

void main();
