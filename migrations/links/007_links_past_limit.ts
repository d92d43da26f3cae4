import type { Migration } from '../../src/shared/db/migrations';

/**
 * The link limit as one function every create uses: how many of a
 * workspace's links are past its limit. A bulk create needs that number (it
 * takes back its last items past the limit), a single create only needs to
 * fail its statement past it (within_link_limit, 006), now defined by it.
 */
export const linksPastLimit: Migration = {
  name: '007_links_past_limit',
  async up(knex) {
    await knex.raw(`
      create function links.links_past_limit(link_count integer, max_links integer) returns integer
      language sql immutable as $$ select greatest(link_count - max_links, 0) $$;

      create or replace function links.within_link_limit(link_count integer, max_links integer) returns boolean
      language plpgsql as $$
      begin
        if links.links_past_limit(link_count, max_links) > 0 then
          raise exception 'workspace link limit of % reached', max_links using errcode = 'SL403', detail = max_links::text;
        end if;
        return true;
      end
      $$;
    `);
  },
  async down(knex) {
    await knex.raw(`
      create or replace function links.within_link_limit(link_count integer, max_links integer) returns boolean
      language plpgsql as $$
      begin
        if link_count > max_links then
          raise exception 'workspace link limit of % reached', max_links using errcode = 'SL403', detail = max_links::text;
        end if;
        return true;
      end
      $$;

      drop function links.links_past_limit(integer, integer);
    `);
  },
};
