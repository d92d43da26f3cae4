import { createHash } from 'node:crypto';
import request from 'supertest';
import { createTestApp, createWorkspace, type TestApp } from '../../support/app';

/**
 * The client address behind unique visitors, on both redirect paths (the first
 * request misses the cache and goes through Express; the rest take the fast
 * lane): X-Forwarded-For counts only when TRUST_PROXY says so.
 */
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';

async function uniquesAfterVisits(t: TestApp): Promise<{ total: number; uniques: number }> {
  const ws = await createWorkspace(t.app, 'Proxy');
  const link = (await request(t.app).post('/v1/links').set(ws.auth).send({ url: 'https://example.com/ip', slug: 'ip-counted' }).expect(201)).body;
  for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.3']) {
    await request(t.app).get('/ip-counted').set({ 'User-Agent': UA, 'X-Forwarded-For': ip }).expect(302);
  }
  await t.shortline.apis.get('analytics').flushClicks();
  await t.shortline.apis.get('analytics').rollUp();
  return (await request(t.app).get(`/v1/links/${link.id}/stats`).set(ws.auth).expect(200)).body;
}

it('counts each forwarded address as a visitor behind a trusted proxy', async () => {
  const t = await createTestApp({ TRUST_PROXY: 'on', STATS_CACHE_TTL_S: '0' });
  try {
    expect(await uniquesAfterVisits(t)).toMatchObject({ total: 4, uniques: 3 });
  } finally {
    await t.close();
  }
});

it('ignores X-Forwarded-For without a trusted proxy', async () => {
  const t = await createTestApp({ TRUST_PROXY: 'off', STATS_CACHE_TTL_S: '0' });
  try {
    expect(await uniquesAfterVisits(t)).toMatchObject({ total: 4, uniques: 1 });
  } finally {
    await t.close();
  }
});

it('stores the visitor as the first 8 bytes of SHA-256 over the day salt, IP, newline and user agent', async () => {
  // The formula must not move: a changed one would count everyone twice on the day it shipped.
  const t = await createTestApp({ TRUST_PROXY: 'on' });
  try {
    const ws = await createWorkspace(t.app, 'Hash');
    await request(t.app).post('/v1/links').set(ws.auth).send({ url: 'https://example.com/h', slug: 'hashed-visitor' }).expect(201);
    await request(t.app).get('/hashed-visitor').set({ 'User-Agent': UA, 'X-Forwarded-For': '198.51.100.7' }).expect(302);
    await t.shortline.apis.get('analytics').flushClicks();
    const { rows } = await t.shortline.db.platform.raw<{ rows: { visitor: string; salt: Buffer }[] }>(
      `select c.visitor::text as visitor, s.salt from analytics.clicks c
       join analytics.visitor_salts s on s.day = (c.clicked_at at time zone 'UTC')::date
       where c.workspace_id = ?`,
      [ws.id],
    );
    expect(rows).toHaveLength(1);
    const expected = createHash('sha256').update(rows[0].salt).update('198.51.100.7').update('\n').update(UA).digest().readBigInt64BE(0).toString();
    expect(rows[0].visitor).toBe(expected);
  } finally {
    await t.close();
  }
});
