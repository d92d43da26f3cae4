import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/**
 * The e2e tests' browser: the system's Chromium (Debian's `chromium`
 * package) driven by playwright-core, which downloads no browser of its
 * own. Flags keep it from reaching out to the network on its own.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The e2e tests drive Chromium, and there is none at ${CHROMIUM_PATH}: install it with \`apt-get install chromium\` (or point CHROMIUM_PATH at one).`,
    );
  }
}

/**
 * `landing`: a port on 127.0.0.1 that every `*.example` host name resolves
 * to in this browser, so short links' targets can be followed without
 * leaving the machine.
 */
export async function launchBrowser(options: { landing?: number } = {}): Promise<Browser> {
  requireChromium();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.landing === undefined ? [] : [`--host-resolver-rules=MAP *.example 127.0.0.1:${options.landing}`]),
    ],
  });
}

/** The fixed viewport of the screenshots. */
export const VIEWPORT = { width: 1280, height: 800 };
/** A phone's, for the responsive checks. */
export const PHONE = { width: 390, height: 844 };
/** A desktop Chrome's: headless Chromium's own names itself HeadlessChrome, which counts as a bot. */
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/**
 * A browser context on `baseURL` whose pages record every CSP violation
 * (read with cspViolations). The recorder is installed through the
 * DevTools protocol, which the page's CSP does not govern.
 */
export async function newContext(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: VIEWPORT,
    userAgent: USER_AGENT,
    colorScheme: 'light',
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
    ...options,
  });
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'}`));
  });
  return context;
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is now, in
 * the light theme and in the dark one. axe is evaluated through the DevTools
 * protocol, so the page's CSP, which would refuse an injected script, does
 * not stand in its way and needs no bypass.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run(document)).violations;
    });
    for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      problems.push(`${colorScheme}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return problems;
}

const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'docs', 'screenshots');

/** With UPDATE_SCREENSHOTS=1, writes docs/screenshots/<name>.png; otherwise nothing, so CI leaves the tree clean. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
}
