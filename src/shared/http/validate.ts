import type { Request } from 'express';
import { z } from 'zod';
import { Invalid, type FieldError } from '../errors';
import { UnsupportedMediaType } from './errors';

/**
 * Request validation with zod: the same schema gives the TypeScript type and the
 * runtime check, and every failed rule becomes one entry in the problem's `errors`.
 */
export function parseBody<S extends z.ZodType>(schema: S, req: Request, format: 'json' | 'form' = 'json'): z.infer<S> {
  if (format === 'form' && !req.is('application/x-www-form-urlencoded')) {
    throw new UnsupportedMediaType('Send the form with Content-Type: application/x-www-form-urlencoded');
  }
  if (req.body === undefined && hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
    throw new UnsupportedMediaType('Send the request body as JSON with Content-Type: application/json');
  }
  return parse(schema, req.body, 'body');
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return parse(schema, req.query, 'query');
}

export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const summary = errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} fields are invalid`;
  throw new Invalid(`The request ${where} is invalid (${summary})`, errors);
}

/** Half of a UTF-16 surrogate pair without its other half: no UTF-8 text (what PostgreSQL stores) can hold it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The string of every request schema: `z.string()` that refuses NUL, which
 * PostgreSQL cannot store or compare in text (the statement would fail, a 500),
 * and a lone surrogate, which a JSON column refuses too.
 * It aborts, so a NUL is the field's one error; chain the field's own rules after.
 */
export function text() {
  return z
    .string()
    .refine((value) => !value.includes('\u0000'), { message: 'must not contain NUL characters', abort: true })
    .refine((value) => !LONE_SURROGATE.test(value), { message: 'must be valid Unicode (it holds half of a surrogate pair)', abort: true });
}

const uuid = z.uuid();

export function isUuid(value: string): boolean {
  return uuid.safeParse(value).success;
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * A number of the query string, written in plain decimal (`16`, `300.5`): what
 * `z.coerce.number()` would take besides (`0x10`, `1e2`, ` 1`, an empty
 * value as 0) is left as text for `schema` to refuse. The document shows
 * `schema` (say, an integer with its bounds).
 */
export function queryNumber<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (typeof value === 'string' && /^-?\d{1,16}(\.\d{1,16})?$/.test(value) ? Number(value) : value), schema);
}

/** The fields of a paged list's query: `limit` (1–100, default 20) and the previous page's `nextCursor`. */
export const pageQuery = {
  limit: queryNumber(
    z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  ),
  cursor: text().max(200).optional().meta({ description: "The previous page's `nextCursor`" }),
};
