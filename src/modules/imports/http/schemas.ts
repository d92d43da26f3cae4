import { z } from 'zod';
import { pageQuery, text } from '../../../shared/http/validate';
import { CONFLICT_POLICIES, FIELDS, FORMATS, type ImportRun, type ImportRunWithFailures, type Mapping } from '../types';

const mapping = text()
  .max(2000, 'must be at most 2000 characters')
  .transform((value, ctx): Mapping => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object such as {"url":"Destination","slug":"Code"}' });
      return z.NEVER;
    }
    const result = mappingObject.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      ctx.addIssue({ code: 'custom', message: `${issue.path.length > 0 ? `${issue.path.join('.')} ` : ''}${issue.message}` });
      return z.NEVER;
    }
    return result.data;
  });

const column = text().trim().min(1, 'must name a column').max(200, 'must be at most 200 characters');
const mappingObject = z
  .strictObject(
    Object.fromEntries(FIELDS.map((field) => [field, column.optional()])) as Record<(typeof FIELDS)[number], z.ZodOptional<typeof column>>,
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? `names fields Shortline does not have (${FIELDS.join(', ')})` : 'must be a JSON object',
    },
  )
  .refine((value) => value.url !== undefined, 'must name the column of url');

export const startQuery = z
  .strictObject({
    format: z.enum(FORMATS, { message: `must be one of ${FORMATS.join(', ')}` }).meta({
      description:
        "What the file is: `shortline` (Shortline's CSV export), `csv` (any CSV, with `mapping`), `shlink`, `yourls`, `kutt` or `bitly` (their exports; docs/imports.md says which)",
    }),
    onConflict: z
      .enum(CONFLICT_POLICIES, { message: `must be one of ${CONFLICT_POLICIES.join(', ')}` })
      .default('skip')
      .meta({
        description:
          'A row whose slug is taken by another target: `skip` it (default), `rename` it to `<slug>-2` … `<slug>-9`, or `fail` (the run stops there)',
      }),
    mapping: mapping.optional().meta({
      description:
        'Format `csv` only: a JSON object naming the column each field is read from (url, slug, domain, title, tags, expiresAt, clicks); url is required. Left out, the columns are looked for by these names',
      example: '{"url":"Destination","slug":"Code","tags":"Labels"}',
    }),
  })
  .refine((query) => query.mapping === undefined || query.format === 'csv', { message: 'is only for format=csv', path: ['mapping'] });

export const listQuery = z.strictObject({ ...pageQuery });

const timestamp = z.iso.datetime({ offset: true });

const runShape = {
  id: z.uuid(),
  format: z.enum(FORMATS),
  onConflict: z.enum(CONFLICT_POLICIES),
  mapping: z
    .record(z.string(), z.string())
    .nullable()
    .meta({ description: 'The columns format `csv` read each field from; null for the format’s own' }),
  status: z.enum(['receiving', 'queued', 'running', 'finished', 'failed']).meta({
    description: '`receiving` while the file arrives, `queued` until a worker takes it, `running`, then `finished` or `failed` (see `error`)',
  }),
  bytes: z.number().int().meta({ description: 'The size of the file' }),
  sha256: z.string().nullable().meta({ description: "The file's SHA-256, hex; null while receiving" }),
  rows: z
    .object({
      read: z.number().int(),
      created: z.number().int(),
      skipped: z
        .number()
        .int()
        .meta({ description: 'The workspace had the link already (same slug and target), or its slug was taken with onConflict=skip' }),
      failed: z.number().int(),
    })
    .meta({ description: 'What became of the rows read so far; a link row is counted once' }),
  error: z.string().nullable().meta({ description: 'Why the run failed as a whole; null otherwise' }),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
};

export const runSchema: z.ZodType<ImportRun> = z.object(runShape).meta({ id: 'ImportRun' });

export const runWithFailuresSchema: z.ZodType<ImportRunWithFailures> = z
  .object({
    ...runShape,
    failures: z
      .array(
        z.object({
          row: z.number().int().meta({ description: 'The row in the file: 1 is the first link (a CSV header not counted)' }),
          reason: z.string(),
        }),
      )
      .meta({ description: 'The first 1000 failed rows, in order, each with why' }),
    failuresOmitted: z.number().int().meta({ description: 'Failed rows past the first 1000, counted in `rows.failed` but not listed' }),
  })
  .meta({ id: 'ImportRunWithFailures' });

export const runPageSchema = z.object({
  data: z.array(runSchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last one' }),
});
