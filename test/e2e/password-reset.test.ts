import type { Browser, Page } from 'playwright-core';
import { startSmtpReceiver } from '../support/smtp-receiver';
import { accessibilityProblems, cspViolations, launchBrowser, newContext } from './support/browser';
import { signIn, startServer, type E2eServer } from './support/server';

/** A forgotten password in the browser: the sign-in page's link, the mail, the page its link opens, and signing in with the new one. */
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let server: E2eServer;
let browser: Browser;
let page: Page;
beforeAll(async () => {
  smtp = await startSmtpReceiver();
  [server, browser] = await Promise.all([startServer({ SMTP_URL: smtp.url }), launchBrowser()]);
  page = await (await newContext(browser, server.url)).newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await smtp?.stop();
});

it('mails a reset link; the page it opens sets a new password, which then signs in', async () => {
  await page.goto('/app/sign-in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.getByLabel('Email').fill(server.owner.email);
  await page.getByRole('button', { name: 'Mail me a link' }).click();
  await page.getByRole('status').getByText('is on its way').waitFor();

  const [mail] = await smtp.waitFor(1);
  const link = /(http:\/\/127\.0\.0\.1:\d+\/app\/reset#sr_[A-Za-z0-9_-]{32})/.exec(mail.text)![1];
  await page.goto(link);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await page.getByText('must be at least 12 characters', { exact: true }).waitFor();
  await page.getByLabel('New password').fill('a fresh long password');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await page.getByRole('status').getByText('Your password is changed').waitFor();
  expect(new URL(page.url()).hash).toBe(''); // the spent token is off the address bar

  await signIn(page, { ...server.owner, password: 'a fresh long password' });
  expect(await cspViolations(page)).toEqual([]);
});
