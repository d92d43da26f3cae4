import request from 'supertest';
import type { Role } from '../../src/modules/identity';
import type { TestApp, TestWorkspace } from './app';

export const PASSWORD = 'correct horse battery';

/** A signed-in browser, as the API sees it: the session cookie, and the CSRF token its writes must send. */
export interface SignedIn {
  userId: string;
  email: string;
  cookie: string;
  csrf: string;
  /** Headers for a read. */
  read: { Cookie: string };
  /** Headers for a write (cookie + X-CSRF-Token). */
  write: { Cookie: string; 'X-CSRF-Token': string };
}

let people = 0;

/** A new account, member of the workspace with the role. */
export async function createPerson(t: TestApp, workspace: TestWorkspace, role: Role, email = `person${++people}@example.com`) {
  return t.shortline.apis.get('identity').createUser({ email, name: `Person ${people}`, password: PASSWORD, workspaceId: workspace.id, role });
}

export async function signIn(t: TestApp, email: string, password = PASSWORD): Promise<SignedIn> {
  const res = await request(t.app).post('/v1/session').send({ email, password }).expect(200);
  return signedIn(res);
}

/** The session a 200 with a Set-Cookie started (sign-in, accepted invitation). */
export function signedIn(res: request.Response): SignedIn {
  const cookie = sessionCookieOf(res);
  if (!cookie) throw new Error(`no session cookie in ${res.status} ${JSON.stringify(res.body)}`);
  return {
    userId: res.body.user.id,
    email: res.body.user.email,
    cookie,
    csrf: res.body.csrfToken,
    read: { Cookie: cookie },
    write: { Cookie: cookie, 'X-CSRF-Token': res.body.csrfToken },
  };
}

export function sessionCookieOf(res: request.Response): string | undefined {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  return header?.find((c) => c.startsWith('shortline_session='))?.split(';')[0];
}

/** A person of the role, signed in. */
export async function signedInAs(t: TestApp, workspace: TestWorkspace, role: Role): Promise<SignedIn> {
  const user = await createPerson(t, workspace, role);
  return signIn(t, user.email);
}
