import type { Knex } from 'knex';
import { Counter, Gauge } from 'prom-client';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';

/**
 * Where a module's reads that tolerate replica lag go. With no replicas
 * configured every read runs on the primary, at the cost of one call.
 */
export interface ReadRouter {
  /**
   * Runs `work` on a replica in rotation that has replayed everything the
   * primary had committed before `freshSince` (ms since the epoch; 0: any
   * replica in rotation), else on the primary. If the replica fails — down,
   * or a query cancelled by recovery — `work` runs again on the primary.
   */
  read<T>(freshSince: number, work: (db: Knex) => Promise<T>): Promise<T>;
  /** A read of one workspace's data, fresh since that workspace's last write in this process (read-your-writes). */
  forWorkspace<T>(workspaceId: string, work: (db: Knex) => Promise<T>): Promise<T>;
  /** Records that a write of `workspaceId` has just committed: its reads use the primary until a replica has replayed it. */
  wrote(workspaceId: string): void;
}

export interface ReplicaSettings {
  maxLagMs: number;
  checkIntervalMs: number;
}

interface Replica {
  /** replica-1, replica-2...: in metrics and logs, never the URL (it holds a password). */
  name: string;
  root: Knex;
  /** Everything the primary had committed before this time (ms) is replayed here. */
  caughtUpTo: number;
  inRotation: boolean;
}

/** A primary WAL position, sampled just before the time `at`: commits finished before `at` are at or below it. */
interface Sample {
  at: number;
  lsn: bigint;
}

/** Errors after which a replica is taken out of rotation at once, not at the next check. */
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08001', '08003']);

/**
 * The replicas of the primary, checked every `checkIntervalMs`: each check
 * samples the primary's WAL position (`pg_current_wal_lsn()`) and each
 * replica's replay position (`pg_last_wal_replay_lsn()`). A replica has
 * caught up to time T once it has replayed the position sampled at T, so
 * its lag is measured in time, in steps of the interval, and is exact about
 * what it may serve: a read fresh since T may go to a replica caught up to T.
 * A replica is in rotation while reachable and at most `maxLagMs` behind.
 */
export class ReplicaSet {
  private readonly replicas: Replica[];
  private samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;
  private readonly checking = new Set<Replica>();
  private next = 0;
  private readonly reads: Counter<'module' | 'target'>;

  constructor(
    private readonly primary: Knex,
    roots: readonly Knex[],
    private readonly settings: ReplicaSettings,
    /** The module's timed handle on a root (the same handle each time). */
    private readonly handleFor: (root: Knex, moduleName: string) => Knex,
    private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.replicas = roots.map((root, i) => ({ name: `replica-${i + 1}`, root, caughtUpTo: 0, inRotation: false }));
    this.reads = new Counter({
      name: 'shortline_db_reads_total',
      help: 'Reads that tolerate replica lag, by module and where they ran (primary, replica, or fallback: on the primary after a replica failed)',
      labelNames: ['module', 'target'],
      registers: [metrics.registry],
    });
    const replicas = this.replicas;
    const maxLag = settings.maxLagMs;
    new Gauge({
      name: 'shortline_db_replica_in_rotation',
      help: `1 if the replica serves reads (reachable and at most REPLICA_MAX_LAG_MS (${maxLag} ms) behind), else 0`,
      labelNames: ['replica'],
      registers: [metrics.registry],
      collect() {
        for (const r of replicas) this.set({ replica: r.name }, r.inRotation ? 1 : 0);
      },
    });
    new Gauge({
      name: 'shortline_db_replica_lag_seconds',
      help: 'How far behind the primary each replica is, in time (measured in steps of REPLICA_CHECK_INTERVAL_MS)',
      labelNames: ['replica'],
      registers: [metrics.registry],
      collect() {
        const now = Date.now();
        for (const r of replicas) this.set({ replica: r.name }, r.caughtUpTo === 0 ? -1 : (now - r.caughtUpTo) / 1000);
      },
    });
  }

  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.settings.checkIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.replicas.map((r) => r.root.destroy()));
  }

  routerFor(moduleName: string, primaryHandle: Knex): ReadRouter {
    const lastWrite = new Map<string, number>();
    const read = async <T>(freshSince: number, work: (db: Knex) => Promise<T>): Promise<T> => {
      const replica = this.pick(freshSince);
      if (!replica) {
        this.reads.inc({ module: moduleName, target: 'primary' });
        return work(primaryHandle);
      }
      try {
        const result = await work(this.handleFor(replica.root, moduleName));
        this.reads.inc({ module: moduleName, target: 'replica' });
        return result;
      } catch (error) {
        // Only what the replica itself caused is retried: bad input or a
        // statement timeout would fail the same way, and cost twice, on the primary.
        if (isConnectionError(error)) this.takeOut(replica, error);
        else if (!isRecoveryConflict(error)) throw error;
        this.reads.inc({ module: moduleName, target: 'fallback' });
        return work(primaryHandle);
      }
    };
    return {
      read,
      forWorkspace: (workspaceId, work) => read(lastWrite.get(workspaceId) ?? 0, work),
      wrote: (workspaceId) => {
        const now = Date.now();
        lastWrite.set(workspaceId, now);
        // A write older than the lag bound is replayed by every replica in rotation.
        if (lastWrite.size > 10_000) for (const [id, at] of lastWrite) if (now - at > this.settings.maxLagMs) lastWrite.delete(id);
      },
    };
  }

  /** Round robin over the replicas in rotation that have caught up to `freshSince`. */
  private pick(freshSince: number): Replica | undefined {
    const now = Date.now();
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(this.next + i) % this.replicas.length];
      // Lag is also judged here, between checks: a replica whose check hangs falls out as time passes.
      // Strictly after: a sample taken in the same millisecond as a write's
      // commit may have read the WAL position just before it.
      if (replica.inRotation && now - replica.caughtUpTo <= this.settings.maxLagMs && replica.caughtUpTo > freshSince) {
        this.next = (this.next + i + 1) % this.replicas.length;
        return replica;
      }
    }
    return undefined;
  }

  /**
   * One round: sample the primary (unless the last sample is still running),
   * then check each replica not still being checked. Replicas are checked
   * independently, so one that does not answer delays no other, and the
   * samples keep their interval.
   */
  private async check(): Promise<void> {
    for (const replica of this.replicas) if (!this.checking.has(replica)) void this.checkReplica(replica);
    if (this.sampling) return;
    this.sampling = true;
    try {
      const at = Date.now();
      // The write position, not the insert position: on an idle primary the insert
      // position can sit past the last record (a page header), where no replica's
      // replay ever reaches. With synchronous_commit on (the default) a commit's
      // record is written before the commit returns, so a sample taken after it covers it.
      const { rows } = await this.primary
        .raw<{ rows: { lsn: string }[] }>('select pg_current_wal_lsn()::text as lsn')
        .timeout(this.settings.maxLagMs);
      this.samples.push({ at, lsn: parseLsn(rows[0].lsn) });
      const keepFrom = Date.now() - 2 * this.settings.maxLagMs;
      while (this.samples.length > 1 && this.samples[0].at < keepFrom) this.samples.shift();
    } catch (error) {
      // Without the primary's position no replica's lag can be known; they keep
      // their state, and fall out of rotation as their lag grows past the bound.
      this.logger.warn('replica check: the primary did not answer', { error: (error as Error).message });
    } finally {
      this.sampling = false;
    }
  }

  private async checkReplica(replica: Replica): Promise<void> {
    this.checking.add(replica);
    try {
      const { rows } = await replica.root
        .raw<{ rows: { standby: boolean; lsn: string | null }[] }>('select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as lsn')
        .timeout(this.settings.maxLagMs);
      const { standby, lsn } = rows[0];
      if (!standby || lsn === null) {
        // Promoted, or not a replica at all: its data may have diverged from the primary's.
        this.setRotation(replica, false, 'it is not a standby (promoted, or not a replica)');
        return;
      }
      const replayed = parseLsn(lsn);
      for (const sample of this.samples) if (sample.lsn <= replayed && sample.at > replica.caughtUpTo) replica.caughtUpTo = sample.at;
      const lagMs = Date.now() - replica.caughtUpTo;
      this.setRotation(replica, lagMs <= this.settings.maxLagMs, `it is ${lagMs} ms behind (REPLICA_MAX_LAG_MS ${this.settings.maxLagMs})`);
    } catch (error) {
      this.setRotation(replica, false, `it did not answer: ${(error as Error).message}`);
    } finally {
      this.checking.delete(replica);
    }
  }

  /** Until the next check finds it answering again. */
  private takeOut(replica: Replica, error: unknown): void {
    this.setRotation(replica, false, `a read failed: ${(error as Error).message}`);
  }

  private setRotation(replica: Replica, inRotation: boolean, whyOut: string): void {
    if (replica.inRotation === inRotation) return;
    replica.inRotation = inRotation;
    if (inRotation) this.logger.info('replica back in rotation', { replica: replica.name });
    else this.logger.warn('replica out of rotation: reads go to the primary', { replica: replica.name, reason: whyOut });
  }
}

/** A PostgreSQL LSN ("16/B374D848") as a number that orders like the WAL. */
function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string; syscall?: string };
  // syscall 'connect': any failed connect, ENOENT included (a Unix socket whose server stopped).
  return (
    e.syscall === 'connect' ||
    (e.code !== undefined && CONNECTION_ERRORS.has(e.code)) ||
    /Timeout acquiring a connection|Connection terminated|Query read timeout/i.test(e.message ?? '')
  );
}

/** "canceling statement due to conflict with recovery": the standby's replay needed what the query was reading. */
function isRecoveryConflict(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '40001' && /conflict with recovery/i.test(e.message ?? '');
}
