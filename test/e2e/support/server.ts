import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { freePort } from '../../../src/shared/db/embedded';
import type { Env } from '../../../src/shared/config';
import { listen, type RunningServer } from '../../../src/shared/http/server';
import { createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../../support/app';

/**
 * A real Shortline listening on 127.0.0.1 over its own PostgreSQL database,
 * serving the dashboard built by the e2e setup, with a worker in-process so
 * clicks roll up and webhooks deliver within a second or so. Its responses
 * are checked against its OpenAPI document as in the integration tests.
 */
export interface E2eServer {
  url: string;
  t: TestApp;
  workspace: TestWorkspace;
  owner: Account;
  close(): Promise<void>;
}

export interface Account {
  email: string;
  password: string;
  name: string;
}

export async function startServer(env: Env = {}): Promise<E2eServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const directory = process.env.SHORTLINE_TEST_DASHBOARD_DIR;
  if (!directory) throw new Error('SHORTLINE_TEST_DASHBOARD_DIR is not set: run the e2e tests with npm run test:e2e');
  const t = await createTestApp(
    {
      PUBLIC_BASE_URL: url,
      WORKER: 'inline',
      WORKER_POLL_INTERVAL_MS: '100',
      CLICKS_FLUSH_INTERVAL_MS: '100',
      STATS_CACHE_TTL_S: '0',
      OUTBOUND_ALLOW: '127.0.0.1',
      ...env,
    },
    { dashboardDirectory: directory },
  );
  let running: RunningServer;
  try {
    running = await listen(t.app, '127.0.0.1', port);
  } catch (error) {
    await t.close();
    throw error;
  }
  const workspace = await createWorkspace(t.app, 'Acme');
  const owner = await createAccount(t, workspace.id, 'owner', 'Olivia Owner');
  return {
    url,
    t,
    workspace,
    owner,
    close: async () => {
      await running.close(1000);
      await t.close();
    },
  };
}

/** An account with `role` in the workspace, as `npm run cli -- user:create` makes one. */
export async function createAccount(t: TestApp, workspaceId: string, role: 'owner' | 'admin' | 'member' | 'viewer', name: string): Promise<Account> {
  const account = {
    email: `${name.split(' ')[0].toLowerCase()}-${randomBytes(3).toString('hex')}@example.com`,
    password: `pw-${randomBytes(12).toString('hex')}`,
    name,
  };
  await t.shortline.apis.get('identity').createUser({ ...account, workspaceId, role });
  return account;
}

/** Signs in through the sign-in page and waits for the links page. */
export async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto('/app/sign-in');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/app/links');
}
