import { parseSlo, SloSyntaxError, type SloClause } from './slo';

/** What `npm run loadtest` was asked to do. */
export interface LoadtestOptions {
  url: string;
  /** Where stats requests go when analytics runs apart (MODULES=analytics); undefined: --url. */
  statsUrl: string | undefined;
  allowRemote: boolean;
  adminToken: string | undefined;
  apiKey: string | undefined;
  metricsToken: string | undefined;
  links: number;
  cleanup: boolean;
  scenario: 'redirect' | 'api' | 'mixed';
  mix: Mix | undefined;
  /** Open model: requests per second; undefined with --connections. */
  rps: number | undefined;
  /** Closed model. */
  connections: number | undefined;
  durationMs: number;
  /** Load before measuring (cache warm, connections open), at the same rate; not reported. */
  warmupMs: number;
  findMax: boolean;
  /** Each kind of the mix alone, in turn: its server CPU per 1,000 requests (see cost.ts). */
  cost: boolean;
  /** find-max: each step's duration and how the rate grows per step. */
  stepMs: number;
  stepFactor: number;
  slo: SloClause[] | undefined;
  json: string | undefined;
  html: string | undefined;
  quiet: boolean;
}

export type RequestKind = 'redirect' | 'create' | 'get' | 'list' | 'update' | 'stats' | 'dashboard';
export type Mix = Partial<Record<RequestKind, number>>;
export const REQUEST_KINDS: readonly RequestKind[] = ['redirect', 'create', 'get', 'list', 'update', 'stats', 'dashboard'];

export const USAGE = `Usage: npm run loadtest -- [options]

Load-tests a running Shortline (start it first: npm run dev, or npm start).

Target and credentials
  --url <url>              Shortline to test (default http://127.0.0.1:3000)
  --stats-url <url>        where stats requests go, when analytics runs as its own
                           process (MODULES=analytics); default: --url
  --allow-remote           allow a host other than loopback
  --admin-token <token>    ADMIN_TOKEN of the server: creates a workspace of its own
                           (or env SHORTLINE_ADMIN_TOKEN)
  --api-key <key>          an existing workspace's key with links and analytics scopes
                           (or env SHORTLINE_API_KEY); its links are reused
  --metrics-token <token>  METRICS_TOKEN of the server, if set (or env SHORTLINE_METRICS_TOKEN)

Data set
  --links <n>              links to create first, Zipf-like popularity (default 100000)
  --cleanup                delete the links this run created, at the end

Workload
  --scenario <name>        redirect | api | mixed (default mixed)
  --mix <spec>             mixed's shares, e.g. redirect=90,create=4,stats=3,list=1,update=1,dashboard=1
                           (dashboard: the links page read by a signed-in person, session auth)
  --rps <n>                open model: start n requests per second on schedule (default 100)
  --connections <n>        closed model instead: n requests in flight, each sent when the last
                           finished (maximum throughput; latencies hide queueing)
  --duration <time>        e.g. 60s, 5m, 500ms (default 60s)
  --warmup <time>          load first, unmeasured, at the same rate (default 5s; 0s for none)
  --find-max               raise the rate step by step until --slo breaks (open model)
  --cost                   each type of the mix alone, in turn, at --rps for --duration:
                           the server's CPU ms per 1,000 requests and what one core serves
  --step <time>            find-max: each step's duration (default 15s)
  --step-factor <x>        find-max: rate multiplier per step (default 1.5)
  --slo <spec>             e.g. "p99<100ms,errors<0.1%"; exit code 1 when not met

Output
  --json <file>            write the whole report as JSON
  --html <file>            write a self-contained HTML report with charts
  --quiet                  no live progress line
  --help                   this text
`;

export class UsageError extends Error {}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;

export function parseDuration(text: string, flag: string, zeroAllowed = false): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must be a duration such as 30s, 5m or 500ms (got "${text}")`);
  const ms = Number(match[1]) * (match[2] === 'm' ? 60_000 : match[2] === 's' ? 1000 : 1);
  if (ms <= 0 && !zeroAllowed) throw new UsageError(`${flag} must be longer than zero`);
  return ms;
}

export function parseMix(text: string): Mix {
  const mix: Mix = {};
  for (const part of text.split(',')) {
    const [name, share] = part.split('=').map((s) => s.trim());
    if (!REQUEST_KINDS.includes(name as RequestKind))
      throw new UsageError(`--mix: unknown request type "${name}" (known: ${REQUEST_KINDS.join(', ')})`);
    const value = Number(share);
    if (share === undefined || share === '' || !Number.isFinite(value) || value < 0)
      throw new UsageError(`--mix: "${part}" needs a share, e.g. ${name}=10`);
    mix[name as RequestKind] = value;
  }
  if (Object.values(mix).reduce((a, b) => a + (b ?? 0), 0) <= 0) throw new UsageError('--mix: the shares add up to zero');
  return mix;
}

function positive(text: string | undefined, flag: string, integer = true): number {
  const value = Number(text);
  if (text === undefined || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${flag} must be a positive ${integer ? 'whole ' : ''}number (got ${text === undefined ? 'nothing' : `"${text}"`})`);
  }
  return value;
}

const FLAGS_WITH_VALUE = new Set([
  '--warmup',
  '--url',
  '--stats-url',
  '--admin-token',
  '--api-key',
  '--metrics-token',
  '--links',
  '--scenario',
  '--mix',
  '--rps',
  '--connections',
  '--duration',
  '--step',
  '--step-factor',
  '--slo',
  '--json',
  '--html',
]);
const SWITCHES = new Set(['--allow-remote', '--cleanup', '--find-max', '--cost', '--quiet', '--help']);

/** Reads argv and the environment; throws UsageError with a message for the user on anything wrong. */
export function parseArgs(argv: readonly string[], env: Record<string, string | undefined> = process.env): LoadtestOptions | 'help' {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2) as [string, string | undefined];
    if (SWITCHES.has(flag)) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      switches.add(flag);
    } else if (FLAGS_WITH_VALUE.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      values.set(flag, value);
    } else throw new UsageError(`unknown option "${argv[i]}"`);
  }
  if (switches.has('--help')) return 'help';

  const allowRemote = switches.has('--allow-remote');
  const url = targetUrl('--url', values.get('--url') ?? 'http://127.0.0.1:3000', allowRemote);
  const statsUrl = values.has('--stats-url') ? targetUrl('--stats-url', values.get('--stats-url')!, allowRemote) : undefined;
  const scenario = values.get('--scenario') ?? 'mixed';
  if (scenario !== 'redirect' && scenario !== 'api' && scenario !== 'mixed')
    throw new UsageError(`--scenario must be redirect, api or mixed (got "${scenario}")`);
  const mixText = values.get('--mix');
  if (mixText !== undefined && scenario !== 'mixed') throw new UsageError('--mix applies to --scenario mixed only');
  const connections = values.has('--connections') ? positive(values.get('--connections'), '--connections') : undefined;
  const rps = values.has('--rps') ? positive(values.get('--rps'), '--rps', false) : connections === undefined ? 100 : undefined;
  if (rps !== undefined && connections !== undefined)
    throw new UsageError('give either --rps (open model) or --connections (closed model), not both');
  const findMax = switches.has('--find-max');
  if (findMax && connections !== undefined)
    throw new UsageError('--find-max steps an arrival rate: use it with --rps (the starting rate), not --connections');
  const cost = switches.has('--cost');
  if (cost && (findMax || connections !== undefined))
    throw new UsageError('--cost measures each type at one arrival rate: use it with --rps, without --find-max or --connections');
  let slo: SloClause[] | undefined;
  try {
    slo = values.has('--slo') ? parseSlo(values.get('--slo')!) : findMax ? parseSlo('p99<100ms,errors<0.1%') : undefined;
  } catch (error) {
    if (error instanceof SloSyntaxError) throw new UsageError(error.message);
    throw error;
  }
  const adminToken = values.get('--admin-token') ?? env.SHORTLINE_ADMIN_TOKEN;
  const apiKey = values.get('--api-key') ?? env.SHORTLINE_API_KEY;
  if (!adminToken && !apiKey)
    throw new UsageError("give --admin-token (the server's ADMIN_TOKEN; a workspace is created) or --api-key (an existing workspace)");
  const stepFactor = values.has('--step-factor') ? positive(values.get('--step-factor'), '--step-factor', false) : 1.5;
  if (stepFactor <= 1) throw new UsageError('--step-factor must be above 1');
  return {
    url,
    statsUrl,
    allowRemote,
    adminToken,
    apiKey,
    metricsToken: values.get('--metrics-token') ?? env.SHORTLINE_METRICS_TOKEN,
    links: values.has('--links') ? positive(values.get('--links'), '--links') : 100_000,
    cleanup: switches.has('--cleanup'),
    scenario,
    mix: mixText === undefined ? undefined : parseMix(mixText),
    rps,
    connections,
    durationMs: values.has('--duration') ? parseDuration(values.get('--duration')!, '--duration') : 60_000,
    warmupMs: values.has('--warmup') ? parseDuration(values.get('--warmup')!, '--warmup', true) : 5000,
    findMax,
    cost,
    stepMs: values.has('--step') ? parseDuration(values.get('--step')!, '--step') : 15_000,
    stepFactor,
    slo,
    json: values.get('--json'),
    html: values.get('--html'),
    quiet: switches.has('--quiet'),
  };
}

/** An http(s) URL without trailing slash, on this machine unless --allow-remote. */
function targetUrl(flag: string, url: string, allowRemote: boolean): string {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new UsageError(`${flag} must be an http(s) URL (got "${url}")`);
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!allowRemote && !['127.0.0.1', 'localhost', '::1'].includes(host) && !/^127\./.test(host)) {
    throw new UsageError(`${flag} points at ${host}, not this machine; load-test a remote host only on purpose, with --allow-remote`);
  }
  return url.replace(/\/+$/, '');
}
