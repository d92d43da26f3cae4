/**
 * The operations the fuzzer drives, read from the OpenAPI document the app
 * serves: each one's method, path, parameters and request body, its `$ref`s
 * resolved, and who may call it. A route added later is fuzzed the day it is
 * documented.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  default?: unknown;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

/** Who the document says may call: the first security requirement it lists (an API key before a session), or no one in particular. */
export type Caller = 'apiKey' | 'session' | 'adminToken' | 'internalToken' | 'metricsToken' | 'public';

export interface FuzzOperation {
  /** `METHOD /path`, as documented. */
  name: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { contentType: string; schema: JsonSchema; required: boolean };
  caller: Caller;
  /** Statuses whose refusal the document says may be an HTML page (the redirect's, for browsers) rather than a problem document. */
  htmlRefusals: number[];
}

interface Document {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface RawOperation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  security?: Record<string, string[]>[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

export function operationsOf(document: Document): FuzzOperation[] {
  const resolve = resolver(document);
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, raw]): FuzzOperation => {
      const [contentType, media] = Object.entries(raw.requestBody?.content ?? {})[0] ?? [];
      const scheme = Object.keys(raw.security?.[0] ?? {})[0] as Caller | undefined;
      return {
        name: `${method.toUpperCase()} ${path}`,
        method,
        path,
        parameters: (raw.parameters ?? []).map((p) => ({ ...p, required: p.required === true, schema: resolve(p.schema) })),
        body: media ? { contentType, schema: resolve(media.schema), required: raw.requestBody?.required === true } : undefined,
        caller: scheme ?? 'public',
        htmlRefusals: Object.entries(raw.responses ?? {})
          .filter(([status, response]) => Number(status) >= 400 && response.content?.['text/html'] !== undefined)
          .map(([status]) => Number(status)),
      };
    }),
  );
}

/** Inlines every `#/components/schemas/...` reference (the document has no recursive schema). */
function resolver(document: Document): (schema: JsonSchema) => JsonSchema {
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== 'object' || value === null) return value;
    const { $ref, ...rest } = value as JsonSchema;
    const target = $ref ? document.components?.schemas?.[$ref.replace('#/components/schemas/', '')] : undefined;
    const merged = target ? { ...(target as object), ...rest } : rest;
    return Object.fromEntries(Object.entries(merged).map(([key, inner]) => [key, resolve(inner)]));
  };
  return (schema) => resolve(schema) as JsonSchema;
}
