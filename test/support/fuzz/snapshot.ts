import knex, { type Knex } from 'knex';

/**
 * What a workspace has stored, read straight from the database: every row of
 * every table with a `workspace_id`, in every module's schema, as one digest
 * per table. Columns that a read may touch (when a key or session was last
 * used) and click analytics (recorded after a redirect answers) are left out:
 * what is compared is what a write could change.
 */
export interface Snapshots {
  take(workspaceId: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

const VOLATILE = /^(last_used_at|last_seen_at|used_at|clicks_claimed)$/;
const SKIPPED_SCHEMAS = new Set(['analytics', 'graphile_worker', 'information_schema', 'pg_catalog', 'public']);

export async function snapshots(databaseUrl: string): Promise<Snapshots> {
  const db: Knex = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 2 } });
  const rows = (
    await db.raw<{ rows: { table_schema: string; table_name: string; column_name: string }[] }>(
      `select c.table_schema, c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t using (table_schema, table_name)
       where t.table_type = 'BASE TABLE' order by c.table_schema, c.table_name, c.ordinal_position`,
    )
  ).rows;
  const tables = new Map<string, string[]>();
  for (const row of rows) {
    if (SKIPPED_SCHEMAS.has(row.table_schema)) continue;
    const name = `${row.table_schema}.${row.table_name}`;
    tables.set(name, [...(tables.get(name) ?? []), row.column_name]);
  }
  const owned = [...tables].filter(([, columns]) => columns.includes('workspace_id'));
  if (owned.length < 5) throw new Error(`only ${owned.length} workspace tables found: ${owned.map(([n]) => n).join(', ')}`);
  const query = owned
    .map(([name, columns]) => {
      const kept = columns.filter((column) => !VOLATILE.test(column)).map((column) => db.raw('??', [column]).toQuery());
      const [schema, table] = name.split('.');
      return db
        .raw(
          `select ? as name, md5(coalesce(string_agg(row_text, '|' order by row_text), '')) as digest from (select (row(${kept.join(', ')}))::text as row_text from ??.?? where workspace_id = :workspace) r`,
          [name, schema, table],
        )
        .toQuery();
    })
    .join(' union all ');
  return {
    take: async (workspaceId) => {
      const result = await db.raw<{ rows: { name: string; digest: string }[] }>(query.replaceAll(':workspace', db.raw('?', [workspaceId]).toQuery()));
      return Object.fromEntries(result.rows.map((row) => [row.name, row.digest]));
    },
    close: () => db.destroy(),
  };
}
