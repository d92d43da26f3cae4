import type { ImportedLink } from '../../links';
import type { FormatReader, SourceRow } from './formats';

/** Titles longer than a link's are cut rather than refused: page titles elsewhere run long. */
const TITLE_MAX = 200;

/**
 * A source row in the terms links takes (ImportedLink), or why it is none:
 * empty cells are absent, a short URL gives its last path segment as the
 * slug, tags are split, trimmed and de-duplicated, clicks must be a whole
 * number. The rules of a link itself (a valid URL and slug…) are links' to check.
 */
export function rowLink(row: SourceRow, reader: FormatReader, tagSeparator = reader.tagSeparator ?? ','): ImportedLink | string {
  const url = text(row.url);
  if (url === undefined) return 'url is empty';
  const link: ImportedLink = { url };
  let slug = text(row.slug);
  if (slug !== undefined && reader.slugFromShortUrl) slug = slug.replace(/\/+$/, '').split('/').pop() || undefined;
  if (slug !== undefined) link.slug = slug.replace(/^\/+/, '');
  const domain = reader.keepsDomain ? text(row.domain) : undefined;
  if (domain !== undefined) link.domain = domain;
  const title = text(row.title);
  if (title !== undefined) link.title = title.slice(0, TITLE_MAX);
  const tags = tagList(row.tags, tagSeparator);
  if (tags.length > 0) link.tags = tags;
  const expiresAt = text(row.expiresAt);
  if (expiresAt !== undefined) link.expiresAt = expiresAt;
  const clicks = row.clicks;
  if (clicks !== undefined && clicks !== null && clicks !== '') {
    const count = typeof clicks === 'number' ? clicks : /^\s*\d+\s*$/.test(String(clicks)) ? Number(clicks) : NaN;
    if (!Number.isSafeInteger(count) || count < 0) return 'clicks must be a whole number, 0 or more';
    link.importedClicks = count;
  }
  return link;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '').trim();
  return s === '' ? undefined : s;
}

function tagList(value: unknown, separator: string): string[] {
  const parts = Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : '')) : typeof value === 'string' ? value.split(separator) : [];
  return [...new Set(parts.map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}
