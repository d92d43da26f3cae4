import { Conflict, Forbidden, Invalid, NotFound } from '../../../shared/errors';
import { createEvent, type EventPublisher } from '../../../shared/events';
import { enqueue } from '../../../shared/jobs';
import type { AccountRepository } from '../data/account-repository';
import { invitationCreated, invitationRevoked, memberAdded, memberRemoved, memberRoleChanged } from '../events';
import type { sendMailTask } from '../jobs/send-mail.job';
import type { Role } from '../roles';
import { generateToken, hashToken, isToken } from '../tokens';
import type { CreatedInvitation, Invitation, InvitationPreview, Member, Principal } from '../types';
import type { AccountService, StartedSession } from './account-service';
import { hashPassword, verifyPassword } from './password';

export interface MemberOptions {
  invitationLifetimeSeconds: number;
  publicBaseUrl: string;
  mail: ReturnType<typeof sendMailTask> | undefined;
}

/**
 * A workspace's people: members and their roles, and invitations. The rule
 * that keeps a workspace governable: only an owner makes, demotes or removes
 * an owner, and the last owner cannot be demoted or removed.
 */
export class MemberService {
  constructor(
    private readonly repo: AccountRepository,
    private readonly accounts: AccountService,
    private readonly events: EventPublisher,
    private readonly options: MemberOptions,
  ) {}

  listMembers(workspaceId: string): Promise<Member[]> {
    return this.repo.listMembers(workspaceId);
  }

  async changeRole(caller: Principal, userId: string, role: Role): Promise<Member> {
    await this.repo.transaction(async (repo) => {
      const { email, role: current } = await this.member(repo, caller.workspaceId, userId);
      if (current === role) return;
      if (current === 'owner' || role === 'owner') await this.ownerChange(repo, caller, userId, current === 'owner');
      await repo.setRole(caller.workspaceId, userId, role);
      await this.accounts.evict(repo, await repo.sessionHashes(userId, caller.workspaceId));
      await this.events.publish(repo.db, createEvent(memberRoleChanged, caller.workspaceId, { member: { userId, email }, from: current, to: role }));
    });
    return (await this.repo.listMembers(caller.workspaceId)).find((m) => m.user.id === userId)!;
  }

  /** Removes the person from the workspace; their sessions in it end at once. Their account stays. */
  async removeMember(caller: Principal, userId: string): Promise<void> {
    await this.repo.transaction(async (repo) => {
      const { email, role } = await this.member(repo, caller.workspaceId, userId);
      if (role === 'owner') await this.ownerChange(repo, caller, userId, true);
      await repo.removeMembership(caller.workspaceId, userId);
      await this.accounts.evict(repo, await repo.deleteSessions({ userId, workspaceId: caller.workspaceId }));
      await this.events.publish(repo.db, createEvent(memberRemoved, caller.workspaceId, { member: { userId, email }, role }));
    });
  }

  private async member(repo: AccountRepository, workspaceId: string, userId: string): Promise<{ email: string; role: Role }> {
    const member = await repo.findMember(workspaceId, userId);
    if (member === undefined) throw new NotFound(`Member ${userId} does not exist`);
    return member;
  }

  private async ownerChange(repo: AccountRepository, caller: Principal, userId: string, losesOwner: boolean): Promise<void> {
    if (caller.role !== 'owner') throw new Forbidden('Only an owner can make, demote or remove an owner');
    const owners = await repo.lockOwners(caller.workspaceId);
    if (losesOwner && owners.length === 1 && owners[0] === userId) {
      throw new Conflict('The workspace needs an owner: make someone else owner first');
    }
  }

  listInvitations(workspaceId: string): Promise<Invitation[]> {
    return this.repo.listInvitations(workspaceId);
  }

  /** An invitation link, shown once; mailed too when it names an email and SMTP_URL is set. */
  async invite(caller: Principal, role: Role, email: string | undefined): Promise<CreatedInvitation> {
    if (role === 'owner' && caller.role !== 'owner') throw new Forbidden('Only an owner can invite an owner');
    const token = generateToken('invitation');
    const url = `${this.options.publicBaseUrl}/app/invite#${token.token}`;
    const mail = this.options.mail;
    const invitation = await this.repo.transaction(async (repo) => {
      const expiresAt = new Date(Date.now() + this.options.invitationLifetimeSeconds * 1000);
      const created = await repo.insertInvitation({ workspaceId: caller.workspaceId, hash: token.hash, email: email ?? null, role, expiresAt });
      if (email !== undefined && mail) {
        const workspace = (await repo.findInvitation(token.hash))!.workspace;
        await enqueue(
          repo.db,
          mail,
          {
            to: email,
            subject: `You are invited to ${workspace.name} on Shortline`,
            text: `${caller.actor.label} invites you to the workspace "${workspace.name}" on Shortline, as ${role}.\n\nTo accept, open this link before ${created.expiresAt}:\n\n${url}\n`,
          },
          { maxAttempts: 10 },
        );
      }
      const data = { invitation: { id: created.id, email: created.email, role, expiresAt: created.expiresAt } };
      await this.events.publish(repo.db, createEvent(invitationCreated, caller.workspaceId, data));
      return created;
    });
    return { ...invitation, url };
  }

  async revokeInvitation(workspaceId: string, id: string): Promise<void> {
    await this.repo.transaction(async (repo) => {
      const revoked = await repo.deleteInvitation(workspaceId, id);
      if (!revoked) throw new NotFound(`Invitation ${id} does not exist`);
      const data = { invitation: { id, email: revoked.email, role: revoked.role } };
      await this.events.publish(repo.db, createEvent(invitationRevoked, workspaceId, data));
    });
  }

  async preview(token: string): Promise<InvitationPreview> {
    const invitation = await this.pending(token);
    return { workspace: { name: invitation.workspace.name }, role: invitation.role, email: invitation.email, expiresAt: invitation.expiresAt };
  }

  /**
   * Joins the invitation's workspace: with a new account, or with an
   * existing one whose password is given. A session in that workspace starts.
   */
  async accept(input: { token: string; name: string; email: string; password: string }): Promise<StartedSession> {
    const invitation = await this.pending(input.token);
    if (invitation.email !== null && invitation.email.toLowerCase() !== input.email.toLowerCase()) {
      throw new Invalid('This invitation is for another email address', [{ field: 'body.email', message: 'is not the invited address' }]);
    }
    const existing = await this.repo.findUserByEmail(input.email);
    if (existing && !(await verifyPassword(input.password, existing.passwordHash))) {
      throw new Invalid('An account with this email exists: give its password to join with it', [{ field: 'body.password', message: 'is wrong' }]);
    }
    const passwordHash = existing ? undefined : await hashPassword(input.password);
    return this.repo.transaction(async (repo) => {
      const user = existing ?? (await repo.insertUser({ email: input.email, name: input.name, passwordHash: passwordHash! }));
      if (!user) throw new Conflict(`An account with the email ${input.email} was just made; accept again with its password`);
      if (!(await repo.markAccepted(invitation.id, user.id))) throw new NotFound('The invitation is not valid, was used, or has expired');
      if (await repo.addMembership(invitation.workspace.id, user.id, invitation.role)) {
        // They hold no credential yet: the request context knows no caller, so the event names them.
        const actor = { kind: 'user' as const, id: user.id, label: user.email };
        const data = { member: { userId: user.id, email: user.email }, role: invitation.role, via: 'invitation' as const };
        await this.events.publish(repo.db, createEvent(memberAdded, invitation.workspace.id, data, { actor }));
      }
      return this.accounts.startSession(repo, user.id, invitation.workspace.id);
    });
  }

  private async pending(token: string) {
    const invitation = isToken('invitation', token) ? await this.repo.findInvitation(hashToken(token)) : undefined;
    if (!invitation) throw new NotFound('The invitation is not valid, was used, or has expired');
    return invitation;
  }
}
