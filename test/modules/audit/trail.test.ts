import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { startDnsServer, type TestDnsServer } from '../../support/dns-server';
import { metricValue } from '../../support/metrics';
import { eventually } from '../../support/receiver';

/**
 * The audit trail over HTTP and real PostgreSQL, its entries written by the
 * job runner from the events each change published: who (an API key or a
 * signed-in person) created, changed or deleted what, and nothing of another
 * workspace's.
 */
interface Entry {
  id: string;
  at: string;
  action: string;
  actor: { kind: 'key' | 'user'; id: string; label: string } | null;
  target: { type: string; id: string; label: string };
  changes: Record<string, unknown> | null;
}

/** A person signed in to the workspace, with what a browser would send. */
interface Person {
  id: string;
  email: string;
  cookie: string;
  csrf: string;
}

let t: TestApp;
let dns: TestDnsServer;
let acme: TestWorkspace;
let globex: TestWorkspace;
/** Acme's bootstrap key, as an actor. */
let acmeKey: { kind: 'key'; id: string; label: string };
let admin: Person;

beforeAll(async () => {
  dns = await startDnsServer();
  t = await createTestApp({ WORKER: 'inline', WORKER_POLL_INTERVAL_MS: '100', OUTBOUND_ALLOW: '127.0.0.1', DOMAINS_DNS_SERVERS: dns.address });
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
  const keys = (await request(t.app).get('/v1/api-keys').set(acme.auth).expect(200)).body.data as { id: string; prefix: string }[];
  acmeKey = { kind: 'key', id: keys[0].id, label: keys[0].prefix };
  admin = await person(acme, 'ada@acme.example', 'admin');
});
afterAll(async () => {
  await t.close();
  await dns.close();
});

async function person(ws: TestWorkspace, email: string, role: 'owner' | 'admin' | 'member' | 'viewer'): Promise<Person> {
  const password = 'correct horse battery staple';
  const user = await t.shortline.apis.get('identity').createUser({ email, name: email, password, workspaceId: ws.id, role });
  const res = await request(t.app).post('/v1/session').send({ email, password }).expect(200);
  const cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  return { id: user.id, email, cookie, csrf: res.body.csrfToken };
}

/** A request as the signed-in person makes it: the cookie, and on writes the CSRF token. */
const as = (p: Person, test: request.Test) => test.set('Cookie', p.cookie).set('X-CSRF-Token', p.csrf);

async function trail(ws: TestWorkspace, query = ''): Promise<Entry[]> {
  return (await request(t.app).get(`/v1/audit${query}`).set(ws.auth).expect(200)).body.data;
}

/** The entry of `action` on `targetId` once the job runner has written it. */
async function entryOf(ws: TestWorkspace, action: string, targetId: string): Promise<Entry> {
  return eventually(async () => (await trail(ws, `?targetId=${targetId}&action=${action}`))[0], 10_000, `the ${action} entry of ${targetId}`);
}

describe('a link', () => {
  it('made, changed and deleted with an API key: three entries naming the key', async () => {
    const link = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/a', slug: 'audited' }).expect(201)).body;
    await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ title: 'Now titled', url: 'https://example.com/b' }).expect(200);
    await request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth).expect(204);

    const target = { type: 'link', id: link.id, label: '/audited' };
    expect(await entryOf(acme, 'link.created', link.id)).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      action: 'link.created',
      actor: acmeKey,
      target,
      changes: null,
    });
    expect(await entryOf(acme, 'link.updated', link.id)).toMatchObject({ actor: acmeKey, target, changes: { fields: ['url', 'title'] } });
    expect(await entryOf(acme, 'link.deleted', link.id)).toMatchObject({ actor: acmeKey, target, changes: null });
    expect((await trail(acme, `?targetId=${link.id}`)).map((e) => e.action)).toEqual(['link.deleted', 'link.updated', 'link.created']);
  });

  it('made by a signed-in person: the entry names them', async () => {
    const link = (await as(admin, request(t.app).post('/v1/links')).send({ url: 'https://example.com/ada' }).expect(201)).body;
    expect((await entryOf(acme, 'link.created', link.id)).actor).toEqual({ kind: 'user', id: admin.id, label: admin.email });
  });
});

describe('a domain', () => {
  it('added, verified, changed and deleted: an entry for each, by the hostname', async () => {
    const domain = (await request(t.app).post('/v1/domains').set(acme.auth).send({ hostname: 'go.acme.example' }).expect(201)).body;
    dns.records.set(domain.verification.name, [domain.verification.value]);
    await as(admin, request(t.app).post(`/v1/domains/${domain.id}/verify`)).expect(200);
    await request(t.app).patch(`/v1/domains/${domain.id}`).set(acme.auth).send({ rootUrl: 'https://acme.example/' }).expect(200);
    await request(t.app).delete(`/v1/domains/${domain.id}`).set(acme.auth).expect(204);

    const target = { type: 'domain', id: domain.id, label: 'go.acme.example' };
    expect(await entryOf(acme, 'domain.created', domain.id)).toMatchObject({ actor: acmeKey, target, changes: null });
    expect(await entryOf(acme, 'domain.verified', domain.id)).toMatchObject({ actor: { kind: 'user', id: admin.id }, target });
    expect(await entryOf(acme, 'domain.updated', domain.id)).toMatchObject({ actor: acmeKey, target, changes: { fields: ['rootUrl'] } });
    expect(await entryOf(acme, 'domain.deleted', domain.id)).toMatchObject({ actor: acmeKey, target, changes: null });
  });

  it('left pending too long and deleted by the re-check job: an entry by the system, saying why', async () => {
    const domain = (await request(t.app).post('/v1/domains').set(acme.auth).send({ hostname: 'stale.acme.example' }).expect(201)).body;
    await t.shortline.db.platform.raw("update domains.domains set created_at = now() - interval '8 days' where id = ?", [domain.id]);
    await t.shortline.db.platform.raw("select graphile_worker.add_job('domains.recheck-pending', '{}'::json)");
    expect(await entryOf(acme, 'domain.deleted', domain.id)).toMatchObject({
      actor: null,
      changes: { reason: 'pending for longer than DOMAINS_PENDING_DAYS' },
    });
  });
});

describe('a webhook', () => {
  it('made, disabled and deleted: entries by its URL, never its secret', async () => {
    const hook = (
      await request(t.app)
        .post('/v1/webhooks')
        .set(acme.auth)
        .send({ url: 'http://127.0.0.1:9/hook', events: ['link.created'] })
        .expect(201)
    ).body;
    await as(admin, request(t.app).patch(`/v1/webhooks/${hook.id}`))
      .send({ enabled: false })
      .expect(200);
    await request(t.app).delete(`/v1/webhooks/${hook.id}`).set(acme.auth).expect(204);

    const target = { type: 'webhook', id: hook.id, label: 'http://127.0.0.1:9/hook' };
    expect(await entryOf(acme, 'webhook.created', hook.id)).toMatchObject({ actor: acmeKey, target });
    expect(await entryOf(acme, 'webhook.updated', hook.id)).toMatchObject({
      actor: { kind: 'user', id: admin.id },
      target,
      changes: { fields: ['enabled', 'disabledReason', 'disabledAt'], reason: 'Disabled by request' },
    });
    expect(await entryOf(acme, 'webhook.deleted', hook.id)).toMatchObject({ actor: acmeKey, target });
    expect(JSON.stringify(await trail(acme))).not.toContain(hook.secret);
  });
});

describe('an API key', () => {
  it('made and revoked by a signed-in person: entries by its name and prefix, never the key', async () => {
    const key = (
      await as(admin, request(t.app).post('/v1/api-keys'))
        .send({ name: 'CI', scopes: ['links:read'] })
        .expect(201)
    ).body;
    await as(admin, request(t.app).delete(`/v1/api-keys/${key.id}`)).expect(204);

    const actor = { kind: 'user', id: admin.id, label: admin.email };
    const target = { type: 'api_key', id: key.id, label: `CI (${key.prefix})` };
    expect(await entryOf(acme, 'api_key.created', key.id)).toMatchObject({ actor, target, changes: { scopes: ['links:read'] } });
    expect(await entryOf(acme, 'api_key.revoked', key.id)).toMatchObject({ actor, target, changes: null });
    expect(JSON.stringify(await trail(acme))).not.toContain(key.key);
  });

  it("a new workspace's bootstrap key: made by the system", async () => {
    const [made] = await eventually(async () => {
      const entries = await trail(globex, '?action=api_key.created');
      return entries.length > 0 && entries;
    });
    expect(made).toMatchObject({ actor: null, target: { type: 'api_key', label: `bootstrap (${globex.key.slice(0, 11)})` } });
  });
});

describe('members and invitations', () => {
  it('an invitation made, accepted, the role changed and the member removed: each with who did it', async () => {
    const owner = await person(acme, 'olga@acme.example', 'owner');
    const invitation = (await as(owner, request(t.app).post('/v1/invitations')).send({ role: 'member', email: 'max@acme.example' }).expect(201)).body;
    const token = invitation.url.split('#')[1];
    const joined = (
      await request(t.app)
        .post('/v1/invitations/accept')
        .send({ token, name: 'Max', email: 'max@acme.example', password: 'correct horse battery staple' })
        .expect(200)
    ).body;
    const max = joined.user.id as string;
    await as(owner, request(t.app).patch(`/v1/members/${max}`))
      .send({ role: 'admin' })
      .expect(200);
    await as(owner, request(t.app).delete(`/v1/members/${max}`)).expect(204);

    const byOwner = { kind: 'user', id: owner.id, label: owner.email };
    const target = { type: 'member', id: max, label: 'max@acme.example' };
    expect(await entryOf(acme, 'invitation.created', invitation.id)).toMatchObject({
      actor: byOwner,
      target: { type: 'invitation', id: invitation.id, label: 'max@acme.example' },
      changes: { role: 'member' },
    });
    // They joined on their own, before they had a credential.
    expect(await entryOf(acme, 'member.added', max)).toMatchObject({ actor: { kind: 'user', id: max, label: 'max@acme.example' }, target });
    expect(await entryOf(acme, 'member.role_changed', max)).toMatchObject({
      actor: byOwner,
      target,
      changes: { role: 'admin', previousRole: 'member' },
    });
    expect(await entryOf(acme, 'member.removed', max)).toMatchObject({ actor: byOwner, target, changes: { previousRole: 'admin' } });
    expect(JSON.stringify(await trail(acme))).not.toContain(token);
  });

  it('an invitation revoked: an entry; an account made for the workspace outside any request: a member added by the system', async () => {
    const invitation = (await as(admin, request(t.app).post('/v1/invitations')).send({ role: 'viewer' }).expect(201)).body;
    await as(admin, request(t.app).delete(`/v1/invitations/${invitation.id}`)).expect(204);
    expect(await entryOf(acme, 'invitation.revoked', invitation.id)).toMatchObject({
      actor: { kind: 'user', id: admin.id },
      target: { type: 'invitation', id: invitation.id, label: 'anyone with the link' },
      changes: { role: 'viewer' },
    });
    expect(await entryOf(acme, 'member.added', admin.id)).toMatchObject({ actor: null, changes: { role: 'admin' } });
  });
});

describe('who may read it', () => {
  it('people whose role lacks audit:read, and keys without the scope, get 403', async () => {
    for (const role of ['member', 'viewer'] as const) {
      const reader = await person(acme, `${role}@acme.example`, role);
      expectProblem(await request(t.app).get('/v1/audit').set('Cookie', reader.cookie), 403);
    }
    const key = (
      await request(t.app)
        .post('/v1/api-keys')
        .set(acme.auth)
        .send({ name: 'reader', scopes: ['links:read'] })
        .expect(201)
    ).body;
    expectProblem(await request(t.app).get('/v1/audit').set('Authorization', `Bearer ${key.key}`), 403);
    expectProblem(await request(t.app).get('/v1/audit'), 401);
  });

  it("another workspace sees none of its entries, even by the target's id", async () => {
    const link = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/private' }).expect(201)).body;
    await entryOf(acme, 'link.created', link.id);
    expect(await trail(globex, `?targetId=${link.id}`)).toEqual([]);
    const theirs = await trail(globex, '?limit=100');
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((entry) => entry.actor === null || entry.actor.label !== acmeKey.label)).toBe(true);
    const acmeIds = new Set((await trail(acme, '?limit=100')).map((entry) => entry.id));
    expect(theirs.some((entry) => acmeIds.has(entry.id))).toBe(false);
  });
});

describe('reading it', () => {
  it('pages newest first across every kind of entry, each once', async () => {
    const all = await trail(acme, '?limit=100');
    expect(new Set(all.map((e) => e.target.type))).toEqual(new Set(['link', 'domain', 'webhook', 'api_key', 'member', 'invitation']));
    const paged: Entry[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(t.app)
        .get(`/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .set(acme.auth)
        .expect(200);
      paged.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor !== null);
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const times = all.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by action, actor and time', async () => {
    const byAdmin = await trail(acme, `?actorId=${admin.id}&limit=100`);
    expect(byAdmin.length).toBeGreaterThan(0);
    expect(byAdmin.every((e) => e.actor?.id === admin.id)).toBe(true);
    expect((await trail(acme, '?action=domain.verified')).map((e) => e.action)).toEqual(['domain.verified']);
    const all = await trail(acme, '?limit=100');
    const middle = all[Math.floor(all.length / 2)];
    const since = await trail(acme, `?from=${encodeURIComponent(middle.at)}&limit=100`);
    expect(since.every((e) => e.at >= middle.at)).toBe(true);
    expect(since.map((e) => e.id)).toContain(middle.id);
    const before = await trail(acme, `?to=${encodeURIComponent(middle.at)}&limit=100`);
    expect(before.every((e) => e.at < middle.at)).toBe(true);
    expect(since.length + before.length).toBe(all.length);
  });

  it.each([
    ['a limit that is no number', '?limit=ten', 'query.limit'],
    ['a limit out of range', '?limit=0', 'query.limit'],
    ['a cursor this API did not issue', '?cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
    ['an unknown action', '?action=link.exploded', 'query.action'],
    ['an actor id that is no id', '?actorId=alice', 'query.actorId'],
    ['a target id with control characters', '?targetId=%01%02', 'query.targetId'],
    ['a time that is no time', '?from=yesterday', 'query.from'],
    ['a time before 1970', '?to=0001-01-01T00:00:00Z', 'query.to'],
    ['a range that ends before it starts', '?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'query.to'],
    ['an unknown filter', '?user=alice', 'query'],
    ['a filter given twice', '?action=link.created&action=link.deleted', 'query.action'],
  ])('answers 400 to %s', async (_what, query, field) => {
    const problem = expectProblem(await request(t.app).get(`/v1/audit${query}`).set(acme.auth), 400);
    expect((problem.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  });
});

describe('writing it', () => {
  it('stores a redelivered event once, even after its inbox record is gone', async () => {
    const db = t.shortline.db.platform;
    const [entry] = await trail(acme, '?action=link.created&limit=1');
    const link = (await request(t.app).get('/v1/links').set(acme.auth).query({ limit: 1 }).expect(200)).body.data[0];
    const { preview: _preview, ...data } = link;
    const event = {
      id: entry.id,
      type: 'link.created',
      version: 1,
      workspaceId: acme.id,
      occurredAt: entry.at,
      actor: acmeKey,
      data: { link: data },
    };
    const written = () => metricValue(t.app, 'shortline_audit_entries_written_total', { action: 'link.created' });
    const before = await written();
    const redeliver = async () => {
      await db.raw("select graphile_worker.add_job('audit.on.record-link-created', ?::json)", [JSON.stringify({ events: [event] })]);
      await eventually(
        async () =>
          (await db.raw("select count(*)::int as n from graphile_worker.jobs where task_identifier = 'audit.on.record-link-created'")).rows[0].n ===
            0 || undefined,
        10_000,
        'the redelivery',
      );
    };
    await redeliver();
    await db.raw('delete from audit.event_inbox where event_id = ?', [entry.id]);
    await redeliver();
    expect(await db('audit.entries').where({ event_id: entry.id }).count({ n: '*' })).toEqual([{ n: '1' }]);
    expect(await written()).toBe(before);
  });

  it('counts the entries it writes in /metrics', async () => {
    expect(await metricValue(t.app, 'shortline_audit_entries_written_total', { action: 'link.created' })).toBeGreaterThan(0);
    expect(await metricValue(t.app, 'shortline_audit_entries_written_total', { action: 'member.role_changed' })).toBeGreaterThan(0);
  });

  it('forgets entries older than AUDIT_RETENTION_DAYS, in both tables', async () => {
    const db = t.shortline.db.platform;
    const [local] = await trail(acme, '?action=link.deleted&limit=1');
    const [global] = await trail(acme, '?action=domain.created&limit=1');
    await db.raw("update audit.entries set at = now() - interval '366 days' where event_id = ?", [local.id]);
    await db.raw("update audit.global_entries set at = now() - interval '366 days' where event_id = ?", [global.id]);
    const ids = async () => new Set((await trail(acme, '?limit=100')).map((e) => e.id));
    const before = await ids();
    await db.raw("select graphile_worker.add_job('audit.prune-entries', '{}'::json)");
    const left = await eventually(
      async () => {
        const now = await ids();
        return !now.has(local.id) && !now.has(global.id) && now;
      },
      10_000,
      'the prune job',
    );
    expect(left.size).toBe(before.size - 2);
  });
});
