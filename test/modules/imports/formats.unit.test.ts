import { columnsOf, READERS } from '../../../src/modules/imports/formats/formats';
import { sourceRecords, UnreadableFile, type SourceRecord } from '../../../src/modules/imports/formats/records';
import { rowLink } from '../../../src/modules/imports/formats/row-link';

/** Reading the formats without a database: a file's rows as they stream, and a row as links takes it. */

async function* pieces(text: string, size = 7): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function all(records: AsyncGenerator<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
}

describe('a CSV file', () => {
  it('is read whatever the pieces it arrives in, a quoted cell with commas and new lines included', async () => {
    const csv = '\uFEFFslug,url,title\nq-1,https://example.com/1,"Hello, ""world""\nsecond line"\nq-2,https://example.com/2,\n';
    expect(await all(sourceRecords(pieces(csv, 3), 'csv', READERS.shortline, null))).toEqual([
      { row: 1, fields: { slug: 'q-1', url: 'https://example.com/1', title: 'Hello, "world"\nsecond line' } },
      { row: 2, fields: { slug: 'q-2', url: 'https://example.com/2', title: '' } },
    ]);
  });

  it('resumes after the rows a run already counted', async () => {
    const csv = 'url\nhttps://example.com/1\nhttps://example.com/2\nhttps://example.com/3\n';
    expect((await all(sourceRecords(pieces(csv), 'csv', READERS.csv, null, 2))).map((r) => r.row)).toEqual([3]);
  });

  it('with a quote left open past 64 KB is unreadable, not a record that swallows the file', async () => {
    const csv = `url,title\nhttps://example.com/,"${'x'.repeat(70_000)}\n`;
    await expect(all(sourceRecords(pieces(csv, 4096), 'csv', READERS.csv, null))).rejects.toThrow(UnreadableFile);
  });

  it('finds its columns ignoring case, spaces, _ and -', () => {
    expect(columnsOf(['Title', 'Long URL', 'Bitlink'], READERS.bitly, null)).toEqual({ title: 0, url: 1, slug: 2 });
    expect(columnsOf(['LONG_URL'], READERS.bitly, null)).toEqual({ url: 0 });
    expect(columnsOf(['Destination'], READERS.csv, { url: 'destination' })).toEqual({ url: 0 });
    expect(columnsOf(['code'], READERS.shlink, null)).toMatch(/no column for the target URL \(looked for "longUrl"\)/);
  });
});

describe('a JSON file', () => {
  it('streams the items of the list at the format’s path, or of a bare array', async () => {
    const kutt = JSON.stringify({ total: 1, data: [{ address: 'k', target: 'https://example.com/k', visit_count: 3 }] });
    expect(await all(sourceRecords(pieces(kutt), 'json', READERS.kutt, null))).toEqual([
      { row: 1, fields: { slug: 'k', url: 'https://example.com/k', title: undefined, expiresAt: undefined, clicks: 3 } },
    ]);
    const bare = `  \n[${JSON.stringify({ address: 'a', target: 'https://example.com/a' })}, "no object"]`;
    expect(await all(sourceRecords(pieces(bare), 'json', READERS.kutt, null))).toEqual([
      expect.objectContaining({ row: 1 }),
      { row: 2, problem: 'is not a JSON object' },
    ]);
  });
});

describe('a row', () => {
  it('becomes a link: empty cells left out, tags split, trimmed and de-duplicated, clicks a number', () => {
    expect(rowLink({ url: ' https://example.com/ ', slug: '', title: '  ', tags: 'a, b,,a', clicks: '12' }, READERS.csv)).toEqual({
      url: 'https://example.com/',
      tags: ['a', 'b'],
      importedClicks: 12,
    });
    expect(rowLink({ url: 'https://example.com/', tags: 'news|2024' }, READERS.shlink)).toEqual({
      url: 'https://example.com/',
      tags: ['news', '2024'],
    });
  });

  it('of a short URL takes its last path segment as the slug (Bitly)', () => {
    expect(rowLink({ url: 'https://example.com/', slug: 'https://bit.ly/spring/' }, READERS.bitly)).toMatchObject({ slug: 'spring' });
    expect(rowLink({ url: 'https://example.com/', slug: 'bit.ly/3xBtLy1' }, READERS.bitly)).toMatchObject({ slug: '3xBtLy1' });
  });

  it('keeps a domain only from a Shortline export, and cuts a long title to 200 characters', () => {
    expect(rowLink({ url: 'https://example.com/', domain: 'go.example.com' }, READERS.shortline)).toMatchObject({ domain: 'go.example.com' });
    expect(rowLink({ url: 'https://example.com/', domain: 's.test' }, READERS.shlink)).not.toHaveProperty('domain');
    expect((rowLink({ url: 'https://example.com/', title: 't'.repeat(300) }, READERS.csv) as { title: string }).title).toHaveLength(200);
  });

  it.each([
    [{}, 'url is empty'],
    [{ url: 'https://example.com/', clicks: '-1' }, 'clicks must be a whole number, 0 or more'],
    [{ url: 'https://example.com/', clicks: '1.5' }, 'clicks must be a whole number, 0 or more'],
  ])('%j is refused: %s', (row, reason) => {
    expect(rowLink(row, READERS.csv)).toBe(reason);
  });
});
