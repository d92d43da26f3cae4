import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { createPerson, PASSWORD, signedIn, signedInAs } from '../../support/people';
import { startSmtpReceiver } from '../../support/smtp-receiver';

let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let t: TestApp;
let acme: TestWorkspace;
beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await createTestApp({ SMTP_URL: smtp.url, SMTP_FROM: 'Shortline <noreply@sho.rt>', WORKER: 'inline', PUBLIC_BASE_URL: 'https://sho.rt' });
  acme = await createWorkspace(t.app, 'Acme');
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

const tokenOf = (url: string) => url.slice(url.indexOf('#') + 1);

describe('invitations', () => {
  it('an admin invites; the link (shown once) lets a new person join with the role and signs them in', async () => {
    const admin = await signedInAs(t, acme, 'admin');
    const created = await request(t.app).post('/v1/invitations').set(admin.write).send({ role: 'viewer' }).expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body).toEqual({
      id: expect.any(String),
      email: null,
      role: 'viewer',
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      url: expect.stringMatching(/^https:\/\/sho\.rt\/app\/invite#si_[A-Za-z0-9_-]{32}$/),
    });
    const token = tokenOf(created.body.url);
    const listed = await request(t.app).get('/v1/invitations').set(admin.read).expect(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ id: created.body.id })]);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const preview = await request(t.app).post('/v1/invitations/preview').send({ token }).expect(200);
    expect(preview.body).toEqual({ workspace: { name: 'Acme' }, role: 'viewer', email: null, expiresAt: created.body.expiresAt });

    const accepted = await request(t.app)
      .post('/v1/invitations/accept')
      .send({ token, name: 'Grace Hopper', email: 'grace@example.com', password: 'a long enough password' })
      .expect(200);
    expect(accepted.body).toMatchObject({ user: { email: 'grace@example.com', name: 'Grace Hopper' }, workspace: { id: acme.id }, role: 'viewer' });
    const grace = signedIn(accepted);
    await request(t.app).get('/v1/links').set(grace.read).expect(200);
    expectProblem(await request(t.app).post('/v1/links').set(grace.write).send({ url: 'https://example.com' }), 403);

    // Used once: the link is spent, and no longer listed.
    expectProblem(await request(t.app).post('/v1/invitations/preview').send({ token }), 404);
    expectProblem(
      await request(t.app)
        .post('/v1/invitations/accept')
        .send({ token, name: 'Again', email: 'again@example.com', password: 'a long enough password' }),
      404,
    );
    expect((await request(t.app).get('/v1/invitations').set(admin.read).expect(200)).body.data).toEqual([]);
  });

  it('an existing account joins with its own password, and keeps its other workspaces', async () => {
    const other = await createWorkspace(t.app, 'Other');
    const person = await createPerson(t, other, 'owner');
    const created = await request(t.app).post('/v1/invitations').set(acme.auth).send({ role: 'member' }).expect(201);
    const token = tokenOf(created.body.url);
    const wrong = await request(t.app).post('/v1/invitations/accept').send({ token, name: 'X', email: person.email, password: 'not their password' });
    expectProblem(wrong, 400);
    expect(wrong.body.errors).toEqual([{ field: 'body.password', message: 'is wrong' }]);
    const ok = await request(t.app).post('/v1/invitations/accept').send({ token, name: 'X', email: person.email, password: PASSWORD }).expect(200);
    expect(ok.body.memberships).toHaveLength(2);
    expect(ok.body.workspace.id).toBe(acme.id);
  });

  it('mails an invitation that names an email, and only that address can accept it', async () => {
    const before = smtp.mails.length;
    const created = await request(t.app).post('/v1/invitations').set(acme.auth).send({ role: 'admin', email: 'ada@example.com' }).expect(201);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail.to).toBe('ada@example.com');
    expect(mail.subject).toBe('You are invited to Acme on Shortline');
    expect(mail.text).toContain(created.body.url);
    const token = tokenOf(created.body.url);
    const someoneElse = await request(t.app)
      .post('/v1/invitations/accept')
      .send({ token, name: 'Eve', email: 'eve@example.com', password: 'a long enough password' });
    expectProblem(someoneElse, 400);
    await request(t.app)
      .post('/v1/invitations/accept')
      .send({ token, name: 'Ada', email: 'ADA@example.com', password: 'a long enough password' })
      .expect(200);
  });

  it('a revoked or expired invitation no longer works', async () => {
    const revoked = await request(t.app).post('/v1/invitations').set(acme.auth).send({ role: 'viewer' }).expect(201);
    await request(t.app).delete(`/v1/invitations/${revoked.body.id}`).set(acme.auth).expect(204);
    expectProblem(
      await request(t.app)
        .post('/v1/invitations/preview')
        .send({ token: tokenOf(revoked.body.url) }),
      404,
    );
    expectProblem(await request(t.app).delete(`/v1/invitations/${revoked.body.id}`).set(acme.auth), 404);

    const expired = await request(t.app).post('/v1/invitations').set(acme.auth).send({ role: 'viewer' }).expect(201);
    await t.shortline.db
      .platform('identity.invitations')
      .where({ id: expired.body.id })
      .update({ expires_at: new Date(Date.now() - 1000) });
    expectProblem(
      await request(t.app)
        .post('/v1/invitations/preview')
        .send({ token: tokenOf(expired.body.url) }),
      404,
    );
  });

  it('stores only the hash of an invitation token', async () => {
    const created = await request(t.app).post('/v1/invitations').set(acme.auth).send({ role: 'viewer' }).expect(201);
    const row = await t.shortline.db.platform('identity.invitations').where({ id: created.body.id }).first();
    expect(JSON.stringify(row)).not.toContain(tokenOf(created.body.url));
  });

  it('another workspace cannot see or revoke the invitation', async () => {
    const globex = await createWorkspace(t.app, 'Globex');
    const created = await request(t.app).post('/v1/invitations').set(acme.auth).send({ role: 'viewer' }).expect(201);
    expect((await request(t.app).get('/v1/invitations').set(globex.auth).expect(200)).body.data).toEqual([]);
    expectProblem(await request(t.app).delete(`/v1/invitations/${created.body.id}`).set(globex.auth), 404);
    await request(t.app)
      .post('/v1/invitations/preview')
      .send({ token: tokenOf(created.body.url) })
      .expect(200);
  });

  it.each([
    ['a forged token', { token: 'si_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 404],
    ['a token of the wrong kind', { token: 'sl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 404],
    ['a wrong type', { token: 42 }, 400],
    ['a control character', { token: 'si_\u0000' }, 400],
    ['an oversize token', { token: 'x'.repeat(1000) }, 400],
  ])('preview answers %s with a problem', async (_name, body, status) => {
    expectProblem(await request(t.app).post('/v1/invitations/preview').send(body), status);
  });

  it('refuses an invalid role or email when inviting', async () => {
    expectProblem(await request(t.app).post('/v1/invitations').set(acme.auth).send({ role: 'god' }), 400);
    expectProblem(await request(t.app).post('/v1/invitations').set(acme.auth).send({ role: 'viewer', email: 'not an email' }), 400);
  });
});

describe('password resets by mail', () => {
  it('mails a one-hour link; the token sets a new password once and ends every session', async () => {
    const person = await createPerson(t, acme, 'member', 'forgetful@example.com');
    const before = smtp.mails.length;
    await request(t.app).post('/v1/password-resets').send({ email: person.email }).expect(202);
    await request(t.app).post('/v1/password-resets').send({ email: 'nobody@example.com' }).expect(202);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail.to).toBe(person.email);
    const url = /https:\/\/sho\.rt\/app\/reset#(sr_[A-Za-z0-9_-]{32})/.exec(mail.text)!;
    const token = url[1];
    await request(t.app).post('/v1/password-resets/complete').send({ token, newPassword: 'the new password!' }).expect(204);
    expectProblem(await request(t.app).post('/v1/password-resets/complete').send({ token, newPassword: 'another new password' }), 400);
    await request(t.app).post('/v1/session').send({ email: person.email, password: 'the new password!' }).expect(200);
    // Only one mail: the unknown address got the same 202 and nothing was sent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mails.length).toBe(before + 1);
  });

  it('is off without SMTP_URL (404 naming the CLI)', async () => {
    const plain = await createTestApp();
    try {
      const res = await request(plain.app).post('/v1/password-resets').send({ email: 'a@example.com' });
      expectProblem(res, 404);
      expect(res.body.detail).toMatch(/user:password/);
    } finally {
      await plain.close();
    }
  });
});
