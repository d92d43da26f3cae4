import knex, { type Knex } from 'knex';
import { domainScopes } from '../../../migrations/identity/003_domain_scopes';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * Keys made before the domains scopes existed: one holding every scope
 * there was (a bootstrap key) gets them, narrower ones do not.
 */
let database: TestDatabase;
let db: Knex;
beforeAll(async () => {
  database = await createTestDatabase();
  db = knex({ client: 'pg', connection: database.url, pool: { min: 0, max: 1 } });
});
afterAll(async () => {
  await db.destroy();
  await database.drop();
});

const EVERY_OLD_SCOPE = ['links:read', 'links:write', 'analytics:read', 'webhooks:read', 'webhooks:write', 'keys:write'];

it('gives domains:read and domains:write to keys that held every earlier scope, and to no other key', async () => {
  const [workspace] = await db('identity.workspaces').insert({ name: 'old' }).returning<{ id: string }[]>('id');
  const key = (name: string, scopes: string[]) => ({ workspace_id: workspace.id, name, prefix: name, key_hash: `hash-${name}`, scopes });
  await db('identity.api_keys').insert([key('bootstrap', EVERY_OLD_SCOPE), key('narrow', ['links:read', 'links:write'])]);
  await domainScopes.up(db);
  await domainScopes.up(db); // a second run changes nothing
  const scopes = Object.fromEntries(
    (await db('identity.api_keys').where({ workspace_id: workspace.id }).select('name', 'scopes')).map((row: { name: string; scopes: string[] }) => [
      row.name,
      row.scopes,
    ]),
  );
  expect(scopes).toEqual({ bootstrap: [...EVERY_OLD_SCOPE, 'domains:read', 'domains:write'], narrow: ['links:read', 'links:write'] });
});
