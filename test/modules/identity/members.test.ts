import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { createPerson, signIn, signedInAs } from '../../support/people';

let t: TestApp;
let acme: TestWorkspace;
let globex: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
});
afterAll(() => t.close());

describe('members and roles', () => {
  it('lists the workspace’s people with their roles, to anyone who may read members', async () => {
    const owner = await createPerson(t, acme, 'owner');
    const viewer = await signedInAs(t, acme, 'viewer');
    const res = await request(t.app).get('/v1/members').set(viewer.read).expect(200);
    expect(res.body.data).toEqual(
      expect.arrayContaining([
        { user: { id: owner.id, email: owner.email, name: owner.name }, role: 'owner', joinedAt: expect.any(String) },
        expect.objectContaining({ role: 'viewer', user: expect.objectContaining({ id: viewer.userId }) }),
      ]),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);
  });

  it('maps each role onto scopes: a viewer reads, a member writes links, an admin runs the workspace', async () => {
    const viewer = await signedInAs(t, acme, 'viewer');
    const member = await signedInAs(t, acme, 'member');
    const admin = await signedInAs(t, acme, 'admin');
    const link = { url: 'https://example.com/roles' };
    expectProblem(await request(t.app).post('/v1/links').set(viewer.write).send(link), 403);
    await request(t.app).post('/v1/links').set(member.write).send(link).expect(201);
    expectProblem(
      await request(t.app)
        .post('/v1/api-keys')
        .set(member.write)
        .send({ name: 'k', scopes: ['links:read'] }),
      403,
    );
    const key = await request(t.app)
      .post('/v1/api-keys')
      .set(admin.write)
      .send({ name: 'made by admin', scopes: ['links:read'] })
      .expect(201);
    expect(key.body.createdBy).toEqual({ id: admin.userId, email: admin.email });
    expectProblem(await request(t.app).get('/v1/invitations').set(member.read), 403);
    await request(t.app).get('/v1/invitations').set(admin.read).expect(200);
  });

  it('a role change takes effect at once, in the person’s open sessions', async () => {
    const admin = await signedInAs(t, acme, 'admin');
    const person = await signedInAs(t, acme, 'viewer');
    await request(t.app).get('/v1/links').set(person.read).expect(200); // cached now
    const res = await request(t.app).patch(`/v1/members/${person.userId}`).set(admin.write).send({ role: 'member' }).expect(200);
    expect(res.body.role).toBe('member');
    await request(t.app).post('/v1/links').set(person.write).send({ url: 'https://example.com/promoted' }).expect(201);
  });

  it('removing a member ends their sessions in the workspace at once; their account stays', async () => {
    const admin = await signedInAs(t, acme, 'admin');
    const person = await signedInAs(t, acme, 'member');
    await request(t.app).get('/v1/links').set(person.read).expect(200);
    await request(t.app).delete(`/v1/members/${person.userId}`).set(admin.write).expect(204);
    expectProblem(await request(t.app).get('/v1/links').set(person.read), 401);
    expectProblem(await request(t.app).post('/v1/session').send({ email: person.email, password: 'correct horse battery' }), 403);
  });

  it('only an owner makes, demotes or removes an owner, and the last owner stays', async () => {
    const ws = await createWorkspace(t.app, 'Owned');
    const ownerUser = await createPerson(t, ws, 'owner');
    const owner = await signIn(t, ownerUser.email);
    const admin = await signedInAs(t, ws, 'admin');
    const other = await createPerson(t, ws, 'member');
    expectProblem(await request(t.app).patch(`/v1/members/${other.id}`).set(admin.write).send({ role: 'owner' }), 403);
    expectProblem(await request(t.app).patch(`/v1/members/${ownerUser.id}`).set(admin.write).send({ role: 'viewer' }), 403);
    expectProblem(await request(t.app).delete(`/v1/members/${ownerUser.id}`).set(admin.write), 403);
    expectProblem(await request(t.app).post('/v1/invitations').set(admin.write).send({ role: 'owner' }), 403);
    // An API key holds members:write but is no owner.
    expectProblem(await request(t.app).patch(`/v1/members/${other.id}`).set(ws.auth).send({ role: 'owner' }), 403);

    const last = await request(t.app).patch(`/v1/members/${ownerUser.id}`).set(owner.write).send({ role: 'admin' });
    expectProblem(last, 409);
    expect(last.body.detail).toMatch(/needs an owner/);
    expectProblem(await request(t.app).delete(`/v1/members/${ownerUser.id}`).set(owner.write), 409);

    await request(t.app).patch(`/v1/members/${other.id}`).set(owner.write).send({ role: 'owner' }).expect(200);
    await request(t.app).patch(`/v1/members/${ownerUser.id}`).set(owner.write).send({ role: 'admin' }).expect(200);
  });

  it('never shows or touches another workspace’s members (404, as for an unknown id)', async () => {
    const admin = await signedInAs(t, acme, 'admin');
    const theirs = await createPerson(t, globex, 'member');
    const listed = await request(t.app).get('/v1/members').set(admin.read).expect(200);
    expect(listed.body.data.map((m: { user: { id: string } }) => m.user.id)).not.toContain(theirs.id);
    expectProblem(await request(t.app).patch(`/v1/members/${theirs.id}`).set(admin.write).send({ role: 'viewer' }), 404);
    expectProblem(await request(t.app).delete(`/v1/members/${theirs.id}`).set(admin.write), 404);
    expectProblem(await request(t.app).delete('/v1/members/not-a-uuid').set(admin.write), 404);
    const stillMember = await t.shortline.db.platform('identity.memberships').where({ user_id: theirs.id, workspace_id: globex.id }).first();
    expect(stillMember.role).toBe('member');
  });

  it.each([
    ['a wrong role', { role: 'superuser' }],
    ['a wrong type', { role: 3 }],
    ['an unknown field', { role: 'viewer', extra: 1 }],
  ])('answers %s with a 400 problem', async (_name, body) => {
    const admin = await signedInAs(t, acme, 'admin');
    const person = await createPerson(t, acme, 'viewer');
    expectProblem(await request(t.app).patch(`/v1/members/${person.id}`).set(admin.write).send(body), 400);
  });
});
