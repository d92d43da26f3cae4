import { PassThrough } from 'node:stream';
import request from 'supertest';
import { createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../support/app';
import { PASSWORD, createPerson, signIn } from '../support/people';

/**
 * Passwords, session tokens and invitation tokens never leave in a log line
 * or a response body (beyond the one answer that hands an invitation link
 * out), whatever the outcome: success, a wrong password, a bad request.
 */
let t: TestApp;
let acme: TestWorkspace;
let logs = '';
beforeAll(async () => {
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  t = await createTestApp({ ACCESS_LOG: 'on' }, { logOutput: output });
  acme = await createWorkspace(t.app, 'Acme');
});
afterAll(() => t.close());

it('never logs or answers a password, a session token or an invitation token', async () => {
  const bodies: string[] = [];
  const keep = (res: request.Response) => (bodies.push(JSON.stringify(res.body) + JSON.stringify(res.headers)), res);
  const person = await createPerson(t, acme, 'admin', 'secretive@example.com');
  const me = await signIn(t, person.email);
  const token = me.cookie.split('=')[1];

  keep(await request(t.app).post('/v1/session').send({ email: person.email, password: 'wrong-password-0123' }));
  keep(await request(t.app).post('/v1/session').set('Content-Type', 'application/json').send(`{"email":"${person.email}","password":"${PASSWORD}"`));
  keep(await request(t.app).put('/v1/account/password').set(me.write).send({ currentPassword: PASSWORD, newPassword: 'short' }));
  keep(await request(t.app).put('/v1/account/password').set(me.write).send({ currentPassword: PASSWORD, newPassword: 'the next long password' }));
  const invite = await request(t.app).post('/v1/invitations').set(me.write).send({ role: 'viewer' }).expect(201);
  const inviteToken = invite.body.url.split('#')[1] as string;
  keep(await request(t.app).post('/v1/invitations/preview').send({ token: inviteToken }));
  keep(
    await request(t.app)
      .post('/v1/invitations/accept')
      .send({ token: inviteToken, name: 'N', email: 'n@example.com', password: 'yet another password' }),
  );
  keep(await request(t.app).get('/v1/invitations').set(me.read));
  keep(await request(t.app).get('/v1/session').set(me.read));
  await new Promise((resolve) => setTimeout(resolve, 300)); // the log batches flush

  expect(logs).toContain('/v1/session'); // the access log is on: the check below looks at real lines
  for (const secret of [PASSWORD, 'wrong-password-0123', 'the next long password', 'yet another password', token, inviteToken]) {
    expect(logs).not.toContain(secret);
    for (const body of bodies) expect(body).not.toContain(secret);
  }
});
