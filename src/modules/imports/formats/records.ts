import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { chain } from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/Pick';
import { streamArray } from 'stream-json/streamers/StreamArray';
import type { Mapping, Media } from '../types';
import { columnsOf, type FormatReader, type SourceRow } from './formats';

/** A file the run cannot read on (not CSV, not JSON, no header, no url column): the run fails with this message. */
export class UnreadableFile extends Error {}

/** One row of the file: its number (1 is the first link, a CSV header not counted) and its fields, or why it has none. */
export type SourceRecord = { row: number; fields: SourceRow } | { row: number; problem: string };

/** A CSV record longer than this is no link: most likely a quote left open, which would swallow the rest of the file. */
const MAX_RECORD_BYTES = 64 * 1024;

/**
 * The file's rows, read as they stream in (csv-parse, stream-json): memory
 * holds a chunk of the file and a row, whatever the file's size. Rows up to
 * `after` are read and passed over (a retried job resumes after them).
 */
export function sourceRecords(
  bytes: AsyncIterable<Buffer>,
  media: Media,
  reader: FormatReader,
  mapping: Mapping | null,
  after = 0,
): AsyncGenerator<SourceRecord> {
  return media === 'csv' ? csvRecords(bytes, reader, mapping, after) : jsonRecords(bytes, reader, after);
}

async function* csvRecords(bytes: AsyncIterable<Buffer>, reader: FormatReader, mapping: Mapping | null, after: number): AsyncGenerator<SourceRecord> {
  const records = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: MAX_RECORD_BYTES });
  const source = Readable.from(bytes);
  source.on('error', (error) => records.destroy(error));
  source.pipe(records);
  let columns: ReturnType<typeof columnsOf> | undefined;
  let row = 0;
  try {
    for await (const record of records as AsyncIterable<string[]>) {
      if (columns === undefined) {
        columns = columnsOf(record, reader, mapping);
        if (typeof columns === 'string') throw new UnreadableFile(columns);
        continue;
      }
      if (++row <= after) continue;
      const fields: SourceRow = {};
      for (const [field, index] of Object.entries(columns as object) as [keyof SourceRow, number][]) {
        fields[field] = reader.unguardsFormulas ? unguardFormula(record[index]) : record[index];
      }
      yield { row, fields };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new UnreadableFile(`The file is not valid CSV: ${error.message}`);
    throw error;
  } finally {
    source.destroy();
  }
  if (columns === undefined) throw new UnreadableFile('The file is empty: a CSV file starts with a header row naming its columns');
}

async function* jsonRecords(bytes: AsyncIterable<Buffer>, reader: FormatReader, after: number): AsyncGenerator<SourceRecord> {
  const { first, rest } = await firstCharacter(bytes);
  if (first !== '[' && first !== '{') throw new UnreadableFile('The file is not a JSON array or object');
  const listed = first === '{';
  const items = chain(listed ? [parser(), pick({ filter: reader.listPath! }), streamArray()] : [parser(), streamArray()]);
  const source = Readable.from(rest);
  source.on('error', (error) => items.destroy(error));
  source.pipe(items);
  let row = 0;
  try {
    for await (const { value } of items as AsyncIterable<{ key: number; value: unknown }>) {
      if (++row <= after) continue;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) yield { row, problem: 'is not a JSON object' };
      else yield { row, fields: reader.fromJson!(value as Record<string, unknown>) };
    }
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    throw new UnreadableFile(`The file is not valid JSON: ${(error as Error).message}`);
  } finally {
    source.destroy();
  }
  if (row === 0 && listed) throw new UnreadableFile(`The file has no list of links at "${reader.listPath}"`);
}

/** The file's first character that is no white space or byte-order mark, and the file whole again. */
async function firstCharacter(bytes: AsyncIterable<Buffer>): Promise<{ first: string | undefined; rest: AsyncIterable<Buffer> }> {
  const iterator = bytes[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let first: string | undefined;
  while (first === undefined) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    first = /[^\s\uFEFF]/.exec(next.value.toString('utf8'))?.[0];
  }
  async function* rest() {
    yield* seen;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { first, rest: rest() };
}

const GUARDED_FORMULA = /^'[=+\-@\t\r]/;

/** The cell as it was before the export's formula guard (GET /v1/links/export puts a `'` before a cell that a spreadsheet would run). */
function unguardFormula(cell: string | undefined): string | undefined {
  return cell !== undefined && GUARDED_FORMULA.test(cell) ? cell.slice(1) : cell;
}
