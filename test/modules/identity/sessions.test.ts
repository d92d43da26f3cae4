import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { createPerson, PASSWORD, sessionCookieOf, signIn } from '../../support/people';

let t: TestApp;
let acme: TestWorkspace;
let globex: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ SESSION_LIFETIME_S: '3600' });
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
});
afterAll(() => t.close());

describe('POST /v1/session (sign in)', () => {
  it('answers the session and sets an HttpOnly, SameSite, host-only cookie; the token is never in the body', async () => {
    const user = await createPerson(t, acme, 'member');
    const res = await request(t.app).post('/v1/session').send({ email: user.email.toUpperCase(), password: PASSWORD }).expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('shortline_session='))!;
    expect(cookie).toMatch(/; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toMatch(/Secure/); // plain http here; see the https test below
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      user: { id: user.id, email: user.email, name: user.name },
      workspace: { id: acme.id, name: 'Acme' },
      role: 'member',
      scopes: ['links:read', 'domains:read', 'analytics:read', 'webhooks:read', 'members:read', 'links:write'],
      memberships: [{ workspace: { id: acme.id, name: 'Acme' }, role: 'member' }],
      csrfToken: expect.any(String),
      expiresAt: expect.any(String),
    });
    const token = cookie.split(';')[0].split('=')[1];
    expect(JSON.stringify(res.body)).not.toContain(token);
  });

  it('marks the cookie Secure when the request came over https through a trusted proxy', async () => {
    const https = await createTestApp({ TRUST_PROXY: '1' });
    try {
      const ws = await createWorkspace(https.app);
      const user = await https.shortline.apis
        .get('identity')
        .createUser({ email: 'tls@example.com', name: 'T', password: PASSWORD, workspaceId: ws.id });
      const res = await request(https.app)
        .post('/v1/session')
        .set('X-Forwarded-Proto', 'https')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/; Secure;/);
    } finally {
      await https.close();
    }
  });

  it('refuses a wrong password and an unknown email alike, with a 401 that sets no cookie', async () => {
    const user = await createPerson(t, acme, 'viewer');
    const wrong = await request(t.app).post('/v1/session').send({ email: user.email, password: 'not the password' });
    const unknown = await request(t.app).post('/v1/session').send({ email: 'nobody@example.com', password: 'not the password' });
    for (const res of [wrong, unknown]) {
      expectProblem(res, 401);
      expect(res.body.detail).toBe('The email or password is wrong');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('slows guessing: after 5 failures an account is locked out (429, Retry-After), even for the right password', async () => {
    const user = await createPerson(t, acme, 'viewer');
    for (let i = 0; i < 5; i++)
      expectProblem(
        await request(t.app)
          .post('/v1/session')
          .send({ email: user.email, password: `guess ${i}` }),
        401,
      );
    await request(t.app).post('/v1/session').send({ email: user.email, password: 'guess 6' }).expect(401);
    const locked = await request(t.app).post('/v1/session').send({ email: user.email, password: PASSWORD });
    expectProblem(locked, 429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The lock is shared by every process: it is in the database.
    const { rows } = await t.shortline.db.platform.raw(`select failures from identity.sign_in_failures where key = ?`, [`account:${user.email}`]);
    expect(rows[0].failures).toBe(6);
  });

  it('slows one address guessing across many accounts', async () => {
    const spray = await createTestApp();
    try {
      for (let i = 0; i < 21; i++)
        await request(spray.app)
          .post('/v1/session')
          .send({ email: `spray${i}@example.com`, password: 'x' })
          .expect(401);
      expectProblem(await request(spray.app).post('/v1/session').send({ email: 'spray99@example.com', password: 'x' }), 429);
    } finally {
      await spray.close();
    }
  });

  it('refuses an account that belongs to no workspace (403)', async () => {
    await t.shortline.apis.get('identity').createUser({ email: 'loner@example.com', name: 'Loner', password: PASSWORD });
    expectProblem(await request(t.app).post('/v1/session').send({ email: 'loner@example.com', password: PASSWORD }), 403);
  });

  it.each([
    ['malformed JSON', '{"email":', 400],
    ['a wrong type', { email: 5, password: PASSWORD }, 400],
    ['no email', { password: PASSWORD }, 400],
    ['a control character', { email: 'a\u0000b@example.com', password: PASSWORD }, 400],
    ['an unknown field', { email: 'a@example.com', password: PASSWORD, admin: true }, 400],
    ['an oversize password', { email: 'a@example.com', password: 'x'.repeat(300) }, 400],
  ])('answers %s with a problem, never a 500', async (_name, body, status) => {
    const req = request(t.app).post('/v1/session').set('Content-Type', 'application/json');
    expectProblem(await req.send(typeof body === 'string' ? body : JSON.stringify(body)), status);
  });

  it('does not take a form post (a cross-site form cannot sign anyone in)', async () => {
    expectProblem(await request(t.app).post('/v1/session').type('form').send({ email: 'a@example.com', password: PASSWORD }), 415);
  });
});

describe('the session cookie as a credential', () => {
  it('reads every /v1 route its role allows, and the workspace is the session’s', async () => {
    const user = await createPerson(t, acme, 'viewer');
    const me = await signIn(t, user.email);
    expect((await request(t.app).get('/v1/workspace').set(me.read).expect(200)).body.id).toBe(acme.id);
    await request(t.app).get('/v1/links').set(me.read).expect(200);
  });

  it('needs the CSRF token on every write, and a token of another session does not do', async () => {
    const a = await signIn(t, (await createPerson(t, acme, 'member')).email);
    const b = await signIn(t, (await createPerson(t, acme, 'member')).email);
    const body = { url: 'https://example.com/csrf' };
    const none = await request(t.app).post('/v1/links').set(a.read).send(body);
    expectProblem(none, 403);
    expect(none.body.detail).toMatch(/X-CSRF-Token/);
    expectProblem(
      await request(t.app)
        .post('/v1/links')
        .set({ ...a.read, 'X-CSRF-Token': b.csrf })
        .send(body),
      403,
    );
    expectProblem(
      await request(t.app)
        .post('/v1/links')
        .set({ ...a.read, 'X-CSRF-Token': '' })
        .send(body),
      403,
    );
    await request(t.app).post('/v1/links').set(a.write).send(body).expect(201);
    const metrics = await request(t.app).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/shortline_auth_failures_total\{reason="csrf"\} [1-9]/);
  });

  it('GET /v1/session answers the same session, with the same CSRF token', async () => {
    const me = await signIn(t, (await createPerson(t, acme, 'admin')).email);
    const res = await request(t.app).get('/v1/session').set(me.read).expect(200);
    expect(res.body.csrfToken).toBe(me.csrf);
    expect(res.body.role).toBe('admin');
  });

  it('GET /v1/session with an API key is a 403, without a credential a 401', async () => {
    expectProblem(await request(t.app).get('/v1/session').set(acme.auth), 403);
    expectProblem(await request(t.app).get('/v1/session'), 401);
    expectProblem(await request(t.app).get('/v1/session').set('Cookie', 'shortline_session=ss_forged'), 401);
  });

  it('gives a new token at each sign-in, so a token planted before sign-in is worth nothing (no fixation)', async () => {
    const user = await createPerson(t, acme, 'member');
    const planted = 'shortline_session=ss_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const res = await request(t.app).post('/v1/session').set('Cookie', planted).send({ email: user.email, password: PASSWORD }).expect(200);
    const fresh = sessionCookieOf(res)!;
    expect(fresh).not.toBe(planted);
    expectProblem(await request(t.app).get('/v1/workspace').set('Cookie', planted), 401);
    await request(t.app).get('/v1/workspace').set('Cookie', fresh).expect(200);
  });
});

describe('signing out', () => {
  it('DELETE /v1/session ends this session only, and clears the cookie', async () => {
    const user = await createPerson(t, acme, 'member');
    const one = await signIn(t, user.email);
    const two = await signIn(t, user.email);
    const res = await request(t.app).delete('/v1/session').set(one.write).expect(204);
    expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^shortline_session=; Max-Age=0/);
    expectProblem(await request(t.app).get('/v1/workspace').set(one.read), 401);
    await request(t.app).get('/v1/workspace').set(two.read).expect(200);
  });

  it('DELETE /v1/sessions ends every session of the person', async () => {
    const user = await createPerson(t, acme, 'member');
    const one = await signIn(t, user.email);
    const two = await signIn(t, user.email);
    await request(t.app).delete('/v1/sessions').set(one.write).expect(204);
    expectProblem(await request(t.app).get('/v1/workspace').set(one.read), 401);
    expectProblem(await request(t.app).get('/v1/workspace').set(two.read), 401);
  });

  it('a session ends at its expiry, even while cached', async () => {
    // A cache that would keep the principal for an hour: only its end can refuse it.
    const short = await createTestApp({ SESSION_LIFETIME_S: '300', API_KEY_CACHE_TTL_S: '3600' });
    try {
      const ws = await createWorkspace(short.app);
      const user = await short.shortline.apis
        .get('identity')
        .createUser({ email: 'brief@example.com', name: 'B', password: PASSWORD, workspaceId: ws.id });
      const me = await signIn(short, user.email);
      await request(short.app).get('/v1/workspace').set(me.read).expect(200);
      await short.shortline.db.platform.raw(`update identity.sessions set expires_at = now() - interval '1 second'`);
      // The cached principal carries its end: no cache entry outlives the session.
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'], now: Date.now() + 301_000 });
      try {
        expectProblem(await request(short.app).get('/v1/workspace').set(me.read), 401);
      } finally {
        jest.useRealTimers();
      }
    } finally {
      await short.close();
    }
  });
});

describe('workspaces and passwords', () => {
  it('switches to another workspace of the person, and refuses one they do not belong to with a 404', async () => {
    const user = await createPerson(t, acme, 'owner');
    await t.shortline.db.platform('identity.memberships').insert({ workspace_id: globex.id, user_id: user.id, role: 'viewer' });
    const me = await signIn(t, user.email);
    const res = await request(t.app).post('/v1/session/workspace').set(me.write).send({ workspaceId: globex.id }).expect(200);
    expect(res.body).toMatchObject({ workspace: { id: globex.id }, role: 'viewer' });
    expect((await request(t.app).get('/v1/workspace').set(me.read).expect(200)).body.id).toBe(globex.id);
    expectProblem(await request(t.app).post('/v1/links').set(me.write).send({ url: 'https://example.com' }), 403);

    const stranger = await createWorkspace(t.app, 'Initech');
    expectProblem(await request(t.app).post('/v1/session/workspace').set(me.write).send({ workspaceId: stranger.id }), 404);
    expectProblem(await request(t.app).post('/v1/session/workspace').set(me.write).send({ workspaceId: 'nope' }), 400);
  });

  it('changing the password needs the current one and ends the other sessions', async () => {
    const user = await createPerson(t, acme, 'member');
    const here = await signIn(t, user.email);
    const there = await signIn(t, user.email);
    const wrong = await request(t.app)
      .put('/v1/account/password')
      .set(here.write)
      .send({ currentPassword: 'nope', newPassword: 'a brand new password' });
    expectProblem(wrong, 400);
    expect(wrong.body.errors).toEqual([{ field: 'body.currentPassword', message: 'is wrong' }]);
    const short = await request(t.app).put('/v1/account/password').set(here.write).send({ currentPassword: PASSWORD, newPassword: 'short' });
    expectProblem(short, 400);
    expect(short.body.errors[0]).toEqual({ field: 'body.newPassword', message: 'must be at least 12 characters' });
    await request(t.app)
      .put('/v1/account/password')
      .set(here.write)
      .send({ currentPassword: PASSWORD, newPassword: 'a brand new password' })
      .expect(204);
    await request(t.app).get('/v1/workspace').set(here.read).expect(200);
    expectProblem(await request(t.app).get('/v1/workspace').set(there.read), 401);
    expectProblem(await request(t.app).post('/v1/session').send({ email: user.email, password: PASSWORD }), 401);
    await signIn(t, user.email, 'a brand new password');
  });

  it('stores passwords as argon2id hashes, never as given', async () => {
    const user = await createPerson(t, acme, 'viewer');
    const { rows } = await t.shortline.db.platform.raw('select password_hash from identity.users where id = ?', [user.id]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rows[0].password_hash).not.toContain(PASSWORD);
  });
});
