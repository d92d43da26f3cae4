import type { Cache, CacheRegistry } from '../../../shared/cache';
import { Conflict, Forbidden, Invalid, NotFound, TooManyAttempts, Unauthenticated } from '../../../shared/errors';
import { createEvent, type EventPublisher } from '../../../shared/events';
import { csrfTokenOf } from '../../../shared/http/session-cookie';
import { enqueue } from '../../../shared/jobs';
import type { AccountRepository } from '../data/account-repository';
import { memberAdded } from '../events';
import type { sendMailTask } from '../jobs/send-mail.job';
import { ROLE_SCOPES, type Role } from '../roles';
import { generateToken, hashToken, isToken } from '../tokens';
import type { Principal, SessionView, User } from '../types';
import { hashPassword, verifyDecoy, verifyPassword } from './password';
import { throttleKeys, type SignInThrottle } from './sign-in-throttle';

export const SESSION_CACHE = 'identity:sessions';
const RESET_LIFETIME_S = 3600;

export interface AccountOptions {
  sessionLifetimeSeconds: number;
  publicBaseUrl: string;
  /** The mail task when SMTP_URL is set: password resets need it. */
  mail: ReturnType<typeof sendMailTask> | undefined;
}

/** A new session: its token goes into the cookie, never into a body. */
export interface StartedSession {
  token: string;
  view: SessionView;
}

/** People: accounts, sign-in, sessions and passwords. */
export class AccountService {
  constructor(
    private readonly repo: AccountRepository,
    private readonly caches: CacheRegistry,
    /** Principals by session-token hash, as the API key cache holds them by key hash. */
    private readonly sessionCache: Cache<Principal>,
    private readonly throttle: SignInThrottle,
    private readonly events: EventPublisher,
    private readonly options: AccountOptions,
  ) {}

  /** An account; with `workspaceId`, a member of it with `role`. A Conflict if the email has an account. */
  async createUser(input: { email: string; name: string; password: string; workspaceId?: string; role?: Role }): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    return this.repo.transaction(async (repo) => {
      const user = await repo.insertUser({ email: input.email, name: input.name, passwordHash });
      if (!user) throw new Conflict(`An account with the email ${input.email} exists already`);
      const role = input.role ?? 'owner';
      if (input.workspaceId !== undefined && (await repo.addMembership(input.workspaceId, user.id, role))) {
        const data = { member: { userId: user.id, email: user.email }, role, via: 'account' as const };
        await this.events.publish(repo.db, createEvent(memberAdded, input.workspaceId, data));
      }
      return user;
    });
  }

  /**
   * Checks the password and starts a session in the person's first
   * workspace. Wrong passwords are counted per account and per address and
   * slow both down (sign-in-throttle.ts); an unknown email costs as long as
   * a wrong password and gets the same answer.
   */
  async signIn(email: string, password: string, address: string | undefined): Promise<StartedSession> {
    const keys = throttleKeys(email, address);
    const wait = await this.throttle.lockedFor(keys);
    if (wait > 0) throw new TooManyAttempts(`Too many failed sign-ins; try again in ${wait} seconds`, wait);
    const user = await this.repo.findUserByEmail(email);
    const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyDecoy(password);
    if (!user || !valid) {
      await this.throttle.failed(keys);
      throw new Unauthenticated('The email or password is wrong');
    }
    await this.throttle.succeeded(keys[0]);
    const memberships = await this.repo.membershipsOf(user.id);
    if (memberships.length === 0) throw new Forbidden('This account belongs to no workspace; ask an owner for an invitation');
    return this.startSession(this.repo, user.id, memberships[0].workspace.id);
  }

  /** A session for a user in a workspace they belong to (sign-in, an accepted invitation). */
  async startSession(repo: AccountRepository, userId: string, workspaceId: string): Promise<StartedSession> {
    const token = generateToken('session');
    const expiresAt = new Date(Date.now() + this.options.sessionLifetimeSeconds * 1000);
    await repo.insertSession({ hash: token.hash, userId, workspaceId, expiresAt });
    return { token: token.token, view: await this.view(repo, token.token) };
  }

  /** What GET /v1/session answers; Unauthenticated for a session that ended. */
  async session(token: string): Promise<SessionView> {
    return this.view(this.repo, token);
  }

  private async view(repo: AccountRepository, token: string): Promise<SessionView> {
    const session = isToken('session', token) ? await repo.findSession(hashToken(token)) : undefined;
    const user = session && (await repo.findUser(session.userId));
    if (!session || !user) throw new Unauthenticated('Not signed in, or the session has ended');
    const memberships = await repo.membershipsOf(user.id);
    const current = memberships.find((m) => m.workspace.id === session.workspaceId);
    if (!current) throw new Unauthenticated('The session ended: its account left the workspace');
    return {
      user: { id: user.id, email: user.email, name: user.name },
      workspace: current.workspace,
      role: current.role,
      scopes: [...ROLE_SCOPES[current.role]],
      memberships,
      csrfToken: csrfTokenOf(token),
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  /** Moves the session to another of the person's workspaces. */
  async switchWorkspace(token: string, workspaceId: string): Promise<SessionView> {
    const hash = hashToken(token);
    return this.repo.transaction(async (repo) => {
      const session = await repo.findSession(hash);
      if (!session) throw new Unauthenticated('Not signed in, or the session has ended');
      // Another workspace is named by id only to its members: anyone else gets the 404 of an unknown id.
      if ((await repo.roleOf(workspaceId, session.userId)) === undefined) throw new NotFound(`Workspace ${workspaceId} does not exist`);
      await repo.setSessionWorkspace(hash, workspaceId);
      await this.caches.invalidate(repo.db, SESSION_CACHE, [hash]);
      return this.view(repo, token);
    });
  }

  async signOut(token: string): Promise<void> {
    if (!isToken('session', token)) return;
    await this.endSessions({ hash: hashToken(token) });
  }

  /** Ends every session of the person, this one included. */
  async signOutEverywhere(principal: Principal): Promise<void> {
    await this.endSessions({ userId: userIdOf(principal) });
  }

  /** A new password ends every other session of the person: whoever knew the old one is out. */
  async changePassword(principal: Principal, token: string, current: string, next: string): Promise<void> {
    const userId = userIdOf(principal);
    const user = await this.repo.findUser(userId);
    if (!user || !(await verifyPassword(current, user.passwordHash))) {
      throw new Invalid('The current password is wrong', [{ field: 'body.currentPassword', message: 'is wrong' }]);
    }
    const hash = await hashPassword(next);
    await this.repo.transaction(async (repo) => {
      await repo.setPassword(userId, hash);
      await this.evict(repo, await repo.deleteSessions({ userId, keep: hashToken(token) }));
    });
  }

  /** For the CLI: sets a password without the old one, ending the person's sessions. */
  async setPassword(email: string, password: string): Promise<User> {
    const user = await this.repo.findUserByEmail(email);
    if (!user) throw new NotFound(`No account has the email ${email}`);
    const hash = await hashPassword(password);
    await this.repo.transaction(async (repo) => {
      await repo.setPassword(user.id, hash);
      await this.evict(repo, await repo.deleteSessions({ userId: user.id }));
    });
    return { id: user.id, email: user.email, name: user.name };
  }

  /**
   * Mails a reset link if the email has an account. The answer is the same
   * either way, so the form does not reveal who has an account.
   */
  async requestPasswordReset(email: string): Promise<void> {
    const mail = this.options.mail;
    if (!mail) throw new NotFound('Password reset by mail is off: SMTP_URL is not set. An operator can run npm run cli -- user:password');
    const user = await this.repo.findUserByEmail(email);
    if (!user) return;
    const token = generateToken('passwordReset');
    await this.repo.transaction(async (repo) => {
      await repo.insertPasswordReset({ hash: token.hash, userId: user.id, expiresAt: new Date(Date.now() + RESET_LIFETIME_S * 1000) });
      const url = `${this.options.publicBaseUrl}/app/reset#${token.token}`;
      await enqueue(repo.db, mail, {
        to: user.email,
        subject: 'Reset your Shortline password',
        text: `Someone asked to reset the password of ${user.email} on Shortline.\n\nTo choose a new one, open this link within an hour:\n\n${url}\n\nIf it was not you, ignore this mail; your password stays as it is.\n`,
      });
    });
  }

  async completePasswordReset(token: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    await this.repo.transaction(async (repo) => {
      const userId = isToken('passwordReset', token) ? await repo.takePasswordReset(hashToken(token)) : undefined;
      if (!userId) throw new Invalid('The reset link is not valid, was used, or has expired', [{ field: 'body.token', message: 'is not valid' }]);
      await repo.setPassword(userId, hash);
      await this.evict(repo, await repo.deleteSessions({ userId }));
    });
  }

  /** Ends the matching sessions; their principals leave every process's cache when this commits. */
  async endSessions(where: Parameters<AccountRepository['deleteSessions']>[0]): Promise<void> {
    await this.repo.transaction(async (repo) => this.evict(repo, await repo.deleteSessions(where)));
  }

  async evict(repo: AccountRepository, hashes: string[]): Promise<void> {
    if (hashes.length > 0) await this.caches.invalidate(repo.db, SESSION_CACHE, hashes);
  }

  /** The caller behind a session token, cached like API keys; one past its end is refused at once. */
  cachedPrincipal(token: string): Principal | null | undefined {
    const principal = this.sessionCache.peek(hashToken(token));
    return principal && principal.expiresAt !== null && principal.expiresAt <= Date.now() ? null : principal;
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    const hash = hashToken(token);
    const principal = await this.sessionCache.getOrLoad(hash, () => this.repo.findSessionPrincipal(hash));
    // Sessions are never extended: past its end a cached one is invalid.
    return principal?.expiresAt != null && principal.expiresAt <= Date.now() ? undefined : principal;
  }

  lookupUncached(token: string): Promise<Principal | undefined> {
    return this.repo.findSessionPrincipal(hashToken(token));
  }

  pruneExpired(): Promise<number> {
    return Promise.all([this.repo.deleteExpired(), this.throttle.prune()]).then(([a, b]) => a + b);
  }
}

/** The person behind a session; an API key has none, and these are a person's own acts. */
export function userIdOf(principal: Principal): string {
  if (principal.actor.kind !== 'user') throw new Forbidden('This is for a signed-in person, not an API key');
  return principal.actor.id;
}
