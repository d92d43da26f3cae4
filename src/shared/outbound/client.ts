import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  circuitBreaker,
  CircuitState,
  handleWhen,
  SamplingBreaker,
  wrap,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import { AddressPolicy } from './address-policy';
import { destinationRefusal, OutboundRefused } from './guarded-lookup';
import { httpCall, type OutboundRequest, type OutboundResponse } from './http-call';

/** For internal calls (OutboundRequest.internal): every address allowed. */
const ANY_ADDRESS = new AddressPolicy(['0.0.0.0/0', '::/0']);

export interface OutboundSettings {
  policy: AddressPolicy;
  /** Until the connection is up: DNS, TCP and, for https, TLS (a host that does not answer at all is given up on early). */
  connectTimeoutMs: number;
  /** Whole exchange: connect, send, receive. */
  timeoutMs: number;
  maxResponseBytes: number;
  /** Calls in flight to one host, and in all; beyond, a call fails at once (no queue). */
  perHostConcurrency: number;
  totalConcurrency: number;
  breaker: {
    /** Share of failed calls over `windowMs` that opens the circuit... */
    failureRatio: number;
    windowMs: number;
    /** ...once there are at least this many calls per second to judge by. */
    minimumRps: number;
    /** How long an open circuit fails fast before one call probes the host. */
    halfOpenAfterMs: number;
  };
}

/** A call refused before it was made: the host's circuit is open, or too many calls are in flight. */
export class OutboundUnavailable extends Error {
  constructor(
    readonly host: string,
    readonly reason: 'circuit-open' | 'bulkhead-full',
  ) {
    super(reason === 'circuit-open' ? `Calls to ${host} are suspended: it failed too often (circuit open)` : `Too many calls to ${host} in flight`);
    this.name = 'OutboundUnavailable';
  }
}

/**
 * Errors that count against a host's circuit: those of a call that set out for
 * it. A name that does not resolve or an address the policy refuses says
 * nothing about a host's health (and such calls fail at once anyway), so they
 * do not open its circuit — a link to a dead domain should fail, not make
 * every later call to that name wait for a half-open probe.
 */
function reachedHost(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return !(error instanceof OutboundRefused) && code !== 'ENOTFOUND';
}

/** Responses that count against a host's circuit, as network errors and timeouts do. */
const failingStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/** Hosts tracked by name in metrics; others share the label `other`, so a flood of webhook hosts cannot explode label cardinality. */
const MAX_LABELLED_HOSTS = 200;
/**
 * Past this many hosts with a breaker and bulkhead, those idle for IDLE_MS with
 * a closed circuit and nothing in flight are forgotten (link previews alone
 * would otherwise keep one per target host ever seen).
 */
const MAX_TRACKED_HOSTS = 1000;
/**
 * Calls in flight to one host for internal calls (another Shortline process:
 * OutboundRequest.internal). Such a host serves this process's requests, not
 * a user's endpoint: the per-host limit for strangers (OUTBOUND_HOST_CONCURRENCY,
 * 2) would turn a few concurrent stats requests into 503s, and the total
 * bulkhead is there to keep strangers' hosts from holding every slot.
 */
const INTERNAL_HOST_CONCURRENCY = 64;
const IDLE_MS = 10 * 60_000;

type HostPolicy = CircuitBreakerPolicy & { bulkhead: BulkheadPolicy; slots: number; lastUsed: number };

/**
 * The one client for calls leaving the process. Per destination host: a
 * circuit breaker (cockatiel's SamplingBreaker: opens when the failure share
 * over a window passes the threshold, fails fast while open, lets one call probe
 * after halfOpenAfterMs, closes when it succeeds) and a bulkhead; one more
 * bulkhead over all hosts, so a slow destination can hold neither every socket
 * nor every job slot. Everything is in /metrics and the log.
 */
export class OutboundClient {
  private readonly hosts = new Map<string, HostPolicy>();
  private readonly labelled = new Set<string>();
  private readonly total: BulkheadPolicy;
  private readonly m: ReturnType<typeof outboundMetrics>;

  constructor(
    private readonly settings: OutboundSettings,
    private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.total = bulkhead(settings.totalConcurrency);
    this.m = outboundMetrics(metrics);
  }

  /** Why calls to `url` would be refused by the address policy now (it resolves the host), or undefined. */
  refusal(url: URL): Promise<string | undefined> {
    return destinationRefusal(url, this.settings.policy);
  }

  async request(request: OutboundRequest): Promise<OutboundResponse> {
    const host = new URL(request.url).host;
    const label = this.label(host);
    const policy = this.policyFor(host, label, request.internal === true);
    policy.lastUsed = Date.now();
    const end = this.m.duration.startTimer({ host: label });
    try {
      const guards = request.internal ? wrap(policy.bulkhead, policy) : wrap(this.total, policy.bulkhead, policy);
      const response = await guards.execute(() =>
        httpCall(request, {
          policy: request.internal ? ANY_ADDRESS : this.settings.policy,
          connectTimeoutMs: Math.min(request.timeoutMs ?? Infinity, this.settings.connectTimeoutMs),
          timeoutMs: Math.min(request.timeoutMs ?? Infinity, this.settings.timeoutMs),
          maxBytes: Math.min(request.maxBytes ?? Infinity, this.settings.maxResponseBytes),
        }),
      );
      this.m.calls.inc({ host: label, outcome: failingStatus(response.status) ? 'failed-status' : 'ok' });
      return response;
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        this.m.calls.inc({ host: label, outcome: 'circuit-open' });
        throw new OutboundUnavailable(host, 'circuit-open');
      }
      if (error instanceof BulkheadRejectedError) {
        this.m.calls.inc({ host: label, outcome: 'bulkhead-full' });
        throw new OutboundUnavailable(host, 'bulkhead-full');
      }
      this.m.calls.inc({ host: label, outcome: 'error' });
      throw error;
    } finally {
      end();
    }
  }

  private policyFor(host: string, label: string, internal: boolean): HostPolicy {
    let policy = this.hosts.get(host);
    if (policy) return policy;
    if (this.hosts.size >= MAX_TRACKED_HOSTS) this.forgetIdleHosts();
    const { breaker } = this.settings;
    const circuit = circuitBreaker(
      handleWhen(reachedHost).orWhenResult((result) => failingStatus((result as OutboundResponse).status)),
      {
        halfOpenAfter: breaker.halfOpenAfterMs,
        breaker: new SamplingBreaker({ threshold: breaker.failureRatio, duration: breaker.windowMs, minimumRps: breaker.minimumRps }),
      },
    );
    circuit.onStateChange((state) => {
      this.m.breaker.set({ host: label }, state === CircuitState.Open ? 2 : state === CircuitState.HalfOpen ? 1 : 0);
      const name = CircuitState[state].toLowerCase();
      if (state === CircuitState.Open) this.logger.warn('outbound circuit opened', { host, state: name });
      else this.logger.info('outbound circuit changed', { host, state: name });
    });
    const slots = internal ? INTERNAL_HOST_CONCURRENCY : this.settings.perHostConcurrency;
    policy = Object.assign(circuit, { bulkhead: bulkhead(slots), slots, lastUsed: Date.now() });
    this.hosts.set(host, policy);
    return policy;
  }

  private forgetIdleHosts(): void {
    const idleSince = Date.now() - IDLE_MS;
    for (const [host, policy] of this.hosts) {
      const idle = policy.lastUsed < idleSince && policy.state === CircuitState.Closed && policy.bulkhead.executionSlots === policy.slots;
      if (idle) this.hosts.delete(host);
    }
  }

  /** The first MAX_LABELLED_HOSTS hosts keep their name in metrics for good; later ones are `other`. */
  private label(host: string): string {
    if (this.labelled.has(host)) return host;
    if (this.labelled.size >= MAX_LABELLED_HOSTS) return 'other';
    this.labelled.add(host);
    return host;
  }
}

function outboundMetrics(metrics: Metrics) {
  const registers = [metrics.registry];
  return {
    calls: new Counter({
      name: 'shortline_outbound_calls_total',
      help: 'Outbound HTTP calls by host and outcome (ok, failed-status, error, circuit-open, bulkhead-full)',
      labelNames: ['host', 'outcome'],
      registers,
    }),
    duration: new Histogram({
      name: 'shortline_outbound_duration_seconds',
      help: 'Outbound HTTP call time by host, refused calls included',
      labelNames: ['host'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    breaker: new Gauge({
      name: 'shortline_outbound_circuit_state',
      help: 'Circuit breaker state by host: 0 closed, 1 half-open, 2 open',
      labelNames: ['host'],
      registers,
    }),
  };
}
