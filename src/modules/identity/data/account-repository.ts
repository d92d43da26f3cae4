import type { Knex } from 'knex';
import type { Role } from '../roles';
import { ROLE_SCOPES } from '../roles';
import type { Invitation, Member, Membership, Principal, User } from '../types';

/** SQL for people on schema `identity`: users, memberships, sessions, invitations, resets. */

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: Date;
}

export type UserWithHash = User & { passwordHash: string };

interface InvitationRow {
  id: string;
  workspace_id: string;
  email: string | null;
  role: Role;
  created_at: Date;
  expires_at: Date;
}

const toUser = (row: Pick<UserRow, 'id' | 'email' | 'name'>): User => ({ id: row.id, email: row.email, name: row.name });
const toInvitation = (row: InvitationRow): Invitation => ({
  id: row.id,
  email: row.email,
  role: row.role,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
});

export class AccountRepository {
  constructor(readonly db: Knex) {}

  transaction<T>(work: (repo: AccountRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => work(new AccountRepository(trx)));
  }

  // Users

  /** The new user, or undefined when the email is taken (case-insensitively). */
  async insertUser(user: { email: string; name: string; passwordHash: string }): Promise<User | undefined> {
    const rows = await this.db.raw<{ rows: UserRow[] }>(
      `insert into identity.users (email, name, password_hash) values (?, ?, ?)
       on conflict (lower(email)) do nothing returning id, email, name`,
      [user.email, user.name, user.passwordHash],
    );
    return rows.rows[0] && toUser(rows.rows[0]);
  }

  async findUserByEmail(email: string): Promise<UserWithHash | undefined> {
    const row = await this.db<UserRow>('identity.users').whereRaw('lower(email) = lower(?)', [email]).first();
    return row && { ...toUser(row), passwordHash: row.password_hash };
  }

  async findUser(id: string): Promise<UserWithHash | undefined> {
    const row = await this.db<UserRow>('identity.users').where({ id }).first();
    return row && { ...toUser(row), passwordHash: row.password_hash };
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.db('identity.users').where({ id: userId }).update({ password_hash: passwordHash, password_changed_at: this.db.fn.now() });
  }

  // Memberships

  /** False when the user was a member already (their role is kept). */
  async addMembership(workspaceId: string, userId: string, role: Role): Promise<boolean> {
    const rows = await this.db('identity.memberships')
      .insert({ workspace_id: workspaceId, user_id: userId, role })
      .onConflict(['workspace_id', 'user_id'])
      .ignore()
      .returning('user_id');
    return rows.length > 0;
  }

  async membershipsOf(userId: string): Promise<Membership[]> {
    const rows = await this.db('identity.memberships as m')
      .join('identity.workspaces as w', 'w.id', 'm.workspace_id')
      .where('m.user_id', userId)
      .orderBy([{ column: 'w.name' }, { column: 'w.id' }])
      .select<{ id: string; name: string; role: Role }[]>('w.id', 'w.name', 'm.role');
    return rows.map((row) => ({ workspace: { id: row.id, name: row.name }, role: row.role }));
  }

  /** A member's email and role in the workspace; undefined for someone who is not one. */
  async findMember(workspaceId: string, userId: string): Promise<{ email: string; role: Role } | undefined> {
    return this.db('identity.memberships as m')
      .join('identity.users as u', 'u.id', 'm.user_id')
      .where({ 'm.workspace_id': workspaceId, 'm.user_id': userId })
      .first<{ email: string; role: Role } | undefined>('u.email', 'm.role');
  }

  async roleOf(workspaceId: string, userId: string): Promise<Role | undefined> {
    const row = await this.db('identity.memberships').where({ workspace_id: workspaceId, user_id: userId }).first<{ role: Role } | undefined>('role');
    return row?.role;
  }

  async listMembers(workspaceId: string): Promise<Member[]> {
    const rows = await this.db('identity.memberships as m')
      .join('identity.users as u', 'u.id', 'm.user_id')
      .where('m.workspace_id', workspaceId)
      .orderBy([{ column: 'm.created_at' }, { column: 'u.id' }])
      .select<{ id: string; email: string; name: string; role: Role; created_at: Date }[]>('u.id', 'u.email', 'u.name', 'm.role', 'm.created_at');
    return rows.map((row) => ({ user: toUser(row), role: row.role, joinedAt: row.created_at.toISOString() }));
  }

  async setRole(workspaceId: string, userId: string, role: Role): Promise<void> {
    await this.db('identity.memberships').where({ workspace_id: workspaceId, user_id: userId }).update({ role });
  }

  async removeMembership(workspaceId: string, userId: string): Promise<void> {
    await this.db('identity.memberships').where({ workspace_id: workspaceId, user_id: userId }).delete();
  }

  /** Owners of the workspace, locked until the transaction ends: two demotions cannot both see "another owner is left". */
  async lockOwners(workspaceId: string): Promise<string[]> {
    const rows = await this.db('identity.memberships')
      .where({ workspace_id: workspaceId, role: 'owner' })
      .forUpdate()
      .select<{ user_id: string }[]>('user_id');
    return rows.map((row) => row.user_id);
  }

  // Sessions

  async insertSession(session: { hash: string; userId: string; workspaceId: string; expiresAt: Date }): Promise<void> {
    await this.db('identity.sessions').insert({
      token_hash: session.hash,
      user_id: session.userId,
      workspace_id: session.workspaceId,
      expires_at: session.expiresAt,
    });
  }

  /** The caller behind a live session: its user must still be a member of the session's workspace. */
  async findSessionPrincipal(hash: string): Promise<Principal | undefined> {
    const row = await this.db('identity.sessions as s')
      .join('identity.memberships as m', function () {
        this.on('m.workspace_id', 's.workspace_id').andOn('m.user_id', 's.user_id');
      })
      .join('identity.users as u', 'u.id', 's.user_id')
      .where('s.token_hash', hash)
      .where('s.expires_at', '>', this.db.fn.now())
      .first<{ workspace_id: string; user_id: string; email: string; role: Role; expires_at: Date } | undefined>(
        's.workspace_id',
        's.user_id',
        'u.email',
        'm.role',
        's.expires_at',
      );
    return (
      row && {
        workspaceId: row.workspace_id,
        scopes: [...ROLE_SCOPES[row.role]],
        actor: { kind: 'user', id: row.user_id, label: row.email },
        role: row.role,
        expiresAt: row.expires_at.getTime(),
      }
    );
  }

  async findSession(hash: string): Promise<{ userId: string; workspaceId: string; expiresAt: Date } | undefined> {
    const row = await this.db('identity.sessions')
      .where('token_hash', hash)
      .where('expires_at', '>', this.db.fn.now())
      .first<{ user_id: string; workspace_id: string; expires_at: Date } | undefined>('user_id', 'workspace_id', 'expires_at');
    return row && { userId: row.user_id, workspaceId: row.workspace_id, expiresAt: row.expires_at };
  }

  async setSessionWorkspace(hash: string, workspaceId: string): Promise<void> {
    await this.db('identity.sessions').where('token_hash', hash).update({ workspace_id: workspaceId });
  }

  /** Ends sessions; returns their hashes to evict from caches. `keep` spares one (the caller's own). */
  async deleteSessions(where: { hash?: string; userId?: string; workspaceId?: string; keep?: string }): Promise<string[]> {
    const query = this.db('identity.sessions');
    if (where.hash !== undefined) query.where('token_hash', where.hash);
    if (where.userId !== undefined) query.where('user_id', where.userId);
    if (where.workspaceId !== undefined) query.where('workspace_id', where.workspaceId);
    if (where.keep !== undefined) query.whereNot('token_hash', where.keep);
    const rows = await query.delete().returning<{ token_hash: string }[]>('token_hash');
    return rows.map((row) => row.token_hash);
  }

  /** Hashes of a user's sessions in a workspace, to evict when their role there changes. */
  async sessionHashes(userId: string, workspaceId: string): Promise<string[]> {
    const rows = await this.db('identity.sessions')
      .where({ user_id: userId, workspace_id: workspaceId })
      .select<{ token_hash: string }[]>('token_hash');
    return rows.map((row) => row.token_hash);
  }

  async deleteExpired(): Promise<number> {
    const sessions = await this.db('identity.sessions').where('expires_at', '<=', this.db.fn.now()).delete();
    const invitations = await this.db('identity.invitations').where('expires_at', '<=', this.db.fn.now()).delete();
    const resets = await this.db('identity.password_resets').where('expires_at', '<=', this.db.fn.now()).delete();
    return sessions + invitations + resets;
  }

  // Invitations

  async insertInvitation(invitation: { workspaceId: string; hash: string; email: string | null; role: Role; expiresAt: Date }): Promise<Invitation> {
    const [row] = await this.db('identity.invitations')
      .insert({
        workspace_id: invitation.workspaceId,
        token_hash: invitation.hash,
        email: invitation.email,
        role: invitation.role,
        expires_at: invitation.expiresAt,
      })
      .returning<InvitationRow[]>(['id', 'workspace_id', 'email', 'role', 'created_at', 'expires_at']);
    return toInvitation(row);
  }

  /** Invitations not yet accepted nor expired, oldest first. */
  async listInvitations(workspaceId: string): Promise<Invitation[]> {
    const rows = await this.pending()
      .where({ workspace_id: workspaceId })
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rows.map(toInvitation);
  }

  async deleteInvitation(workspaceId: string, id: string): Promise<Invitation | undefined> {
    const [row] = await this.db<InvitationRow>('identity.invitations')
      .where({ workspace_id: workspaceId, id })
      .whereNull('accepted_at')
      .delete()
      .returning(['id', 'workspace_id', 'email', 'role', 'created_at', 'expires_at']);
    return row && toInvitation(row);
  }

  async findInvitation(hash: string): Promise<(Invitation & { workspace: { id: string; name: string } }) | undefined> {
    const row = await this.pending()
      .join('identity.workspaces as w', 'w.id', 'identity.invitations.workspace_id')
      .where('token_hash', hash)
      .first<(InvitationRow & { workspace_name: string }) | undefined>('identity.invitations.*', 'w.name as workspace_name');
    return row && { ...toInvitation(row), workspace: { id: row.workspace_id, name: row.workspace_name } };
  }

  /** Marks it used; false if another acceptance took it first. */
  async markAccepted(id: string, userId: string): Promise<boolean> {
    const updated = await this.db('identity.invitations')
      .where({ id })
      .whereNull('accepted_at')
      .update({ accepted_at: this.db.fn.now(), accepted_by: userId });
    return updated > 0;
  }

  private pending() {
    return this.db<InvitationRow>('identity.invitations').whereNull('accepted_at').where('expires_at', '>', this.db.fn.now());
  }

  // Password resets

  async insertPasswordReset(reset: { hash: string; userId: string; expiresAt: Date }): Promise<void> {
    await this.db('identity.password_resets').insert({ token_hash: reset.hash, user_id: reset.userId, expires_at: reset.expiresAt });
  }

  /** The user a live, unused reset token is for, marking it used. */
  async takePasswordReset(hash: string): Promise<string | undefined> {
    const [row] = await this.db('identity.password_resets')
      .where('token_hash', hash)
      .whereNull('used_at')
      .where('expires_at', '>', this.db.fn.now())
      .update({ used_at: this.db.fn.now() })
      .returning<{ user_id: string }[]>('user_id');
    return row?.user_id;
  }
}
