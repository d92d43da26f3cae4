import type { E2eServer } from './server';
import { CHROME_MAC, FIREFOX_WINDOWS, GOOGLEBOT, SAFARI_IPHONE } from '../../support/user-agents';

/**
 * A workspace with something to show: a few links with tags, and clicks on
 * them from several browsers, referrers and a bot, rolled up before it
 * returns (the pages and their screenshots then have numbers to draw).
 */
export async function seedLinks(server: E2eServer): Promise<{ id: string; slug: string; shortUrl: string }[]> {
  const links = [];
  const specs = [
    { url: 'https://example.com/spring-launch', slug: 'spring-launch', title: 'Spring launch', tags: ['campaign', 'spring'] },
    { url: 'https://example.com/docs/getting-started', slug: 'start-here', title: 'Getting started', tags: ['docs'] },
    { url: 'https://example.com/careers', slug: 'jobs', title: 'We are hiring', tags: ['careers'] },
    { url: 'https://example.com/app', slug: 'get-app', title: 'The app', tags: ['campaign'] },
  ];
  for (const spec of specs) {
    const res = await fetch(`${server.url}/v1/links`, {
      method: 'POST',
      headers: { ...server.workspace.auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(spec),
    });
    if (res.status !== 201) throw new Error(`seeding ${spec.slug}: ${res.status} ${await res.text()}`);
    links.push((await res.json()) as { id: string; slug: string; shortUrl: string });
  }
  const visits: [string, string, string | undefined, number][] = [
    ['spring-launch', CHROME_MAC, 'https://news.example/story', 9],
    ['spring-launch', SAFARI_IPHONE, 'https://social.example/p/1', 6],
    ['spring-launch', FIREFOX_WINDOWS, undefined, 3],
    ['start-here', CHROME_MAC, 'https://search.example/?q=shortline', 5],
    ['get-app', SAFARI_IPHONE, undefined, 4],
    ['jobs', GOOGLEBOT, undefined, 2],
  ];
  let humans = 0;
  for (const [slug, userAgent, referer, times] of visits) {
    for (let i = 0; i < times; i++) {
      await fetch(`${server.url}/${slug}`, { redirect: 'manual', headers: { 'User-Agent': userAgent, ...(referer ? { Referer: referer } : {}) } });
    }
    if (userAgent !== GOOGLEBOT) humans += times;
  }
  await until(async () => (await workspaceClicks(server)) >= humans, 'the seeded clicks to be rolled up');
  return links;
}

/** The workspace's human clicks of the last day, as the API counts them. */
export async function workspaceClicks(server: E2eServer): Promise<number> {
  await server.t.shortline.apis.get('analytics').flushClicks();
  const res = await fetch(`${server.url}/v1/stats?interval=hour`, { headers: server.workspace.auth });
  return ((await res.json()) as { total: number }).total;
}

export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
