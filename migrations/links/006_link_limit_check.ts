import type { Migration } from '../../src/shared/db/migrations';

/**
 * The link limit, checked inside a statement: a create is one statement
 * (claim, insert, count, cache notice), with no transaction of its own to roll
 * back from the application, so a count past the limit has to fail the
 * statement itself — which undoes all of it.
 */
export const linkLimitCheck: Migration = {
  name: '006_link_limit_check',
  async up(knex) {
    await knex.raw(`
      create function links.within_link_limit(link_count integer, max_links integer) returns boolean
      language plpgsql as $$
      begin
        if link_count > max_links then
          raise exception 'workspace link limit of % reached', max_links using errcode = 'SL403', detail = max_links::text;
        end if;
        return true;
      end
      $$;
    `);
  },
  async down(knex) {
    await knex.raw('drop function links.within_link_limit(integer, integer);');
  },
};
