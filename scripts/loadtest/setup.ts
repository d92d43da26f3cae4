import { randomBytes } from 'node:crypto';
import type { Answer, Body, Problem } from './api';
import { LoadClient, type Sent } from './client';
import type { DataSet } from './workload';

/** Every link the tool creates carries this tag, so --cleanup deletes exactly those. */
export const LOADTEST_TAG = 'loadtest';
const BULK = 1000;

export class SetupError extends Error {}

export interface Target {
  client: LoadClient;
  data: DataSet;
  workspace: string;
}

/**
 * The workspace and links a run uses. With an admin token: a new workspace
 * ("loadtest <tag>") and `links` new links. With an API key: that workspace,
 * its links tagged `loadtest` reused, and as many more created as `links`
 * asks. Links point at `https://loadtest.invalid/...` (a name that never
 * resolves), so link previews and redirects followed by mistake reach no one;
 * one in RULED_EVERY carries rules (dataSetLink).
 */
export async function prepare(options: {
  url: string;
  adminToken?: string;
  apiKey?: string;
  links: number;
  tag: string;
  /** Whether to sign a person in for the dashboard's reads (the mix has them). */
  session: boolean;
  log(line: string): void;
}): Promise<Target> {
  const base = new URL(options.url);
  let apiKey = options.apiKey;
  let workspace = "the API key's workspace";
  if (!apiKey) {
    const admin = new LoadClient(base, `Bearer ${options.adminToken}`);
    const res = await admin.send(
      { method: 'POST', path: '/v1/workspaces', body: JSON.stringify({ name: `loadtest ${options.tag}` } satisfies Body<'/v1/workspaces', 'post'>) },
      true,
    );
    admin.close();
    if (res.status !== 201) throw setupFailed('creating a workspace', res, admin, " (is --admin-token the server's ADMIN_TOKEN?)");
    const created = JSON.parse(res.body) as Answer<'/v1/workspaces', 'post', 201>;
    apiKey = created.apiKey.key;
    workspace = created.workspace.id;
    options.log(`created workspace ${workspace}; reuse its data set in later runs with --api-key ${apiKey}`);
  }
  const client = new LoadClient(base, `Bearer ${apiKey}`);
  const data: DataSet = { slugs: [], ids: [] };
  if (options.apiKey) await collectExisting(client, data, options.links);
  if (data.ids.length < options.links) await createLinks(client, data, options.links - data.ids.length, options.tag, options.log);
  if (options.session) data.session = await signIn(client, options.tag);
  options.log(`data set: ${data.ids.length} links${data.session ? ', a signed-in viewer' : ''}`);
  return { client, data, workspace };
}

async function collectExisting(client: LoadClient, data: DataSet, limit: number): Promise<void> {
  let cursor: string | null = null;
  do {
    const res = await client.send({ method: 'GET', path: `/v1/links?limit=100&tag=${LOADTEST_TAG}${cursor ? `&cursor=${cursor}` : ''}` }, true);
    if (res.status !== 200) throw setupFailed("listing the workspace's links", res, client, ' (does the key have links:read?)');
    const page = JSON.parse(res.body) as Answer<'/v1/links', 'get', 200>;
    for (const link of page.data) {
      if (data.ids.length >= limit) return;
      data.ids.push(link.id);
      data.slugs.push(link.slug);
    }
    cursor = page.nextCursor;
  } while (cursor);
}

async function createLinks(client: LoadClient, data: DataSet, count: number, tag: string, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  let done = 0;
  for (let offset = 0; offset < count; offset += BULK) {
    const links = Array.from({ length: Math.min(BULK, count - offset) }, (_, i) => dataSetLink(tag, offset + i));
    const res = await client.send(
      { method: 'POST', path: '/v1/links/bulk', body: JSON.stringify({ links } satisfies Body<'/v1/links/bulk', 'post'>) },
      true,
      300_000,
    );
    if (res.status !== 200) throw setupFailed('creating links', res, client);
    const body = JSON.parse(res.body) as Answer<'/v1/links/bulk', 'post', 200>;
    for (const r of body.results) {
      if (r.status !== 201) {
        const hint =
          r.status === 403 ? ' — raise LINKS_MAX_PER_WORKSPACE, or `npm run cli -- links:limit <workspace> <n>`, or ask for fewer --links' : '';
        throw new SetupError(`creating links failed: ${r.error.detail}${hint}`);
      }
      data.ids.push(r.link.id);
      data.slugs.push(r.link.slug);
    }
    done += links.length;
    log(`created ${done}/${count} links (${Math.round(done / ((Date.now() - started) / 1000))}/s)`);
  }
}

/**
 * A person in the workspace, signed in: invited as a viewer with the API key,
 * then joined with the invitation (which signs in). Their session cookie is
 * what the dashboard's reads carry.
 */
async function signIn(client: LoadClient, tag: string): Promise<string> {
  const invited = await client.send(
    { method: 'POST', path: '/v1/invitations', body: JSON.stringify({ role: 'viewer' } satisfies Body<'/v1/invitations', 'post'>) },
    true,
  );
  if (invited.status !== 201) throw setupFailed('inviting a viewer for the dashboard reads', invited, client, ' (does the key have members:write?)');
  // The link is …/app/invite#<token>: the token is its fragment.
  const token = new URL((JSON.parse(invited.body) as Answer<'/v1/invitations', 'post', 201>).url).hash.slice(1);
  const accept: Body<'/v1/invitations/accept', 'post'> = {
    token,
    name: 'Load tester',
    email: `loadtest-${tag}@example.com`,
    password: randomBytes(18).toString('base64url'),
  };
  const joined = await client.send({ method: 'POST', path: '/v1/invitations/accept', body: JSON.stringify(accept), anonymous: true }, true);
  if (joined.status !== 200 || joined.cookie === undefined) throw setupFailed('signing the viewer in', joined, client);
  return joined.cookie;
}

/** One link in RULED_EVERY has rules: targeting, an A/B split or UTM parameters, in turn (a redirect that decides, as in use). */
export const RULED_EVERY = 10;

/** The data set's link number `n`: what the bulk create is sent for it. */
export function dataSetLink(tag: string, n: number): Body<'/v1/links', 'post'> {
  const url = `https://loadtest.invalid/${tag}/${n}`;
  const link = { url, slug: `lt-${tag}-${n}`, tags: [LOADTEST_TAG] };
  if (n % RULED_EVERY !== 0) return link;
  switch ((n / RULED_EVERY) % 3) {
    case 0:
      return {
        ...link,
        targeting: [
          { url: `${url}/ios`, os: ['ios'] },
          { url: `${url}/de`, language: ['de'] },
        ],
      };
    case 1:
      return {
        ...link,
        variants: [
          { name: 'a', url: `${url}/a`, weight: 50 },
          { name: 'b', url: `${url}/b`, weight: 50 },
        ],
      };
    default:
      return { ...link, utm: { source: 'loadtest', campaign: `c${n}` } };
  }
}

/** Deletes every link tagged `loadtest` in the workspace: the data set and the run's creates. */
export async function cleanup(client: LoadClient, log: (line: string) => void): Promise<number> {
  let deleted = 0;
  for (;;) {
    const res = await client.send({ method: 'GET', path: `/v1/links?limit=100&tag=${LOADTEST_TAG}` }, true);
    if (res.status !== 200) throw setupFailed('listing links to clean up', res, client);
    const page = JSON.parse(res.body) as Answer<'/v1/links', 'get', 200>;
    if (page.data.length === 0) break;
    await Promise.all(page.data.map((link) => client.send({ method: 'DELETE', path: `/v1/links/${link.id}` })));
    deleted += page.data.length;
    if (deleted % 5000 < 100) log(`deleted ${deleted} links`);
  }
  return deleted;
}

/** A set-up call that went wrong: the server's own words and the hint, or, with no answer at all, where Shortline was looked for. */
function setupFailed(what: string, res: Sent, client: LoadClient, hint = ''): SetupError {
  if (res.status === undefined) return new SetupError(`${what} failed: no answer from ${client.origin} (${res.error}); is Shortline running there?`);
  let detail = res.body.slice(0, 300);
  try {
    detail = (JSON.parse(res.body) as Partial<Problem>).detail ?? detail;
  } catch {
    // not JSON: show it as it is
  }
  return new SetupError(`${what} failed: HTTP ${res.status}: ${detail}${hint}`);
}
