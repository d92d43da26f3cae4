import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startReceiver, type Receiver } from '../support/receiver';
import { accessibilityProblems, cspViolations, launchBrowser, newContext, screenshot } from './support/browser';
import { seedLinks, until } from './support/seed';
import { signIn, startServer, type E2eServer } from './support/server';

/**
 * Links in the dashboard: the list and its filters, a link created with a
 * targeting rule through the form, followed in the browser, and its click
 * showing in the link's chart; the analytics page.
 */
jest.setTimeout(60_000);

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Where the links' targets (any *.example host, in this browser) land. */
let landing: Receiver;
beforeAll(async () => {
  landing = await startReceiver();
  [server, browser] = await Promise.all([startServer(), launchBrowser({ landing: Number(new URL(landing.url).port) })]);
  await seedLinks(server);
  context = await newContext(browser, server.url);
  page = await context.newPage();
  await signIn(page, server.owner);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await landing?.close();
});

afterEach(async () => {
  expect(await cspViolations(page)).toEqual([]);
});

it('lists the links newest first, filters them by text and tag, and has nothing serious for axe', async () => {
  await page.goto('/app/links');
  const rows = page.locator('table.links tbody tr');
  await rows.first().waitFor();
  expect(await rows.count()).toBe(4);
  await screenshot(page, 'links');
  expect(await accessibilityProblems(page)).toEqual([]);

  await page.getByLabel('Tag').fill('campaign');
  await page.getByRole('button', { name: 'Apply' }).click();
  await until(async () => (await rows.count()) === 2, 'the tag filter');
  await page.getByLabel('Tag').fill('');
  await page.getByLabel('Search').fill('hiring');
  await page.getByRole('button', { name: 'Apply' }).click();
  await until(async () => (await rows.count()) === 1, 'the text filter');
  expect(await rows.first().innerText()).toContain('/jobs');
});

it('creates a link with a targeting rule, which sends this browser where the rule says, and shows the click', async () => {
  await page.goto('/app/links');
  await page.getByRole('link', { name: 'New link' }).click();
  await page.getByLabel('Destination URL').fill('http://everyone.example/');
  await page.getByLabel('Slug', { exact: true }).fill('linux-users');
  await page.getByText('Targeting rules').click();
  await page.getByRole('button', { name: 'Add a rule' }).click();
  await page.getByLabel('Send matching visitors to').fill('http://linux.example/welcome');
  await page.getByRole('group', { name: 'Operating systems' }).getByLabel('linux').check();
  await page.getByText('UTM parameters').click();
  await page.getByLabel('utm_source').fill('dashboard');
  await screenshot(page, 'create-link');
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.getByRole('button', { name: 'Create link' }).click();
  await page.waitForURL(/\/app\/links\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'linux-users' }).waitFor();

  // Following the short URL: this browser says it runs on Linux, so the rule sends it on.
  const visitor = await context.newPage();
  await visitor.goto(`${server.url}/linux-users`);
  expect(visitor.url()).toBe('http://linux.example/welcome?utm_source=dashboard');
  expect(landing.received.at(-1)?.headers.host).toBe('linux.example');
  await visitor.close();

  // The page refreshes its numbers by itself while it is open.
  const clicks = page.locator('.totals div').filter({ hasText: 'Clicks' }).locator('dd');
  await until(async () => (await clicks.innerText()) === '1', 'the click on the open page', 30_000);
  await page.getByText('Chart data').click();
  expect(await page.locator('.chart-figure details tbody').innerText()).toMatch(/\t1\t1/);
  expect(await page.locator('.chart canvas').count()).toBe(1);
  await page.getByText('Chart data').click();
  await screenshot(page, 'link-detail');
  expect(await accessibilityProblems(page)).toEqual([]);
});

it('edits a link: its form holds what the link has, and a saved change shows', async () => {
  await page.goto('/app/links');
  await page.getByRole('link', { name: /linux-users/ }).click();
  await page.getByRole('link', { name: 'Edit' }).click();
  expect(await page.getByLabel('Send matching visitors to').inputValue()).toBe('http://linux.example/welcome');
  expect(await page.getByLabel('utm_source').inputValue()).toBe('dashboard');
  await page.getByLabel('Title').fill('For Linux users');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('heading', { name: 'For Linux users' }).waitFor();
});

it('refuses a link the API refuses, showing its reason beside the field', async () => {
  await page.goto('/app/links/new');
  await page.getByLabel('Destination URL').fill('not a url');
  await page.getByRole('button', { name: 'Create link' }).click();
  const field = page.getByLabel('Destination URL');
  await until(async () => (await field.getAttribute('aria-invalid')) === 'true', 'the field to be marked invalid');
  expect(await page.locator('.field-error').first().innerText()).not.toBe('');
});

it('creates links in bulk from pasted lines, each with its own outcome', async () => {
  await page.goto('/app/links/bulk');
  await page.getByLabel('Links').fill('https://example.com/one bulk-one\nhttps://example.com/two\nnot-a-url');
  await page.getByRole('button', { name: 'Create 3 links' }).click();
  await page.getByRole('heading', { name: '2 created, 1 failed' }).waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);
});

it('shows the workspace analytics with breakdowns, bots apart, light and dark', async () => {
  await page.goto('/app/analytics');
  await page.locator('.chart canvas').waitFor();
  await page.getByRole('heading', { name: 'Referrer' }).waitFor();
  expect(await page.locator('.totals .bots dd').innerText()).toBe('2');
  expect(await page.getByRole('region', { name: 'Referrer' }).innerText()).toContain('news.example');
  await screenshot(page, 'analytics');
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/app/analytics');
  await page.locator('.chart canvas').waitFor();
  await page.getByRole('heading', { name: 'Referrer' }).waitFor();
  await screenshot(page, 'analytics-dark');
  await page.emulateMedia({ colorScheme: 'light' });
});
