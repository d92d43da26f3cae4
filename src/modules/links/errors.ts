import { Conflict, Forbidden, NotFound } from '../../shared/errors';
import { linkLimitOf } from './data/links-repository';

export function notFound(id: string): NotFound {
  return new NotFound(`Link ${id} does not exist`);
}

export function slugTaken(slug: string): Conflict {
  return new Conflict(`The slug "${slug}" is taken (slugs are unique per domain across the service, ignoring case)`);
}

export function limitReached(max: number): Forbidden {
  return new Forbidden(`This workspace has reached its limit of ${max} links; delete links or ask for a higher limit`);
}

/** A create refused by the workspace's link limit (SL403 from links.within_link_limit) as the API's 403; any other error as it is. */
export function limitReachedOr(error: unknown): unknown {
  const max = linkLimitOf(error);
  return max === undefined ? error : limitReached(max);
}
