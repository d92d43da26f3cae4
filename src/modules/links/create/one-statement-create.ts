import type { CacheRegistry } from '../../../shared/cache';
import type { LinksRepository } from '../data/links-repository';
import { slugTaken } from '../errors';
import type { LinkRows } from '../link-rows';
import { REDIRECT_CACHE, type LinkWrites } from '../link-writes';
import type { SlugDirectory } from '../slugs/slug-directory';
import { drawSlug, linkKey, SLUG_ATTEMPTS } from '../slugs/slug';
import type { CreatePath } from './create-path';

export interface OneStatementCreateDeps {
  repo: LinksRepository;
  /** Must claim in a statement (SlugDirectory.claimsInStatement). */
  slugs: SlugDirectory;
  caches: CacheRegistry;
  rows: LinkRows;
  writes: LinkWrites;
  defaultMaxLinks: number;
}

/**
 * A create as one statement, its own transaction (LinksRepository.createOne):
 * one round trip instead of six, and the usage row locked for that statement
 * only — what most of a create cost (docs/PERFORMANCE.md). A generated slug
 * that is taken is drawn again, in a new statement.
 */
export function oneStatementCreate({ repo, slugs, caches, rows, writes, defaultMaxLinks }: OneStatementCreateDeps): CreatePath {
  return {
    async create(workspaceId, input) {
      const fields = rows.newRow(workspaceId, input);
      for (let attempt = 1; attempt <= SLUG_ATTEMPTS; attempt++) {
        const slug = input.slug ?? drawSlug(new Set());
        const key = linkKey(fields.domain, slug);
        // The slug may sit in some process's cache as "unknown" from an earlier probe.
        const notice = caches.invalidationCall(REDIRECT_CACHE, [key]);
        const row = await repo.createOne({ ...fields, slug }, slugs.claimStatement(workspaceId, [key]), notice, defaultMaxLinks);
        if (row) {
          writes.committed(workspaceId, [row]);
          return rows.toLink(row);
        }
        if (input.slug !== undefined) throw slugTaken(input.slug);
      }
      throw new Error(`No free slug found in ${SLUG_ATTEMPTS} draws`);
    },
  };
}
