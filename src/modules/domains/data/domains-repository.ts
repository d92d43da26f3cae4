import type { Knex } from 'knex';
import type { DomainStatus } from '../types';

/** SQL on schema `domains` only; every query is scoped by workspace id, except the redirect's look-up by hostname. */

export interface DomainRow {
  id: string;
  workspace_id: string;
  hostname: string;
  status: DomainStatus;
  verification_token: string;
  verified_at: Date | null;
  checked_at: Date | null;
  check_problem: string | null;
  root_url: string | null;
  not_found_url: string | null;
  /** Whether the public QR codes of the domain's links are served. */
  public_qr: boolean;
  created_at: Date;
  updated_at: Date;
}

export type NewDomainRow = Pick<DomainRow, 'workspace_id' | 'hostname' | 'verification_token' | 'root_url' | 'not_found_url' | 'public_qr'>;
export type DomainChanges = Partial<Pick<DomainRow, 'root_url' | 'not_found_url' | 'public_qr'>>;

const HOSTNAME_UNIQUE = 'domains_hostname_key';

/** Whether an insert failed because another domain (of any workspace) has the hostname. */
export function isHostnameTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === HOSTNAME_UNIQUE;
}

const NOW = "date_trunc('milliseconds', now())";

export class DomainsRepository {
  constructor(readonly db: Knex) {}

  transaction<T>(work: (repo: DomainsRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => work(new DomainsRepository(trx)));
  }

  /** Serialises the workspace's domain creates until the transaction ends (the per-workspace maximum cannot be raced past). */
  async lockWorkspace(workspaceId: string): Promise<void> {
    await this.db.raw("select pg_advisory_xact_lock(hashtextextended('domains.workspace:' || ?, 0))", [workspaceId]);
  }

  async count(workspaceId: string): Promise<number> {
    const row = await this.db('domains.domains').where({ workspace_id: workspaceId }).count<{ count: string }[]>('* as count').first();
    return Number(row?.count ?? 0);
  }

  async insert(row: NewDomainRow): Promise<DomainRow> {
    const [inserted] = await this.db<DomainRow>('domains.domains').insert(row).returning('*');
    return inserted;
  }

  async list(workspaceId: string): Promise<DomainRow[]> {
    return this.db<DomainRow>('domains.domains')
      .where({ workspace_id: workspaceId })
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
  }

  async find(workspaceId: string, id: string, forUpdate = false): Promise<DomainRow | undefined> {
    const query = this.db<DomainRow>('domains.domains').where({ workspace_id: workspaceId, id }).first();
    return forUpdate ? query.forUpdate() : query;
  }

  /** The redirect's look-up: the domain with this hostname, whatever its workspace. */
  async findByHostname(hostname: string): Promise<DomainRow | undefined> {
    return this.db<DomainRow>('domains.domains').where({ hostname }).first();
  }

  async update(workspaceId: string, id: string, changes: DomainChanges): Promise<DomainRow | undefined> {
    const [row] = await this.db<DomainRow>('domains.domains')
      .where({ workspace_id: workspaceId, id })
      .update({ ...changes, updated_at: this.db.raw(NOW) as unknown as Date })
      .returning('*');
    return row;
  }

  /** Records a DNS check: verified (for good), or what it found. */
  async recordCheck(workspaceId: string, id: string, problem: string | null): Promise<DomainRow | undefined> {
    const verified = problem === null;
    const [row] = await this.db<DomainRow>('domains.domains')
      .where({ workspace_id: workspaceId, id })
      .update({
        checked_at: this.db.raw(NOW) as unknown as Date,
        check_problem: problem,
        ...(verified
          ? { status: 'verified', verified_at: this.db.raw(NOW) as unknown as Date, updated_at: this.db.raw(NOW) as unknown as Date }
          : {}),
      })
      .returning('*');
    return row;
  }

  async delete(workspaceId: string, id: string): Promise<DomainRow | undefined> {
    const [row] = await this.db<DomainRow>('domains.domains').where({ workspace_id: workspaceId, id }).delete().returning('*');
    return row;
  }

  /** Deletes pending domains created before `createdBefore` (a pending domain has no links); returns which. */
  async deletePendingSince(createdBefore: Date): Promise<Pick<DomainRow, 'id' | 'workspace_id' | 'hostname'>[]> {
    return this.db<DomainRow>('domains.domains')
      .where({ status: 'pending' })
      .where('created_at', '<', createdBefore)
      .delete()
      .returning(['id', 'workspace_id', 'hostname']);
  }

  /** Pending domains, those checked longest ago (or never) first: the re-check job's next batch. */
  async pendingToCheck(limit: number, checkedBefore: Date): Promise<DomainRow[]> {
    return this.db<DomainRow>('domains.domains')
      .where({ status: 'pending' })
      .where((w) => {
        w.whereNull('checked_at').orWhere('checked_at', '<', checkedBefore);
      })
      .orderByRaw('checked_at nulls first')
      .limit(limit);
  }
}
