import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityProblems, cspViolations, launchBrowser, newContext, screenshot } from './support/browser';
import { createWorkspace } from '../support/app';
import { until } from './support/seed';
import { signIn, startServer, type Account, type E2eServer } from './support/server';

/**
 * A workspace's people in the dashboard: an owner invites a viewer, who
 * accepts the link in a browser of their own, signs in and finds writes
 * hidden — and refused by the API when tried anyway.
 */
jest.setTimeout(60_000);

let server: E2eServer;
let browser: Browser;
let owner: BrowserContext;
let page: Page;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  owner = await newContext(browser, server.url);
  page = await owner.newPage();
  await signIn(page, server.owner);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const viewer: Account = { name: 'Vera Viewer', email: 'vera@example.com', password: 'a-long-enough-password-42' };

it('invites a viewer, who accepts the link in another browser and sees what a viewer may do', async () => {
  await page.goto('/app/settings/members');
  await page.getByRole('heading', { name: 'Members' }).waitFor();
  await page.getByLabel('Role').selectOption('viewer');
  await page.getByRole('button', { name: 'Create invitation link' }).click();
  const url = await page.locator('.shown-once code').innerText();
  expect(url).toMatch(new RegExp(`^${server.url}/app/invite#.+`));
  await screenshot(page, 'members');
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);

  const stranger = await newContext(browser, server.url);
  try {
    const invited = await stranger.newPage();
    await invited.goto(url);
    await invited.getByRole('heading', { name: 'Join Acme' }).waitFor();
    expect(await accessibilityProblems(invited)).toEqual([]);
    await invited.getByLabel('Your name').fill(viewer.name);
    await invited.getByLabel('Email').fill(viewer.email);
    await invited.getByLabel('Password').fill(viewer.password);
    await invited.getByRole('button', { name: 'Join the workspace' }).click();
    await invited.waitForURL('**/app/links');
    // The token left the address bar with the invitation.
    expect(invited.url()).not.toContain('#');

    // Signed in again from scratch, as a viewer: the links are there, the ways to change them are not.
    await invited.getByRole('button', { name: 'Sign out' }).click();
    await signIn(invited, viewer);
    await invited.getByRole('heading', { name: 'Links' }).waitFor();
    expect(await invited.getByRole('link', { name: 'New link' }).count()).toBe(0);
    await invited.goto('/app/settings/members');
    await invited.getByRole('heading', { name: 'Members' }).waitFor();
    expect(await invited.getByRole('button', { name: 'Create invitation link' }).count()).toBe(0);
    expect(await invited.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    expect(await invited.locator('table').innerText()).toContain(viewer.email);

    // And the API refuses a write from the viewer's session, CSRF token and all.
    const refused = await invited.evaluate(async () => {
      const session = (await (await fetch('/v1/session')).json()) as { csrfToken: string };
      const res = await fetch('/v1/links', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
        body: JSON.stringify({ url: 'https://example.com/' }),
      });
      return res.status;
    });
    expect(refused).toBe(403);
    expect(await cspViolations(invited)).toEqual([]);
  } finally {
    await stranger.close();
  }
});

it("lets the owner change the viewer's role to member, after which writes show", async () => {
  await page.goto('/app/settings/members');
  const changed = page.waitForResponse((res) => res.request().method() === 'PATCH' && res.url().includes('/v1/members/'));
  await page.getByLabel(`Role of ${viewer.name}`).selectOption('member');
  expect((await changed).status()).toBe(200);
  const member = await newContext(browser, server.url);
  try {
    const other = await member.newPage();
    await signIn(other, viewer);
    await other.getByRole('link', { name: 'New link' }).waitFor();
  } finally {
    await member.close();
  }
});

it('offers a workspace switcher to someone in two workspaces, and switches', async () => {
  // Globex invites Acme's owner, who joins with the account they have.
  const globex = await createWorkspace(server.t.app, 'Globex');
  const res = await fetch(`${server.url}/v1/invitations`, {
    method: 'POST',
    headers: { ...globex.auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ role: 'admin' }),
  });
  const { url } = (await res.json()) as { url: string };
  await fetch(`${server.url}/v1/links`, {
    method: 'POST',
    headers: { ...globex.auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: 'https://example.com/globex', slug: 'globex-only' }),
  });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Join Globex' }).waitFor();
  await page.getByLabel('Your name').fill(server.owner.name);
  await page.getByLabel('Email').fill(server.owner.email);
  await page.getByLabel('Password').fill(server.owner.password);
  await page.getByRole('button', { name: 'Join the workspace' }).click();
  await page.waitForURL('**/app/links');

  const switcher = page.getByLabel('Workspace');
  expect(await switcher.inputValue()).toBe(globex.id);
  await page.getByRole('link', { name: /globex-only/ }).waitFor();
  await switcher.selectOption({ label: 'Acme (owner)' });
  await until(async () => (await switcher.inputValue()) === server.workspace.id, 'the switch to Acme');
  // Acme's links now: Globex's are gone from the page.
  await page.getByRole('link', { name: /globex-only/ }).waitFor({ state: 'detached' });
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});
