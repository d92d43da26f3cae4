import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startReceiver, type Receiver } from '../support/receiver';
import { accessibilityProblems, cspViolations, launchBrowser, newContext, screenshot } from './support/browser';
import { until } from './support/seed';
import { signIn, startServer, type E2eServer } from './support/server';

/**
 * The settings in the dashboard: a webhook to a local receiver and its
 * delivery log, an API key created (shown once) and revoked, a domain
 * waiting for its TXT record, the account page.
 */
jest.setTimeout(60_000);

let server: E2eServer;
let receiver: Receiver;
let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  receiver = await startReceiver();
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  context = await newContext(browser, server.url);
  page = await context.newPage();
  await signIn(page, server.owner);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await receiver?.close();
});

afterEach(async () => {
  expect(await cspViolations(page)).toEqual([]);
});

it('creates a webhook, sends it a test and shows the delivery in its log', async () => {
  await page.goto('/app/settings/webhooks');
  await page.getByLabel('Receiver URL').fill(receiver.url);
  await page.getByLabel('Description').fill('Team chat');
  await page.getByRole('group', { name: 'Events' }).getByLabel('link.created').check();
  await page.getByRole('button', { name: 'Create webhook' }).click();
  expect(await page.locator('.shown-once code').innerText()).toMatch(/^whsec_/);
  await page.getByRole('button', { name: 'Done' }).click();
  await screenshot(page, 'webhooks');
  expect(await accessibilityProblems(page)).toEqual([]);

  await page.getByRole('link', { name: 'Team chat' }).click();
  await page.getByRole('button', { name: 'Send a test' }).click();
  await page.getByText(/The receiver answered 200/).waitFor();
  // A link created now is an event the webhook delivers in the background; the open log shows it by itself.
  await fetch(`${server.url}/v1/links`, {
    method: 'POST',
    headers: { ...server.workspace.auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: 'https://example.com/hooked' }),
  });
  const log = page.locator('table.deliveries tbody');
  await until(async () => (await log.innerText().catch(() => '')).includes('link.created'), 'the delivery in the log', 30_000);
  expect(receiver.received.some((request) => request.body.includes('link.created'))).toBe(true);
  expect(await log.innerText()).toContain('delivered');
  await screenshot(page, 'webhook-deliveries');
  expect(await accessibilityProblems(page)).toEqual([]);
});

it('creates an API key, shows it once, and revokes it', async () => {
  await page.goto('/app/settings/api-keys');
  await page.getByLabel('Name').fill('CI deploys');
  await page.getByRole('group', { name: 'Scopes' }).getByLabel('links:write').check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = await page.locator('.shown-once code').innerText();
  expect(key).toMatch(/^sl_/);
  expect((await fetch(`${server.url}/v1/links`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(200);
  await page.getByRole('button', { name: 'Done' }).click();
  // The key records who made it.
  await page
    .getByRole('row', { name: /CI deploys/ })
    .getByText(server.owner.email)
    .waitFor();
  await screenshot(page, 'api-keys');
  expect(await accessibilityProblems(page)).toEqual([]);

  page.once('dialog', (dialog) => void dialog.accept());
  await page
    .getByRole('row', { name: /CI deploys/ })
    .getByRole('button', { name: /Revoke/ })
    .click();
  await until(async () => (await page.getByRole('row', { name: /CI deploys/ }).count()) === 0, 'the key to leave the list');
  expect((await fetch(`${server.url}/v1/links`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(401);
});

it('adds a domain and shows the TXT record that verifies it', async () => {
  await page.goto('/app/settings/domains');
  await page.getByLabel('Add a domain').fill('go.acme.example');
  await page.getByRole('button', { name: 'Add domain' }).click();
  await page.getByRole('heading', { name: /go\.acme\.example/ }).waitFor();
  expect(await page.locator('.card').filter({ hasText: 'go.acme.example' }).innerText()).toMatch(
    /_shortline\.go\.acme\.example[\s\S]*shortline-verify=/,
  );
  await screenshot(page, 'domains');
  expect(await accessibilityProblems(page)).toEqual([]);
});

it('shows the account with its password form and a way to sign out everywhere', async () => {
  await page.goto('/app/account');
  await page.getByRole('heading', { name: 'Change your password' }).waitFor();
  await page.getByLabel('Current password').fill('wrong-password-entirely');
  await page.getByLabel('New password').fill('another-long-password-1');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('alert').waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);
});

it('shows the audit trail of what was done here, by whom, and filters it by action', async () => {
  await page.goto('/app/settings/audit');
  await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
  const table = page.locator('table tbody');
  // Entries are written from the events, in the background: the page shows them once there.
  await until(
    async () => {
      await page.reload();
      await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
      return (await table.innerText().catch(() => '')).includes('api_key.revoked');
    },
    'the revoked key in the audit trail',
    30_000,
  );
  expect(await table.innerText()).toContain(server.owner.email);
  await screenshot(page, 'audit');
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.getByLabel('Action').selectOption('webhook.created');
  await until(async () => !(await table.innerText()).includes('api_key.revoked'), 'the action filter');
  expect(await table.innerText()).toContain('webhook.created');
});
