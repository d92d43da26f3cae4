import type { Request, Response, Router } from 'express';
import type { CallerAuth } from '../../../shared/http/auth';
import { bearerToken } from '../../../shared/http/bearer';
import { operation } from '../../../shared/http/operation';
import { route } from '../../../shared/http/route';
import type { RateLimit } from '../../../shared/ratelimit';
import { clearedSessionCookie, sessionCookie, sessionCookieToken } from '../../../shared/http/session-cookie';
import type { AccountService, StartedSession } from '../accounts/account-service';
import type { SessionOrigin } from '../accounts/session-origin';
import type { Principal } from '../types';
import { changePasswordBody, completePasswordResetBody, passwordResetBody, sessionSchema, signInBody, switchWorkspaceBody } from './account-schemas';

export interface SessionRouteOptions {
  sessionLifetimeSeconds: number;
  /** Refuses to start a session on a workspace's custom domain. */
  origin: SessionOrigin;
  /** PUBLIC_BASE_URL: the cookie is Secure when it is https, or the request came over https. */
  publicBaseUrl: string;
  /** RATE_LIMIT_SIGN_IN: attempts per client address, counted before the password is hashed. */
  signInLimit: RateLimit | undefined;
  /** RATE_LIMIT_PASSWORD_RESETS: requests per client address, each of which may send a mail. */
  passwordResetLimit: RateLimit | undefined;
}

export const SET_COOKIE = { 'Set-Cookie': 'The session cookie (HttpOnly, SameSite=Lax, host-only; Secure over https)', 'Cache-Control': 'no-store' };

const isSecure = (req: Request, options: SessionRouteOptions) => req.secure || options.publicBaseUrl.startsWith('https:');

/** Answers a new session: its token only in the cookie, never in a body; the view in the body. */
export function answerStarted(req: Request, res: Response, session: StartedSession, options: SessionRouteOptions): void {
  res
    .set('Set-Cookie', sessionCookie(session.token, options.sessionLifetimeSeconds, isSecure(req, options)))
    .set('Cache-Control', 'no-store')
    .json(session.view);
}

/** HTTP for signing in and out, the session, and passwords, on the identity router. */
export function sessionRoutes(router: Router, accounts: AccountService, auth: CallerAuth<Principal>, options: SessionRouteOptions): void {
  const tag = 'sessions';
  const signedIn = auth.requirePerson();
  const secure = (req: Request) => isSecure(req, options);
  const credential = (req: Request) => bearerToken(req.headers.authorization) ?? sessionCookieToken(req) ?? '';
  const started = (req: Request, res: Response, session: StartedSession) => answerStarted(req, res, session, options);

  route(router, '/v1/session', {
    post: operation(
      {
        tag,
        summary: 'Sign in',
        description:
          'Checks the email and password and starts a session in the first of the person’s workspaces, as an HttpOnly cookie. Failed attempts are counted per account and per address: after a few, each further one locks them out for twice as long as the last (429 with Retry-After).',
        body: signInBody,
        rateLimit: { limit: options.signInLimit, what: 'sign-in attempts from this address' },
        responses: { 200: { description: 'Signed in', schema: sessionSchema, headers: SET_COOKIE } },
        problems: {
          401: 'The email or password is wrong',
          403: "The account belongs to no workspace, or the host is a workspace's custom domain",
          429: 'Too many failed sign-ins for this account or address, or too many sign-in attempts from this address (RATE_LIMIT_SIGN_IN)',
        },
      },
      async ({ body }, req, res) => {
        await options.origin.require(req.host);
        started(req, res, await accounts.signIn(body.email, body.password, req.ip));
      },
    ),
    get: operation(
      {
        tag,
        summary: 'Get the session',
        description:
          'Who is signed in, in which workspace, with which role, and the CSRF token that writes made with the cookie must send as X-CSRF-Token.',
        guard: signedIn,
        responses: { 200: { description: 'The session', schema: sessionSchema, headers: { 'Cache-Control': 'no-store' } } },
      },
      async (_input, req, res) => void res.set('Cache-Control', 'no-store').json(await accounts.session(credential(req))),
    ),
    delete: operation(
      {
        tag,
        summary: 'Sign out',
        description: 'Ends this session and clears its cookie.',
        guard: signedIn,
        responses: { 204: { description: 'Signed out', headers: { 'Set-Cookie': 'The cleared session cookie' } } },
      },
      async (_input, req, res) => {
        await accounts.signOut(credential(req));
        res
          .set('Set-Cookie', clearedSessionCookie(secure(req)))
          .status(204)
          .end();
      },
    ),
  });

  route(router, '/v1/sessions', {
    delete: operation(
      {
        tag,
        summary: 'Sign out everywhere',
        description: 'Ends every session of the signed-in person, on every device, this one included.',
        guard: signedIn,
        responses: { 204: { description: 'Every session ended', headers: { 'Set-Cookie': 'The cleared session cookie' } } },
      },
      async (_input, req, res) => {
        await accounts.signOutEverywhere(auth.principalOf(res));
        res
          .set('Set-Cookie', clearedSessionCookie(secure(req)))
          .status(204)
          .end();
      },
    ),
  });

  route(router, '/v1/session/workspace', {
    post: operation(
      {
        tag,
        summary: 'Switch workspace',
        description: 'The session acts in another workspace the person belongs to, with their role there.',
        guard: signedIn,
        body: switchWorkspaceBody,
        responses: { 200: { description: 'The session, in that workspace', schema: sessionSchema, headers: { 'Cache-Control': 'no-store' } } },
        problems: { 404: 'The person is not a member of that workspace' },
      },
      async ({ body }, req, res) => {
        res.set('Cache-Control', 'no-store').json(await accounts.switchWorkspace(credential(req), body.workspaceId));
      },
    ),
  });

  route(router, '/v1/account/password', {
    put: operation(
      {
        tag,
        summary: 'Change password',
        description: 'Needs the current password. Every other session of the person ends; this one goes on.',
        guard: signedIn,
        body: changePasswordBody,
        responses: { 204: { description: 'Changed' } },
      },
      async ({ body }, req, res) => {
        await accounts.changePassword(auth.principalOf(res), credential(req), body.currentPassword, body.newPassword);
        res.status(204).end();
      },
    ),
  });

  route(router, '/v1/password-resets', {
    post: operation(
      {
        tag,
        summary: 'Ask for a password reset',
        description:
          'Mails a link to choose a new password, valid for an hour, if the email has an account. The answer is the same whether or not it has one.',
        body: passwordResetBody,
        rateLimit: { limit: options.passwordResetLimit, what: 'password-reset requests from this address' },
        responses: { 202: { description: 'A link is mailed if the email has an account' } },
        problems: { 404: 'Mail is off: SMTP_URL is not set', 429: 'Too many password-reset requests from this address (RATE_LIMIT_PASSWORD_RESETS)' },
      },
      async ({ body }, _req, res) => {
        await accounts.requestPasswordReset(body.email);
        res.status(202).end();
      },
    ),
  });

  route(router, '/v1/password-resets/complete', {
    post: operation(
      {
        tag,
        summary: 'Reset a password',
        description: "Sets a new password with a mailed reset link's token (once). Every session of the person ends.",
        body: completePasswordResetBody,
        responses: { 204: { description: 'The password is changed; sign in with it' } },
      },
      async ({ body }, _req, res) => {
        await accounts.completePasswordReset(body.token, body.newPassword);
        res.status(204).end();
      },
    ),
  });
}
