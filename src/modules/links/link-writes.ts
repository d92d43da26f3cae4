import type { ReadRouter } from '../../shared/db';
import type { LinksRepository } from './data/links-repository';
import { previewHost } from './jobs/fetch-preview.job';
import type { PreviewScheduler } from './previews/preview-scheduler';
import type { SlugDirectory, SlugLedger } from './slugs/slug-directory';

/** The redirect cache, by lower-cased slug: every write evicts the slugs it touches in every process. */
export const REDIRECT_CACHE = 'links:redirect';

/** Tells the write which links it left with a preview pending (their target URLs). */
export type PreviewsPending = (links: readonly { url: string }[]) => void;

/** How the links module writes: what happens around a write, and once it committed. */
export class LinkWrites {
  constructor(
    private readonly repo: LinksRepository,
    private readonly slugs: SlugDirectory,
    private readonly reads: ReadRouter,
    /** Queues the preview fetch of each new target; undefined when LINK_PREVIEWS is off. */
    private readonly previews: PreviewScheduler | undefined,
  ) {}

  /**
   * A write in one transaction, with the slug claims and releases it makes
   * (see SlugDirectory) and the links whose previews it left pending; once it
   * committed, the workspace's reads stay on the primary until a replica has
   * it, and those previews' fetches are requested.
   */
  async write<T>(workspaceId: string, work: (repo: LinksRepository, slugs: SlugLedger, previewsPending: PreviewsPending) => Promise<T>): Promise<T> {
    let ledger: SlugLedger | undefined;
    let pending: { url: string }[] = [];
    let result: T;
    try {
      result = await this.repo.transaction((repo) => {
        pending = [];
        return work(repo, (ledger = this.slugs.ledger(workspaceId, repo.db)), (links) => pending.push(...links));
      });
    } catch (error) {
      await ledger?.rolledBack();
      throw error;
    }
    this.committed(workspaceId, pending);
    await ledger?.committed();
    return result;
  }

  /** Once a write committed: the workspace's reads stay on the primary until a replica has it, and the previews it left pending are requested. */
  committed(workspaceId: string, previewsPending: readonly { url: string }[]): void {
    this.reads.wrote(workspaceId);
    if (previewsPending.length > 0) this.previews?.requested(previewsPending.map((link) => ({ workspaceId, host: previewHost(link.url) })));
  }
}
