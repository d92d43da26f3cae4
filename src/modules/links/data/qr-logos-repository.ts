import type { Knex } from 'knex';

/** SQL on links.qr_logos: one QR-code logo per workspace. */

export interface QrLogoRow {
  workspace_id: string;
  png: Buffer;
  width: number;
  height: number;
  digest: string;
  updated_at: Date;
}

export class QrLogosRepository {
  constructor(readonly db: Knex) {}

  async find(workspaceId: string): Promise<QrLogoRow | undefined> {
    return this.db<QrLogoRow>('links.qr_logos').where({ workspace_id: workspaceId }).first();
  }

  /** Sets the workspace's logo, replacing any. */
  async store(row: Omit<QrLogoRow, 'updated_at'>): Promise<QrLogoRow> {
    const [stored] = await this.db<QrLogoRow>('links.qr_logos')
      .insert({ ...row, updated_at: this.db.raw("date_trunc('milliseconds', now())") as unknown as Date })
      .onConflict('workspace_id')
      .merge()
      .returning('*');
    return stored;
  }

  /** False when the workspace had no logo. */
  async remove(workspaceId: string): Promise<boolean> {
    return (await this.db('links.qr_logos').where({ workspace_id: workspaceId }).delete()) > 0;
  }
}
