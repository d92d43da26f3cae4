import type { Response, Router } from 'express';
import type { CallerAuth } from '../../../shared/http/auth';
import { operation } from '../../../shared/http/operation';
import { route } from '../../../shared/http/route';
import type { MemberService } from '../accounts/member-service';
import type { Principal } from '../types';
import {
  acceptInvitationBody,
  createdInvitationSchema,
  createInvitationBody,
  invitationListSchema,
  invitationPreviewSchema,
  invitationTokenBody,
  memberListSchema,
  memberSchema,
  sessionSchema,
  updateMemberBody,
} from './account-schemas';
import { answerStarted, SET_COOKIE, type SessionRouteOptions } from './session-routes';

/** HTTP for a workspace's members and invitations, on the identity router. */
export function memberRoutes(router: Router, members: MemberService, auth: CallerAuth<Principal>, options: SessionRouteOptions): void {
  const tag = 'members';
  const read = auth.requireScope('members:read');
  const write = auth.requireScope('members:write');
  const caller = (res: Response) => auth.principalOf(res);

  route(router, '/v1/members', {
    get: operation(
      {
        tag,
        summary: 'List members',
        description: "The workspace's people and their roles, by when they joined.",
        guard: read,
        responses: { 200: { description: 'The members', schema: memberListSchema } },
      },
      async (_input, _req, res) => void res.json({ data: await members.listMembers(caller(res).workspaceId) }),
    ),
  });

  route(router, '/v1/members/:id', {
    patch: operation(
      {
        tag,
        summary: "Change a member's role",
        description: 'Takes effect at once, in every session of theirs. Only an owner makes or demotes an owner, and the last owner stays one.',
        guard: write,
        ids: { id: 'Member' },
        body: updateMemberBody,
        responses: { 200: { description: 'The member with the new role', schema: memberSchema } },
        problems: { 403: 'Making or demoting an owner needs an owner', 409: 'The member is the last owner' },
      },
      async ({ body }, req, res) => void res.json(await members.changeRole(caller(res), String(req.params.id), body.role)),
    ),
    delete: operation(
      {
        tag,
        summary: 'Remove a member',
        description: 'Their sessions in this workspace end at once; their account stays.',
        guard: write,
        ids: { id: 'Member' },
        responses: { 204: { description: 'Removed' } },
        problems: { 403: 'Removing an owner needs an owner', 409: 'The member is the last owner' },
      },
      async (_input, req, res) => {
        await members.removeMember(caller(res), String(req.params.id));
        res.status(204).end();
      },
    ),
  });

  route(router, '/v1/invitations', {
    get: operation(
      {
        tag,
        summary: 'List invitations',
        description: 'Invitations neither accepted nor expired, oldest first; never their links.',
        guard: write,
        responses: { 200: { description: 'The pending invitations', schema: invitationListSchema } },
      },
      async (_input, _req, res) => void res.json({ data: await members.listInvitations(caller(res).workspaceId) }),
    ),
    post: operation(
      {
        tag,
        summary: 'Invite someone',
        description:
          'An invitation link to join with a role, valid for INVITATION_LIFETIME_S and usable once. The answer is the only one that carries the link; with an `email` and SMTP_URL set, it is also mailed there.',
        guard: write,
        body: createInvitationBody,
        responses: {
          201: { description: 'Created, with its link', schema: createdInvitationSchema, headers: { 'Cache-Control': 'no-store' } },
        },
        problems: { 403: 'Inviting an owner needs an owner' },
      },
      async ({ body }, _req, res) =>
        void res
          .status(201)
          .set('Cache-Control', 'no-store')
          .json(await members.invite(caller(res), body.role, body.email)),
    ),
  });

  // The two calls of the page an invitation link opens: the token is its credential.
  route(router, '/v1/invitations/preview', {
    post: operation(
      {
        tag,
        summary: 'Read an invitation',
        description: 'What an invitation link offers: the workspace, the role, the address it is for.',
        body: invitationTokenBody,
        responses: { 200: { description: 'The invitation', schema: invitationPreviewSchema } },
        problems: { 404: 'The invitation is not valid, was used, or has expired' },
      },
      async ({ body }, _req, res) => void res.json(await members.preview(body.token)),
    ),
  });

  route(router, '/v1/invitations/accept', {
    post: operation(
      {
        tag,
        summary: 'Accept an invitation',
        description:
          'Joins the workspace with the invitation’s role: with a new account, or with an existing one when its password is given. Signs in to that workspace.',
        body: acceptInvitationBody,
        responses: { 200: { description: 'Joined and signed in', schema: sessionSchema, headers: SET_COOKIE } },
        problems: {
          403: "The host is a workspace's custom domain: invitations are accepted on the dashboard's own address",
          404: 'The invitation is not valid, was used, or has expired',
          409: 'The account was made at the same moment',
        },
      },
      async ({ body }, req, res) => {
        await options.origin.require(req.host);
        answerStarted(req, res, await members.accept(body), options);
      },
    ),
  });

  // After /preview and /accept: those are not ids.
  route(router, '/v1/invitations/:id', {
    delete: operation(
      {
        tag,
        summary: 'Revoke an invitation',
        description: 'Its link stops working.',
        guard: write,
        ids: { id: 'Invitation' },
        responses: { 204: { description: 'Revoked' } },
      },
      async (_input, req, res) => {
        await members.revokeInvitation(caller(res).workspaceId, String(req.params.id));
        res.status(204).end();
      },
    ),
  });
}
