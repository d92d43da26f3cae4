import type { Field, Format, Mapping, Media } from '../types';

/** A row as read from the file: the fields it gives, not yet checked. */
export type SourceRow = Partial<Record<Field, unknown>>;

/** How one format is read: its CSV columns, its JSON list and items. Sources and versions: docs/imports.md. */
export interface FormatReader {
  media: readonly Media[];
  /** CSV: the header names each field is read from, the first present one winning; compared ignoring case, spaces, `_` and `-`. */
  columns?: Partial<Record<Field, readonly string[]>>;
  /** CSV: what separates a cell's tags. */
  tagSeparator?: string;
  /** JSON: the path of the array of links when the file is an object (a bare array is read as the list itself). */
  listPath?: string;
  /** JSON: one item of the list as a row. */
  fromJson?(item: Record<string, unknown>): SourceRow;
  /** Source fields that are short URLs, not slugs: the slug is their last path segment. */
  slugFromShortUrl?: boolean;
  /** Whether a row's domain is kept: only Shortline's own export names domains of this service. */
  keepsDomain?: boolean;
  /** CSV: a cell `'=…` (`'` before = + - @, tab or CR) is Shortline's export guarding a spreadsheet formula: the `'` goes. */
  unguardsFormulas?: boolean;
}

const SHORTLINE_COLUMNS = {
  slug: ['slug'],
  url: ['url'],
  domain: ['domain'],
  title: ['title'],
  tags: ['tags'],
  expiresAt: ['expiresAt'],
  clicks: ['clicks'],
} as const;

const object = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

export const READERS: Readonly<Record<Format, FormatReader>> = {
  // Shortline's CSV export: slug,url,domain,title,tags,expiresAt,createdAt,clicks; tags comma-separated in one quoted cell.
  shortline: { media: ['csv'], columns: SHORTLINE_COLUMNS, tagSeparator: ',', keepsDomain: true, unguardsFormulas: true },
  // Any CSV: the mapping names the columns, else Shortline's own names are looked for.
  csv: { media: ['csv'], columns: SHORTLINE_COLUMNS, tagSeparator: ',', keepsDomain: true },
  // shlink-web-client's "Export" of the short URL list (CSV; tags joined with "|"), or a page of the REST API's GET /rest/v3/short-urls.
  shlink: {
    media: ['csv', 'json'],
    columns: { slug: ['shortCode'], url: ['longUrl'], title: ['title'], tags: ['tags'], clicks: ['visits', 'visitsCount'] },
    tagSeparator: '|',
    listPath: 'shortUrls.data',
    fromJson: (item) => ({
      slug: item.shortCode,
      url: item.longUrl,
      title: item.title,
      tags: item.tags,
      expiresAt: object(item.meta).validUntil,
      clicks: object(item.visitsSummary).total ?? item.visitsCount,
    }),
  },
  // The yourls_url table exported as CSV with its header (keyword,url,title,timestamp,ip,clicks).
  yourls: { media: ['csv'], columns: { slug: ['keyword'], url: ['url'], title: ['title'], clicks: ['clicks'] } },
  // A page of Kutt's GET /api/v2/links ({ data: [...] }), or an array of its links.
  kutt: {
    media: ['json'],
    listPath: 'data',
    fromJson: (item) => ({
      slug: item.address,
      url: item.target,
      title: item.description,
      expiresAt: item.expire_in,
      clicks: item.visit_count,
    }),
  },
  // Bitly: a page of the API's GET /v4/groups/{group_guid}/bitlinks ({ links: [...] }), or a CSV export of links.
  bitly: {
    media: ['csv', 'json'],
    columns: {
      slug: ['link', 'bitlink', 'short link', 'short url', 'id'],
      url: ['long_url', 'long url', 'destination url', 'original url'],
      title: ['title'],
      tags: ['tags'],
      clicks: ['clicks', 'total clicks', 'engagements', 'total engagements'],
    },
    tagSeparator: ',',
    listPath: 'links',
    slugFromShortUrl: true,
    fromJson: (item) => ({
      // A custom back-half is the address people were given; else the generated one.
      slug: (Array.isArray(item.custom_bitlinks) ? item.custom_bitlinks[0] : undefined) ?? item.link ?? item.id,
      url: item.long_url,
      title: item.title,
      tags: item.tags,
      clicks: item.clicks ?? item.total_clicks,
    }),
  },
};

/** A header name as compared: lower case, without spaces, `_` and `-`. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * Which column (by index) each field is read from, given the file's header:
 * the mapping's columns (format csv), else the format's. Undefined fields are
 * left out; a mapped column the header lacks, or no column for `url`, is why
 * the file cannot be read.
 */
export function columnsOf(header: readonly string[], reader: FormatReader, mapping: Mapping | null): Partial<Record<Field, number>> | string {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(headerKey(name))) index.set(headerKey(name), i);
  });
  const columns: Partial<Record<Field, number>> = {};
  if (mapping) {
    for (const [field, column] of Object.entries(mapping) as [Field, string][]) {
      const at = index.get(headerKey(column));
      if (at === undefined) return `The mapping reads ${field} from column "${column}", which the file's header does not have`;
      columns[field] = at;
    }
  } else {
    for (const [field, names] of Object.entries(reader.columns ?? {}) as [Field, readonly string[]][]) {
      const at = names.map((name) => index.get(headerKey(name))).find((i) => i !== undefined);
      if (at !== undefined) columns[field] = at;
    }
  }
  if (columns.url === undefined) {
    const looked = mapping ? [] : (reader.columns?.url ?? []);
    return `The file's header has no column for the target URL${looked.length > 0 ? ` (looked for ${looked.map((n) => `"${n}"`).join(', ')})` : ''}`;
  }
  return columns;
}
