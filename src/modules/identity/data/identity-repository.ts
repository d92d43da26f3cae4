import type { Knex } from 'knex';
import type { Scope } from '../scopes';
import type { ApiKeySummary, Placement, Principal, Workspace } from '../types';

/** SQL on schema `identity` only. Every key query is scoped by workspace id. */

interface WorkspaceRow {
  id: string;
  name: string;
  created_at: Date;
  /** The database holding the workspace's data (see Placement). */
  shard: string;
  moving_since: Date | null;
}

interface ApiKeyRow {
  id: string;
  key_hash: string;
  workspace_id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  created_at: Date;
  created_by: string | null;
}

type ListedKeyRow = Omit<ApiKeyRow, 'key_hash'> & { creator_email: string | null };

const KEY_COLUMNS = ['k.id', 'k.workspace_id', 'k.name', 'k.prefix', 'k.scopes', 'k.created_at', 'k.created_by', 'u.email as creator_email'];

const toWorkspace = (row: WorkspaceRow): Workspace => ({ id: row.id, name: row.name, createdAt: row.created_at.toISOString() });
const toKey = (row: ListedKeyRow): ApiKeySummary => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdAt: row.created_at.toISOString(),
  createdBy: row.created_by && row.creator_email !== null ? { id: row.created_by, email: row.creator_email } : null,
});

export class IdentityRepository {
  constructor(readonly db: Knex) {}

  transaction<T>(work: (repo: IdentityRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => work(new IdentityRepository(trx)));
  }

  async insertWorkspace(name: string, shard: string): Promise<Workspace> {
    const [row] = await this.db<WorkspaceRow>('identity.workspaces').insert({ name, shard }).returning('*');
    return toWorkspace(row);
  }

  /** Workspaces per shard, for placing a new one. */
  async countByShard(): Promise<Map<string, number>> {
    const rows = await this.db('identity.workspaces').select('shard').count<{ shard: string; count: string }[]>('* as count').groupBy('shard');
    return new Map(rows.map((row) => [row.shard, Number(row.count)]));
  }

  async findPlacement(id: string): Promise<Placement | undefined> {
    const row = await this.db('identity.workspaces')
      .where({ id })
      .first<{ shard: string; moving_since: Date | null } | undefined>('shard', 'moving_since');
    return row && { shard: row.shard, movingSince: row.moving_since?.toISOString() ?? null };
  }

  /** Marks the workspace as moving (its writes pause); false if it is moving already. */
  async markMoving(id: string): Promise<boolean> {
    const updated = await this.db('identity.workspaces').where({ id }).whereNull('moving_since').update({ moving_since: this.db.fn.now() });
    return updated > 0;
  }

  /** Ends a move: the workspace's data is on `shard` (where it was, if the move failed) and its writes resume. */
  async endMove(id: string, shard: string): Promise<void> {
    await this.db('identity.workspaces').where({ id }).update({ shard, moving_since: null });
  }

  async findWorkspace(id: string): Promise<Workspace | undefined> {
    const row = await this.db<WorkspaceRow>('identity.workspaces').where({ id }).first();
    return row && toWorkspace(row);
  }

  async countWorkspaces(): Promise<number> {
    const [{ count }] = await this.db('identity.workspaces').count<{ count: string }[]>('* as count');
    return Number(count);
  }

  async insertApiKey(key: {
    workspaceId: string;
    name: string;
    prefix: string;
    hash: string;
    scopes: readonly Scope[];
    createdBy: string | null;
  }): Promise<ApiKeySummary> {
    const [{ id }] = await this.db<ApiKeyRow>('identity.api_keys')
      .insert({
        workspace_id: key.workspaceId,
        name: key.name,
        prefix: key.prefix,
        key_hash: key.hash,
        scopes: [...key.scopes],
        created_by: key.createdBy,
      })
      .returning<{ id: string }[]>('id');
    const [row] = await this.keys(key.workspaceId).where('k.id', id);
    return toKey(row);
  }

  async listActiveApiKeys(workspaceId: string): Promise<ApiKeySummary[]> {
    const rows = await this.keys(workspaceId).orderBy([{ column: 'k.created_at' }, { column: 'k.id' }]);
    return rows.map(toKey);
  }

  private keys(workspaceId: string) {
    return this.db('identity.api_keys as k')
      .leftJoin('identity.users as u', 'u.id', 'k.created_by')
      .where('k.workspace_id', workspaceId)
      .whereNull('k.revoked_at')
      .select<ListedKeyRow[]>(KEY_COLUMNS);
  }

  /** The revoked key's hash (to evict it from caches), name and prefix; undefined if there was none. */
  /** Locks the workspace's active key until the transaction ends, and tells its scopes. */
  async lockActiveApiKey(workspaceId: string, id: string): Promise<{ scopes: Scope[] } | undefined> {
    return this.db<ApiKeyRow>('identity.api_keys').where({ id, workspace_id: workspaceId }).whereNull('revoked_at').forUpdate().first('scopes');
  }

  async revokeApiKey(workspaceId: string, id: string): Promise<{ hash: string; name: string; prefix: string } | undefined> {
    const [row] = await this.db('identity.api_keys')
      .where({ id, workspace_id: workspaceId })
      .whereNull('revoked_at')
      .update({ revoked_at: this.db.fn.now() })
      .returning<{ key_hash: string; name: string; prefix: string }[]>(['key_hash', 'name', 'prefix']);
    return row && { hash: row.key_hash, name: row.name, prefix: row.prefix };
  }

  async findPrincipalByHash(hash: string): Promise<Principal | undefined> {
    const row = await this.db<ApiKeyRow>('identity.api_keys')
      .where('key_hash', hash)
      .whereNull('revoked_at')
      .first('id', 'workspace_id', 'prefix', 'scopes');
    return (
      row && {
        workspaceId: row.workspace_id,
        scopes: row.scopes,
        actor: { kind: 'key', id: row.id, label: row.prefix },
        role: null,
        expiresAt: null,
      }
    );
  }
}
