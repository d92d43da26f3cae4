import type { JsonSchema } from './operations';

/**
 * The fields nested inside a generated body (a targeting rule's country, a
 * variant's weight, a UTM source), each with its schema, and a way to set
 * one: the top-level fields are mutated anyway, these are the ones beneath.
 */
export interface NestedField {
  path: (string | number)[];
  schema: JsonSchema;
}

/** Every field below the top level of `value`, as its schema describes it. */
export function nestedFields(value: unknown, schema: JsonSchema, path: (string | number)[] = []): NestedField[] {
  const own = path.length > 1 ? [{ path, schema }] : [];
  const option = schema.anyOf?.find((o) => o.type === (Array.isArray(value) ? 'array' : typeof value)) ?? schema;
  if (Array.isArray(value) && option.items) return [...own, ...value.flatMap((item, i) => nestedFields(item, option.items!, [...path, i]))];
  if (typeof value === 'object' && value !== null && option.properties) {
    return [
      ...own,
      ...Object.entries(value).flatMap(([key, inner]) =>
        option.properties![key] ? nestedFields(inner, option.properties![key], [...path, key]) : [],
      ),
    ];
  }
  return own;
}

/** A deep copy of `value` with `replacement` at `path`. */
export function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = setAt(copy[head], rest, replacement);
  return copy;
}
