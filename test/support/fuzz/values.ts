import fc from 'fast-check';
import type { JsonSchema } from './operations';

/**
 * Valid values from a JSON schema of the document: what its types, enums,
 * bounds and patterns allow. Where the schema cannot say what the service
 * needs (a URL it can redirect to, a host name no one holds, a future
 * date), a hint by field name gives a value that is valid in meaning too.
 * A hint of `undefined` leaves an optional field out.
 */
export type Hints = Record<string, fc.Arbitrary<unknown> | undefined>;

export function validValue(schema: JsonSchema, hints: Hints = {}, name?: string): fc.Arbitrary<unknown> {
  if (name !== undefined && name in hints && hints[name] !== undefined) return hints[name]!;
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((option) => validValue(option, hints, name)));
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000, noNaN: true });
    case 'null':
      return fc.constant(null);
    case 'array': {
      const size = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) };
      const item = validValue(schema.items ?? {}, hints);
      return schema.uniqueItems ? fc.uniqueArray(item, { ...size, selector: (value) => JSON.stringify(value) }) : fc.array(item, size);
    }
    case 'object':
      return objectValue(schema, hints);
    case 'string':
      return stringValue(schema);
    default:
      return fc.constant('x');
  }
}

function objectValue(schema: JsonSchema, hints: Hints): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === 'object') {
    return fc.dictionary(stringValue({ ...schema.propertyNames, minLength: 1, maxLength: 20 }), validValue(schema.additionalProperties, hints), {
      maxKeys: 3,
    });
  }
  const required = new Set(schema.required ?? []);
  // A hint of undefined leaves the field out, even when the schema would allow it.
  const fields = Object.keys(properties).filter((key) => required.has(key) || !(key in hints) || hints[key] !== undefined);
  const record = Object.fromEntries(fields.map((key) => [key, validValue(properties[key], hints, key)]));
  return fc.record(record, { requiredKeys: fields.filter((key) => required.has(key)) });
}

function stringValue(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid({ version: 4 });
  if (schema.format === 'date-time')
    return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'date')
    return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern, 'u');
    return fc.stringMatching(pattern).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  }
  // Printable text, now and then beyond ASCII; never blank, as most fields trim.
  return fc
    .oneof(fc.string({ unit: 'grapheme-ascii', minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }))
    .filter((s) => (minLength === 0 || s.trim().length >= minLength) && !/[\p{Cc}]/u.test(s));
}
