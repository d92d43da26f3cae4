import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { accessibilityProblems, cspViolations, launchBrowser, newContext, PHONE, screenshot } from './support/browser';
import { signIn, startServer, type E2eServer } from './support/server';

/**
 * The dashboard's first load in a real browser: where a browser opening
 * the service lands, what it downloads and under which headers, the CSP
 * holding without a violation, and signing in and out.
 */
let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  context = await newContext(browser, server.url);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

it('sends a browser at / to the sign-in page, with precompressed, immutable scripts under 200 KB', async () => {
  const scripts: Response[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response);
  });
  const shell = await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in to Shortline' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/app/sign-in');
  expect(shell?.headers()['content-security-policy']).toBe(CSP);
  expect(shell?.headers()['cache-control']).toBe('no-cache');

  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) {
    expect(script.url()).toMatch(/\/app\/assets\/[\w-]+\.[A-Z0-9]{8}\.js$/);
    expect(script.headers()['content-encoding']).toBe('br');
    expect(script.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  }
  const transferred = scripts.reduce((sum, script) => sum + Number(script.headers()['content-length']), 0);
  expect(transferred).toBeLessThan(200 * 1024);
  expect(await cspViolations(page)).toEqual([]);
});

it('has no serious or critical accessibility problem, light or dark', async () => {
  await page.goto('/app/sign-in');
  await page.getByRole('heading', { name: 'Sign in to Shortline' }).waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);
  await screenshot(page, 'sign-in');
});

it('shows a wrong password as the problem the API answers, on the form', async () => {
  await page.goto('/app/sign-in');
  await page.getByLabel('Email').fill(server.owner.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectText(page.getByRole('alert'), /password/i);
  expect(new URL(page.url()).pathname).toBe('/app/sign-in');
});

it('signs in to the links page, returns to the page that asked, and signs out', async () => {
  await page.goto('/app/analytics');
  await page.waitForURL('**/app/sign-in?next=*');
  await page.getByLabel('Email').fill(server.owner.email);
  await page.getByLabel('Password').fill(server.owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/app/analytics');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Shortline' }).waitFor();
  // The session is gone on the server too: a reload stays signed out.
  await page.goto('/app/links');
  await page.waitForURL('**/app/sign-in?next=*');
  expect(await cspViolations(page)).toEqual([]);
});

it('fits a phone: the navigation wraps and nothing scrolls sideways', async () => {
  const phone = await newContext(browser, server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  try {
    const small = await phone.newPage();
    await signIn(small, server.owner);
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await small.getByRole('link', { name: 'Settings' }).click();
    await small.waitForURL('**/app/settings/**');
  } finally {
    await phone.close();
  }
});

it('can be used with the keyboard alone: a skip link first, then the page', async () => {
  await signIn(page, server.owner);
  await page.goto('/app/links');
  await page.getByRole('heading', { name: 'Links' }).waitFor();
  await page.keyboard.press('Tab');
  await expectText(page.locator(':focus'), /Skip to content/);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
  // A link followed from the keyboard lands on the new page's heading.
  await page.getByRole('link', { name: 'Analytics' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL('**/app/analytics');
  await expectText(page.locator(':focus'), /^Analytics$/);
});

async function expectText(locator: ReturnType<Page['locator']>, text: RegExp): Promise<void> {
  await locator.first().waitFor();
  expect(await locator.first().innerText()).toMatch(text);
}
