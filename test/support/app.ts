import request from 'supertest';
import { createShortline, type Shortline, type ShortlineOptions } from '../../src/app/shortline';
import { loadConfig } from '../../src/app/config';
import { type Env } from '../../src/shared/config';
import { createLogger } from '../../src/shared/logging';
import { checkResponses, type OpenApiDocument } from './conformance';
import { createTestDatabase, type TestDatabase } from './database';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A Shortline app on its own fresh database, for supertest, its responses checked against its OpenAPI document. Close it in afterAll. */
export interface TestApp {
  shortline: Shortline;
  app: Shortline['app'];
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions extends Pick<ShortlineOptions, 'externalSubscriptions' | 'dashboardDirectory'> {
  /** Where the app's log lines go (JSON, every level): for tests of what is logged. */
  logOutput?: NodeJS.WritableStream;
}

export async function createTestApp(env: Env = {}, { logOutput, ...options }: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // No job runner unless a test asks for one (WORKER: 'inline'): most tests enqueue nothing.
  // No link previews unless a test asks (LINK_PREVIEWS: 'on'): they would fetch the links' targets from the network.
  // Any host is the default domain (DEFAULT_DOMAIN_HOSTS: '*'): supertest sends Host 127.0.0.1:<port>, which is not
  // PUBLIC_BASE_URL's when a test sets one; the domains tests set it back to '' to test strictness.
  // No rate limits unless a test asks (RATE_LIMITS: 'on'): every test calls from 127.0.0.1, far faster than any person.
  let shortline: Shortline;
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ADMIN_TOKEN,
      DATABASE_URL: database.url,
      WORKER: 'off',
      LINK_PREVIEWS: 'off',
      DEFAULT_DOMAIN_HOSTS: '*',
      RATE_LIMITS: 'off',
      ...env,
    });
    const logger = createLogger(logOutput ? { ...config.log, level: 'debug', format: 'json', output: logOutput } : config.log);
    shortline = createShortline({ config, logger, databaseUrl: database.url, ...options });
    await shortline.start();
  } catch (error) {
    // A configuration a test expects to be refused: leave no database behind.
    await database.drop();
    throw error;
  }
  // From here on every response is checked against the document the app serves (conformance.ts).
  const document = (await request(shortline.app).get('/openapi.json').expect(200)).body as OpenApiDocument;
  checkResponses(shortline.app, document);
  return {
    shortline,
    app: shortline.app,
    database,
    close: async () => {
      await shortline.stop();
      await database.drop();
    },
  };
}

export interface TestWorkspace {
  id: string;
  key: string;
  auth: { Authorization: string };
}

/** Creates a workspace over the admin API and returns its all-scopes key. */
export async function createWorkspace(app: Shortline['app'], name = 'Acme'): Promise<TestWorkspace> {
  const res = await request(app).post('/v1/workspaces').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ name }).expect(201);
  return { id: res.body.workspace.id, key: res.body.apiKey.key, auth: { Authorization: `Bearer ${res.body.apiKey.key}` } };
}

/** Asserts the RFC 9457 shape every error response has, and returns the body. */
export function expectProblem(res: request.Response, status: number): Record<string, unknown> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:shortline:problem:/),
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
  return res.body as Record<string, unknown>;
}
