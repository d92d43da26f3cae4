import type { Migration } from '../../src/shared/db/migrations';

/**
 * The workspace directory: which database ("shard", docs/SCALING.md#shards)
 * holds each workspace's data, and whether a move is under way (its writes
 * are paused from `moving_since` until the move ends). Workspaces made before
 * sharding live on the main database.
 */
export const workspaceDirectory: Migration = {
  name: '002_workspace_directory',
  async up(knex) {
    await knex.raw(`
      alter table identity.workspaces
        add column shard text not null default 'main',
        add column moving_since timestamptz;
      create index workspaces_shard_idx on identity.workspaces (shard);
    `);
  },
  async down(knex) {
    await knex.raw('alter table identity.workspaces drop column moving_since, drop column shard');
  },
};
