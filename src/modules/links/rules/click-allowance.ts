import type { Logger } from '../../../shared/logging';

/**
 * The click limit (`maxClicks`), kept exact across processes without a write
 * per click: a process claims a lease of clicks from the link's row (one
 * UPDATE that never grants more than the limit leaves) and serves from it in
 * memory. A lease is a sixteenth of what is left, 1 to 50 clicks, so near the
 * limit each click is claimed alone. Hence:
 *
 * - never more redirects than `maxClicks`, however many processes serve them;
 * - fewer only by the unspent leases of a process that died: a process that
 *   stops hands its unspent clicks back (stop()).
 *
 * A lease belongs to one version of the link (its updatedAt): after an
 * update (perhaps a lower limit) the old lease's unspent clicks are given
 * back in the background and a fresh lease is claimed from the row.
 */
export interface ClickLeases {
  /** Claims up to a lease of the link's clicks; resolves to how many were granted (0: the limit is reached). */
  claim(workspaceId: string, linkId: string): Promise<number>;
  /** Gives `count` unspent clicks back. */
  giveBack(workspaceId: string, linkId: string, count: number): Promise<void>;
}

interface Lease {
  version: number;
  workspaceId: string;
  left: number;
  /** Claimed to the end: the limit is reached (until the link changes). */
  exhausted: boolean;
  claiming: Promise<void> | undefined;
}

export type Allowance = 'granted' | 'exhausted' | 'claim';

export class ClickAllowance {
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly store: ClickLeases,
    private readonly logger: Logger,
  ) {}

  /**
   * Takes one click of the link's lease at once if it can: `claim` means this
   * process must claim more first (call claim(), then take again).
   */
  take(linkId: string, workspaceId: string, version: number): Allowance {
    const lease = this.lease(linkId, workspaceId, version);
    if (lease.left > 0) {
      lease.left--;
      return 'granted';
    }
    return lease.exhausted ? 'exhausted' : 'claim';
  }

  /** Claims a lease for the link (one claim at a time per link in this process). */
  claim(linkId: string, workspaceId: string, version: number): Promise<void> {
    const lease = this.lease(linkId, workspaceId, version);
    lease.claiming ??= this.store
      .claim(workspaceId, linkId)
      .then((granted) => {
        lease.left += granted;
        if (granted === 0) lease.exhausted = true;
      })
      .finally(() => (lease.claiming = undefined));
    return lease.claiming;
  }

  /** Hands every unspent click back, so a clean stop leaves the count exact. */
  async stop(): Promise<void> {
    const unspent = [...this.leases.entries()].filter(([, lease]) => lease.left > 0);
    this.leases.clear();
    for (const [linkId, lease] of unspent) await this.giveBack(linkId, lease);
  }

  private async giveBack(linkId: string, lease: Lease): Promise<void> {
    try {
      await this.store.giveBack(lease.workspaceId, linkId, lease.left);
    } catch (error) {
      this.logger.warn('unspent clicks of a click-limited link not given back', { linkId, clicks: lease.left, error: (error as Error).message });
    }
  }

  private lease(linkId: string, workspaceId: string, version: number): Lease {
    let lease = this.leases.get(linkId);
    if (lease === undefined || lease.version !== version) {
      if (lease !== undefined && lease.left > 0) void this.giveBack(linkId, lease);
      lease = { version, workspaceId, left: 0, exhausted: false, claiming: undefined };
      this.leases.set(linkId, lease);
    }
    return lease;
  }
}
