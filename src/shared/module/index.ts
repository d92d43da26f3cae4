import type { RequestHandler, Router } from 'express';
import type { Knex } from 'knex';
import type { CacheRegistry } from '../cache';
import type { Config, SettingsDeclaration } from '../config';
import type { ReadRouter } from '../db';
import type { MigratableModule, Migration } from '../db/migrations';
import type { EventPublisher, Subscription, SubscriptionHandler } from '../events';
import type { Geolocator } from '../geo';
import type { FastPath } from '../http/fast-lane';
import type { DocumentedOperation } from '../http/route';
import type { TaskDefinition } from '../jobs';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import type { OutboundClient } from '../outbound';
import type { RateLimits } from '../ratelimit';

/**
 * What the platform gives a module. `db` is the module's own handle on the shared
 * pool (its queries are timed under its name); by rule the module only touches
 * tables in the Postgres schema named after it.
 */
export interface ModuleContext<Settings = unknown> {
  /** The platform's configuration. */
  config: Config;
  /** The module's own settings, read from the environment through its declaration. */
  settings: Settings;
  db: Knex;
  /**
   * With SHARDS, in the cell of a shard other than main: the module's handle
   * on the main database, for its tables that are global rather than per
   * workspace (links' slug directory). Undefined where `db` is main's.
   */
  mainDb?: Knex;
  /**
   * For reads that tolerate replica lag (lists, stats, cache loads): a replica
   * from DATABASE_REPLICA_URLS when one is in rotation and fresh enough, else
   * `db`. Writes and reads that must see them use `db`.
   */
  reads: ReadRouter;
  logger: Logger;
  metrics: Metrics;
  caches: CacheRegistry;
  /** Publishes domain events in the caller's transaction (see src/shared/events). */
  events: EventPublisher;
  /** The only way to call out of the process: timeouts, SSRF policy, breaker and bulkhead per host (see src/shared/outbound). */
  outbound: OutboundClient;
  /**
   * Where an IP address is (GEOIP_DB): one per process, shared by every
   * module and cell. Synchronous and in memory; see src/shared/geo.
   */
  geo: Geolocator;
  /**
   * The process's rate limits, counted in the store every process shares
   * (RATE_LIMIT_STORE): a module defines its own with the policies its
   * settings declare and puts them on its routes (OperationSpec.rateLimit).
   */
  rateLimits: RateLimits;
}

export interface WorkspaceData {
  tables: readonly string[];
  /** On the new shard, in the copy's transaction, before rows of `table` are inserted (analytics creates their day partitions). */
  beforeImport?(trx: Knex, table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  /** On the old shard, in the removal's transaction, before the workspace's rows go (links evicts their slugs from every process's cache). */
  beforeRemove?(trx: Knex, workspaceId: string): Promise<void>;
}

/**
 * A module's part of a portable workspace file (`workspace:export` and
 * `workspace:import`, docs/adr/0018-portable-workspaces.md): its tables, parents
 * first, each row exported as PostgreSQL's JSON of it and imported by
 * json_populate_recordset, so no value passes through a JavaScript type.
 */
export interface PortableTable {
  table: string;
  /** The column naming the workspace: `workspace_id` unless said (identity.workspaces: `id`). */
  key?: string;
  /** Values written to the file instead of the row's own (a secret): column → value. */
  redact?: Record<string, unknown>;
}

export interface PortableData {
  tables: readonly PortableTable[];
  /** In the import's transaction, before a batch of `table`'s rows (a JSON array, as text) is inserted (analytics creates day partitions). */
  beforeImport?(trx: Knex, table: string, rowsJson: string): Promise<void>;
  /**
   * In the import's transaction, after the module's rows: what the rows alone
   * do not make (slugs claimed in the service-wide register, caches evicted,
   * secrets made anew). Returns lines for the operator, if any; throws a
   * Conflict for data this installation cannot take (a slug taken here).
   */
  afterImport?(trx: Knex, workspaceId: string): Promise<readonly string[] | void>;
}

/** A built module: its typed public API, its HTTP routes, and how to stop it. */
export interface ModuleInstance<Api> {
  api: Api;
  router?: Router;
  /**
   * A middleware run before every route, for a path so hot that walking the
   * route table matters. It must claim only requests no route serves and pass
   * the rest on with next().
   */
  hotPath?: RequestHandler;
  /**
   * A synchronous handler run on the raw request before Express, for what the
   * hot path can answer at once (see src/shared/http/fast-lane.ts). It returns
   * false for everything else, which then takes the normal way.
   */
  fastPath?: FastPath;
  /**
   * The operations it serves outside its router (its fastPath and hotPath),
   * described for the OpenAPI document; nothing is mounted for them.
   */
  operations?: readonly DocumentedOperation[];
  /** Background tasks this module runs (see src/shared/jobs). */
  tasks?: readonly TaskDefinition[];
  /** One handler for each subscription the definition declares. */
  handlers?: readonly SubscriptionHandler[];
  /**
   * The workspaces' data this module keeps, for moving a workspace between
   * shards (`workspace:move`, docs/architecture/scaling.md#shards): its tables with a
   * `workspace_id` column, parents first — copied to the new shard, then
   * deleted from the old one (children first).
   */
  workspaceData?: WorkspaceData;
  /** The workspaces' data this module keeps, for a workspace file that moves a workspace between installations. */
  portable?: PortableData;
  /** Called on shutdown after the HTTP server stopped and before the pool closes. */
  stop?(): Promise<void>;
}

/**
 * A module's declaration: the single value its `index.ts` exports. `dependsOn`
 * names the modules whose public API it uses, `eventsFrom` those it only hears
 * from (the boundary checker verifies that its imports agree with both),
 * `migrations` creates its schema's tables.
 */
export interface ModuleDefinition<Api, Deps = Record<string, never>, Settings = undefined> {
  /** Also the name of the module's Postgres schema. */
  name: string;
  /** One line on what the module owns; shown in the module map. */
  description: string;
  dependsOn: readonly string[];
  /**
   * Modules whose domain events it subscribes to and which it imports for
   * their event definitions only (the contracts in their `events.ts`). Unlike
   * `dependsOn`, they need not run in the same process: their events reach
   * this module through the shared job queue wherever they are published.
   */
  eventsFrom?: readonly string[];
  /**
   * Its data is service-wide rather than per workspace, and looked up before
   * any workspace is known (identity's workspaces and keys, domains' host
   * names): with SHARDS it runs in main's cell only, its routes are served
   * once, from main, and the other cells are handed its API.
   */
  global?: boolean;
  migrations: readonly Migration[];
  /** Domain events of other modules this one reacts to (handlers come with the built instance). */
  subscriptions?: readonly Subscription[];
  /** Its environment variables (its settings.ts); the configuration reference is generated from them. */
  settings?: SettingsDeclaration<Settings>;
  create(context: ModuleContext<Settings>, deps: Deps): ModuleInstance<Api>;
}

/** Any module's definition, its API, dependencies and settings types erased (the registry's view). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- create() takes each module's own settings type
export type AnyModuleDefinition = ModuleDefinition<unknown, never, any>;

/** What the migration runner needs of a module definition. */
export function migratableModule(definition: AnyModuleDefinition): MigratableModule {
  return { name: definition.name, migrations: definition.migrations, inbox: (definition.subscriptions ?? []).length > 0 };
}
