import type { Cache, CacheRegistry } from '../../shared/cache';
import { Conflict, Forbidden, Invalid, NotFound, Unavailable } from '../../shared/errors';
import { createEvent, type EventPublisher } from '../../shared/events';
import { isUuid } from '../../shared/http/validate';
import type { DefaultHosts } from './default-hosts';
import { isHostnameTaken, type DomainChanges, type DomainRow, type DomainsRepository } from './data/domains-repository';
import { domainCreated, domainDeleted, domainUpdated, domainVerified } from './events';
import type { CreateDomainInput, UpdateDomainInput } from './http/schemas';
import { hostnameProblem, normaliseHostname } from './hostname';
import type { Domain, DomainHost, DomainUsage, HostResolution } from './types';
import { newVerificationToken, TXT_PREFIX, verificationName, type DnsVerifier } from './verification';

/** The verified and pending domains by hostname, for the redirect; every change evicts its hostname in every process. */
export const HOST_CACHE = 'domains:hosts';

const notFound = (id: string) => new NotFound(`Domain ${id} does not exist`);

/** The characters of a stored hostname (lower-case punycode), with at least one dot, not all digits (an IPv4 address). */
const COULD_BE_HOSTNAME = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z0-9-]*[a-z-][a-z0-9-]*$/;

function couldBeHostname(host: string): boolean {
  return host.length <= 253 && COULD_BE_HOSTNAME.test(host);
}

export interface DomainsServiceOptions {
  maxPerWorkspace: number;
}

/** The domains use cases (every one scoped by the caller's workspace), and the redirect's look-up of a host. */
export class DomainsService {
  private usage: DomainUsage | undefined;

  constructor(
    private readonly repo: DomainsRepository,
    private readonly caches: CacheRegistry,
    private readonly hosts: Cache<DomainHost>,
    private readonly defaults: DefaultHosts,
    private readonly verifier: DnsVerifier,
    private readonly events: EventPublisher,
    private readonly options: DomainsServiceOptions,
  ) {}

  /** Where the links on a domain are counted (the module storing links connects it); until then none are known. */
  connectUsage(usage: DomainUsage): void {
    this.usage = usage;
  }

  async create(workspaceId: string, input: CreateDomainInput): Promise<Domain> {
    const hostname = input.hostname;
    if (this.defaults.named(hostname)) {
      throw new Invalid(`The request body is invalid (body.hostname: ${hostname} is the default domain)`, [
        { field: 'body.hostname', message: "is the default domain (PUBLIC_BASE_URL's host or DEFAULT_DOMAIN_HOSTS): its links need no domain" },
      ]);
    }
    checkOwnHost(hostname, input.rootUrl, 'rootUrl');
    checkOwnHost(hostname, input.notFoundUrl, 'notFoundUrl');
    let row: DomainRow;
    try {
      row = await this.repo.transaction(async (repo) => {
        await repo.lockWorkspace(workspaceId);
        if ((await repo.count(workspaceId)) >= this.options.maxPerWorkspace) {
          throw new Forbidden(
            `This workspace has ${this.options.maxPerWorkspace} domains, the most it may have (DOMAINS_MAX_PER_WORKSPACE); delete one first`,
          );
        }
        const inserted = await repo.insert({
          workspace_id: workspaceId,
          hostname,
          verification_token: newVerificationToken(),
          root_url: input.rootUrl ?? null,
          not_found_url: input.notFoundUrl ?? null,
          public_qr: input.publicQr ?? true,
        });
        // The host may be cached as unknown (or, with DEFAULT_DOMAIN_HOSTS=*, as the default domain's) in some process.
        await this.caches.invalidate(repo.db, HOST_CACHE, [hostname]);
        await this.events.publish(repo.db, createEvent(domainCreated, workspaceId, { domain: eventDomain(inserted) }));
        return inserted;
      });
    } catch (error) {
      if (isHostnameTaken(error)) throw new Conflict(`The domain ${hostname} is claimed already (a domain belongs to one workspace)`);
      throw error;
    }
    return toDomain(row);
  }

  async list(workspaceId: string): Promise<{ data: Domain[] }> {
    return { data: (await this.repo.list(workspaceId)).map(toDomain) };
  }

  async get(workspaceId: string, id: string): Promise<Domain> {
    return toDomain(await this.row(workspaceId, id));
  }

  async update(workspaceId: string, id: string, patch: UpdateDomainInput): Promise<Domain> {
    const changes: DomainChanges = {};
    if (patch.rootUrl !== undefined) changes.root_url = patch.rootUrl;
    if (patch.notFoundUrl !== undefined) changes.not_found_url = patch.notFoundUrl;
    if (patch.publicQr !== undefined) changes.public_qr = patch.publicQr;
    const row = await this.repo.transaction(async (repo) => {
      const current = await repo.find(workspaceId, id, true);
      if (!current) throw notFound(id);
      checkOwnHost(current.hostname, patch.rootUrl, 'rootUrl');
      checkOwnHost(current.hostname, patch.notFoundUrl, 'notFoundUrl');
      const updated = (await repo.update(workspaceId, id, changes))!;
      await this.caches.invalidate(repo.db, HOST_CACHE, [updated.hostname]);
      const [before, after] = [eventDomain(current), eventDomain(updated)];
      const changed = UPDATABLE.filter((field) => before[field] !== after[field]);
      await this.events.publish(repo.db, createEvent(domainUpdated, workspaceId, { domain: after, changed }));
      return updated;
    });
    return toDomain(row);
  }

  /**
   * Deletes a domain without links: with links it is refused (409), so no
   * short URL that was shared stops working, and no other workspace can take
   * the hostname over while links remain on it.
   */
  async remove(workspaceId: string, id: string): Promise<void> {
    await this.repo.transaction(async (repo) => {
      const current = await repo.find(workspaceId, id, true);
      if (!current) throw notFound(id);
      // Without links in this process nobody can say whether links live on it (they may run in another one).
      if (this.usage === undefined) throw new Unavailable('Deleting a domain needs the links module in this process (MODULES)');
      if (await this.usage.inUse(current.hostname)) {
        throw new Conflict(`The domain ${current.hostname} still has links; delete them first`);
      }
      await repo.delete(workspaceId, id);
      await this.caches.invalidate(repo.db, HOST_CACHE, [current.hostname]);
      await this.events.publish(repo.db, createEvent(domainDeleted, workspaceId, { domainId: id, hostname: current.hostname, expired: false }));
    });
  }

  /**
   * Looks for the domain's TXT record and marks it verified when it holds the
   * token; otherwise says what DNS answered (409), or that it did not answer
   * (503). A verified domain stays verified: checking again is not needed.
   */
  async verify(workspaceId: string, id: string): Promise<Domain> {
    const current = await this.row(workspaceId, id);
    if (current.status === 'verified') return toDomain(current);
    const check = await this.verifier.check(current.hostname, current.verification_token);
    const row = await this.record(current, check.verified ? null : check.found);
    if (check.verified) return toDomain(row);
    const detail = `The domain ${current.hostname} is not verified: ${check.found}. Create a TXT record at ${verificationName(current.hostname)} with the value ${TXT_PREFIX}${current.verification_token}, then verify again.`;
    throw check.temporary ? new Unavailable(detail, 30) : new Conflict(detail);
  }

  /**
   * Deletes the domains pending for longer than `days`: a claim nobody
   * proved does not hold a hostname for good. A pending domain has no links
   * (a link needs a verified one).
   */
  async expirePending(days: number): Promise<string[]> {
    if (days === 0) return [];
    return this.repo.transaction(async (repo) => {
      const expired = await repo.deletePendingSince(new Date(Date.now() - days * 86_400_000));
      const hostnames = expired.map((row) => row.hostname);
      if (hostnames.length > 0) await this.caches.invalidate(repo.db, HOST_CACHE, hostnames);
      await this.events.publish(
        repo.db,
        ...expired.map((row) => createEvent(domainDeleted, row.workspace_id, { domainId: row.id, hostname: row.hostname, expired: true })),
      );
      return hostnames;
    });
  }

  /** The re-check job's step: checks one pending domain and records what it found. */
  async recheck(row: DomainRow): Promise<boolean> {
    const check = await this.verifier.check(row.hostname, row.verification_token);
    await this.record(row, check.verified ? null : check.found);
    return check.verified;
  }

  private async record(current: DomainRow, problem: string | null): Promise<DomainRow> {
    return this.repo.transaction(async (repo) => {
      const row = await repo.recordCheck(current.workspace_id, current.id, problem);
      if (!row) throw notFound(current.id);
      if (problem === null) {
        await this.caches.invalidate(repo.db, HOST_CACHE, [row.hostname]);
        await this.events.publish(repo.db, createEvent(domainVerified, row.workspace_id, { domain: eventDomain(row) }));
      }
      return row;
    });
  }

  /**
   * The workspace's verified domain for a link, by hostname as given (any
   * case, Unicode or punycode): its stored hostname, or why it cannot be used.
   * Read from the database, not the cache: a create must see a verification
   * that just committed in another process.
   */
  async domainForLink(workspaceId: string, raw: string): Promise<{ hostname: string } | { problem: string }> {
    if (hostnameProblem(raw) !== undefined) return { problem: 'must be the hostname of one of the workspace’s verified domains' };
    const hostname = normaliseHostname(raw);
    const row = await this.repo.findByHostname(hostname);
    if (!row || row.workspace_id !== workspaceId) return { problem: `is not a domain of this workspace (add it with POST /v1/domains)` };
    if (row.status !== 'verified') return { problem: `is not verified yet (POST /v1/domains/${row.id}/verify)` };
    return { hostname };
  }

  /** What `host` (a hostKey) is to the redirect without I/O; undefined when it must be looked up (resolveHost). */
  cachedHost(host: string): HostResolution | undefined {
    if (this.defaults.named(host)) return 'default';
    const cached = this.hosts.peek(host);
    if (cached !== undefined) return this.resolution(cached);
    // A host that no stored hostname can be (an IP address, a stray string) needs no look-up: resolveHost makes none either.
    return couldBeHostname(host) ? undefined : this.resolution(null);
  }

  /** What `host` is to the redirect, looked up on a miss (unknown hosts are cached as such, briefly). */
  async resolveHost(host: string): Promise<HostResolution> {
    if (this.defaults.named(host)) return 'default';
    // A request's Host is anyone's to choose: only a name that could be a stored hostname is worth a query.
    if (!couldBeHostname(host)) return this.resolution(null);
    const found = await this.hosts.getOrLoad(host, async () => {
      const row = await this.repo.findByHostname(host);
      return row && toHost(row);
    });
    return this.resolution(found ?? null);
  }

  private resolution(domain: DomainHost | null): HostResolution {
    if (domain === null) return this.defaults.anyUnclaimed ? 'default' : 'unknown';
    // A pending domain claims its host: it serves nothing, and is not the default domain either.
    return domain.verified ? domain : 'unknown';
  }

  private async row(workspaceId: string, id: string): Promise<DomainRow> {
    const row = isUuid(id) ? await this.repo.find(workspaceId, id) : undefined;
    if (!row) throw notFound(id);
    return row;
  }
}

/** A domain's root or not-found URL on the domain itself would send visitors back to it, perhaps in a loop. */
function checkOwnHost(hostname: string, url: string | null | undefined, field: string): void {
  if (url === null || url === undefined || new URL(url).hostname !== hostname) return;
  throw new Invalid(`The request body is invalid (body.${field}: must not point at the domain itself)`, [
    { field: `body.${field}`, message: 'must not point at the domain itself (it could loop)' },
  ]);
}

function toHost(row: DomainRow): DomainHost {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    hostname: row.hostname,
    verified: row.status === 'verified',
    rootUrl: row.root_url,
    notFoundUrl: row.not_found_url,
    publicQr: row.public_qr,
  };
}

/** The fields an update may change, as the API names them. */
const UPDATABLE = ['rootUrl', 'notFoundUrl', 'publicQr'] as const;

/** A domain as its events carry it: the API's fields without the verification record. */
function eventDomain(row: DomainRow) {
  const { verification: _verification, checkedAt: _checkedAt, checkProblem: _checkProblem, ...rest } = toDomain(row);
  return rest;
}

function toDomain(row: DomainRow): Domain {
  return {
    id: row.id,
    hostname: row.hostname,
    status: row.status,
    verification: { type: 'TXT', name: verificationName(row.hostname), value: `${TXT_PREFIX}${row.verification_token}` },
    verifiedAt: row.verified_at?.toISOString() ?? null,
    checkedAt: row.checked_at?.toISOString() ?? null,
    checkProblem: row.check_problem,
    rootUrl: row.root_url,
    notFoundUrl: row.not_found_url,
    publicQr: row.public_qr,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
