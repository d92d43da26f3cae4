import type { z } from 'zod';

/**
 * A group of environment variables and the typed settings they become. The
 * declaration is the one source of each fact about a variable: its schema
 * validates and types it, its default is what applies when it is unset, and
 * its text is what the generated configuration reference and .env.example
 * say (`npm run docs:config`).
 */

export type Env = Record<string, string | undefined>;

export interface Variable<T extends z.ZodType = z.ZodType> {
  schema: T;
  /** What it does, for the reference; ranges and allowed values come from the schema. */
  doc: string;
  /** The value that applies when the variable is unset, written as it would be set. */
  default?: string;
  /** For a variable without a default: a value to show in .env.example. */
  example?: string;
  /** Never echoed in errors (tokens, and URLs that may hold passwords). */
  secret?: boolean;
}

export type Variables = Record<string, Variable>;
export type Values<V extends Variables> = { [K in keyof V]: z.output<V[K]['schema']> };

export interface SettingsDeclaration<S = unknown> {
  /** The heading of the group in the reference. */
  title: string;
  variables: Variables;
  /** The settings, or a ConfigError with one line per problem. */
  read(env: Env): S;
}

/** Thrown with one line per invalid variable, so start-up can print them all and exit. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function variable<T extends z.ZodType>(schema: T, meta: Omit<Variable<T>, 'schema'>): Variable<T> {
  return { schema, ...meta };
}

export function defineSettings<V extends Variables, S>(declaration: {
  title: string;
  variables: V;
  /** Rules between variables: one line per problem, starting with the variable's name. */
  check?(values: Values<V>, env: Env): string[];
  build(values: Values<V>): S;
}): SettingsDeclaration<S> {
  const { title, variables } = declaration;
  return {
    title,
    variables,
    read(env) {
      const problems: string[] = [];
      const values: Record<string, unknown> = {};
      for (const [name, { schema, default: fallback, secret }] of Object.entries(variables)) {
        const given = env[name];
        const parsed = schema.safeParse(given ?? fallback);
        if (parsed.success) values[name] = parsed.data;
        else
          for (const issue of parsed.error.issues)
            problems.push(`${[name, ...issue.path].join('.')}: ${issue.message} (got ${describe(given, secret)})`);
      }
      if (problems.length === 0) problems.push(...(declaration.check?.(values as Values<V>, env) ?? []));
      if (problems.length > 0) throw new ConfigError(problems);
      return declaration.build(values as Values<V>);
    },
  };
}

/** Reads several declarations at once, so that every problem of every group is reported together. */
export function readAll<T extends Record<string, SettingsDeclaration>>(
  declarations: T,
  env: Env,
): { [K in keyof T]: T[K] extends SettingsDeclaration<infer S> ? S : never } {
  const problems: string[] = [];
  const settings: Record<string, unknown> = {};
  for (const [key, declaration] of Object.entries(declarations)) {
    try {
      settings[key] = declaration.read(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings as { [K in keyof T]: T[K] extends SettingsDeclaration<infer S> ? S : never };
}

/** What was given, for the error line; secrets and URLs (which may hold passwords) are not echoed. */
function describe(value: string | undefined, secret: boolean | undefined): string {
  if (value === undefined) return 'nothing';
  if (secret) return `a value of ${value.length} characters`;
  return value.length > 40 ? `"${value.slice(0, 37)}..."` : `"${value}"`;
}
