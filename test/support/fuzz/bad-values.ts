import fc from 'fast-check';
import type { JsonSchema } from './operations';

/**
 * Values that should not pass a field's schema, or that sit on its edge, each
 * saying whether the service must refuse it: `must` when the document rules
 * it out (a wrong type, a number out of bounds, a string too long), `may` when
 * it is odd but may be fine (control characters in a title, an unpaired
 * surrogate, an empty string where no minimum is set).
 */
export interface BadValue {
  what: string;
  value: unknown;
  /** JSON text to put in the body instead of JSON.stringify(value): numbers JSON cannot say (1e309). */
  raw?: string;
  refused: 'must' | 'may';
}

const bad = (what: string, value: unknown, refused: 'must' | 'may', raw?: string): BadValue => ({ what, value, refused, raw });

const HUGE = 'x'.repeat(70_000);

/** Odd strings any text field may be sent. */
function oddStrings(schema: JsonSchema): fc.Arbitrary<BadValue> {
  const tooLong = schema.maxLength !== undefined ? 'must' : 'may';
  const emptyRefused = (schema.minLength ?? 0) > 0 ? 'must' : 'may';
  return fc.oneof(
    fc.constant(bad('an empty string', '', emptyRefused)),
    fc.constant(bad('a huge string', HUGE, tooLong)),
    fc.integer({ min: 1, max: 3 }).map((n) => bad('a string with NUL', `a${'\u0000'.repeat(n)}b`, 'must')),
    fc
      .constantFrom('\u0001', '\u0007', '\b', '\u001b[31m', '\r\n', '\u007f', '\u0085')
      .map((c) => bad(`a control character ${JSON.stringify(c)}`, `a${c}b`, 'may')),
    fc.constantFrom('\uD800', '\uDFFF', 'a\uD83D', '\uDC00\uD800').map((c) => bad(`an unpaired surrogate ${JSON.stringify(c)}`, c, 'may')),
    fc.constantFrom('\u202E', '\uFEFF', '\u200B', '\uFFFF').map((c) => bad(`an odd code point ${JSON.stringify(c)}`, `a${c}b`, 'may')),
    fc.constantFrom(' ', '   ', '\t').map((c) => bad('blank text', c, 'may')),
    fc.constantFrom('NaN', 'Infinity', '-0', '1e309', 'null', 'true', '[]', '{}').map((c) => bad(`the string ${c}`, c, 'may')),
  );
}

/** Numbers on and past the edges of a numeric field. */
function oddNumbers(schema: JsonSchema): fc.Arbitrary<BadValue> {
  const min = schema.minimum ?? -Infinity;
  const max = schema.maximum ?? Infinity;
  const verdict = (n: number) => (n < min || n > max || (schema.type === 'integer' && !Number.isInteger(n)) ? 'must' : 'may');
  return fc.oneof(
    fc.constantFrom(0, -1, 1, 2 ** 53, -(2 ** 53), 2 ** 31, 1.5, -0.5, 1e21, Number.MAX_VALUE).map((n) => bad(`the number ${n}`, n, verdict(n))),
    fc
      .constantFrom(min, max, min - 1, max + 1)
      .filter(Number.isFinite)
      .map((n) => bad(`the number ${n}`, n, verdict(n))),
    fc.constant(bad('the number 1e309 (Infinity once parsed)', 0, 'must', '1e309')),
    fc.constant(bad('the number -1e309', 0, 'must', '-1e309')),
    fc.constantFrom('NaN', '1', '0x10', '1e3', ' 1').map((s) => bad(`the string ${JSON.stringify(s)} for a number`, s, 'must')),
  );
}

/** A value of another type than the field's, which must be refused. */
function wrongType(schema: JsonSchema): fc.Arbitrary<BadValue> {
  const types = new Set([schema.type, ...(schema.anyOf ?? []).map((option) => option.type)]);
  const others: [string, unknown][] = (
    [
      ['string', 'text'],
      ['number', 42],
      ['integer', 7],
      ['boolean', true],
      ['array', ['a', 1]],
      ['object', { a: 1 }],
      ['null', null],
    ] as [string, unknown][]
  ).filter(([type]) => !types.has(type) && !(type === 'integer' && types.has('number')) && !(type === 'number' && types.has('integer')));
  if (others.length === 0) return fc.constant(bad('null', null, 'may'));
  return fc.constantFrom(...others).map(([type, value]) => bad(`a value of type ${type}`, value, 'must'));
}

/** A bad value for a field of the schema. */
export function badValue(schema: JsonSchema): fc.Arbitrary<BadValue> {
  const options: fc.Arbitrary<BadValue>[] = [wrongType(schema)];
  const types = new Set([schema.type, ...(schema.anyOf ?? []).map((option) => option.type)]);
  if (types.has('string')) options.push(oddStrings(schema.anyOf?.find((o) => o.type === 'string') ?? schema));
  if (types.has('integer') || types.has('number')) options.push(oddNumbers(schema.anyOf?.find((o) => o.type !== 'null') ?? schema));
  if (schema.enum) options.push(fc.constantFrom('nope', 'LINK.CREATED', '', 0).map((v) => bad(`${JSON.stringify(v)}, outside the enum`, v, 'must')));
  if (types.has('array'))
    options.push(
      fc.constant(
        bad(
          'an array past its maximum',
          Array.from({ length: (schema.maxItems ?? 1000) + 1 }, () => 'x'),
          'must',
        ),
      ),
      fc.constant(bad('an empty array', [], (schema.minItems ?? 0) > 0 ? 'must' : 'may')),
    );
  return fc.oneof(...options);
}

/** A bad value for a query parameter, as the text of the query string (already percent-encoded where it says so). */
export interface BadQueryValue {
  what: string;
  /** Percent-encoded as it goes in the URL. */
  encoded: string;
  refused: 'must' | 'may';
}

export function badQueryValue(schema: JsonSchema): fc.Arbitrary<BadQueryValue> {
  const q = (what: string, encoded: string, refused: 'must' | 'may'): BadQueryValue => ({ what, encoded, refused });
  const options: fc.Arbitrary<BadQueryValue>[] = [
    fc.constant(q('an empty value', '', 'may')),
    fc.constant(q('a huge value', 'x'.repeat(10_000), schema.maxLength !== undefined || schema.type === 'integer' || schema.enum ? 'must' : 'may')),
    fc.constant(q('a NUL', 'a%00b', 'must')),
    fc.constantFrom('%01', '%1B', '%0D%0A', '%7F').map((c) => q(`a control character ${c}`, `a${c}b`, 'may')),
    fc.constantFrom('%ED%A0%80', '%C3', '%FF%FE', '%E0%80%80').map((c) => q(`invalid UTF-8 ${c}`, c, 'may')),
    fc.constantFrom('%', '%zz', '%E0%A4%A').map((c) => q(`a broken percent escape ${c}`, c, 'may')),
  ];
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = schema.minimum ?? -Infinity;
    const max = schema.maximum ?? Infinity;
    options.push(
      fc
        .constantFrom(
          '0',
          '-1',
          String(2 ** 53),
          '9007199254740993',
          '1e309',
          '-1e309',
          'NaN',
          'Infinity',
          '1.5',
          '0x10',
          'abc',
          '1e2',
          String(min - 1),
          String(max + 1),
          String(min),
          String(max),
        )
        .map((text) => {
          const n = Number(text);
          const fine = /^-?\d+$/.test(text) && n >= min && n <= max;
          return q(`the number ${text}`, encodeURIComponent(text), fine ? 'may' : 'must');
        }),
    );
  }
  if (schema.enum) options.push(fc.constantFrom('nope', 'DAY', '%20day').map((v) => q(`${v}, outside the enum`, v, 'must')));
  if (schema.format === 'uuid')
    options.push(
      fc
        .constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000g', "1' or '1'='1")
        .map((v) => q(`${v}, not a UUID`, encodeURIComponent(v), 'must')),
    );
  if (schema.format === 'date-time' || schema.anyOf?.some((o) => o.format === 'date'))
    options.push(
      fc
        .constantFrom('2026-13-01', '2026-02-30', '0000-01-01', '99999-01-01', '2026-11-01T25:00:00Z', 'yesterday')
        .map((v) => q(`the date ${v}`, encodeURIComponent(v), 'must')),
    );
  return fc.oneof(...options);
}
