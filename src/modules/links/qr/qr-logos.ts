import type { Knex } from 'knex';
import type { Cache, CacheRegistry } from '../../../shared/cache';
import type { ReadRouter } from '../../../shared/db';
import { QrLogosRepository, type QrLogoRow } from '../data/qr-logos-repository';
import { checkLogoPng } from './logo-png';

/** The logo cache, by workspace id: every write evicts its workspace in every process. */
export const QR_LOGO_CACHE = 'links:qr-logos';
/** Logos are up to 100 KB each: a few hundred at most stay in memory. */
export const QR_LOGO_CACHE_KEYS = 200;

/** A workspace's QR-code logo as the service keeps it. */
export interface QrLogo {
  png: Buffer;
  width: number;
  height: number;
  digest: string;
  updatedAt: string;
}

/**
 * The workspaces' QR-code logos: set, read (through a cache, as every code
 * drawn with `logo=true` needs the logo's version for its ETag), removed.
 */
export class QrLogos {
  constructor(
    private readonly db: Knex,
    private readonly reads: ReadRouter,
    private readonly caches: CacheRegistry,
    private readonly cache: Cache<QrLogo>,
  ) {}

  /** The workspace's logo, or undefined when it has none. */
  find(workspaceId: string): Promise<QrLogo | undefined> {
    return this.cache.getOrLoad(workspaceId, async () => {
      const row = await this.reads.read(this.cache.freshSince(workspaceId), (db) => new QrLogosRepository(db).find(workspaceId));
      return row && logoOf(row);
    });
  }

  /** Checks `png` (Invalid naming `field` if it is no usable PNG) and makes it the workspace's logo. */
  async set(workspaceId: string, png: Buffer, field: string): Promise<QrLogo> {
    const logo = checkLogoPng(png, field);
    const row = await this.db.transaction(async (trx) => {
      const stored = await new QrLogosRepository(trx).store({ workspace_id: workspaceId, ...logo });
      await this.caches.invalidate(trx, QR_LOGO_CACHE, [workspaceId]);
      return stored;
    });
    this.reads.wrote(workspaceId);
    return logoOf(row);
  }

  /** False when the workspace had no logo. */
  async remove(workspaceId: string): Promise<boolean> {
    const removed = await this.db.transaction(async (trx) => {
      const done = await new QrLogosRepository(trx).remove(workspaceId);
      if (done) await this.caches.invalidate(trx, QR_LOGO_CACHE, [workspaceId]);
      return done;
    });
    if (removed) this.reads.wrote(workspaceId);
    return removed;
  }
}

function logoOf(row: QrLogoRow): QrLogo {
  return { png: row.png, width: row.width, height: row.height, digest: row.digest, updatedAt: row.updated_at.toISOString() };
}
