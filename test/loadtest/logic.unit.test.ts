import { parseArgs, parseMix, UsageError } from '../../scripts/loadtest/args';
import { findMax } from '../../scripts/loadtest/find-max';
import { buildReport, renderHtml, renderText } from '../../scripts/loadtest/report';
import type { LoadClient } from '../../scripts/loadtest/client';
import { runPhase, type PhaseResult } from '../../scripts/loadtest/run';
import { dueAt, dueBy, runOpen } from '../../scripts/loadtest/schedule';
import { parseMetrics, sum } from '../../scripts/loadtest/server-metrics';
import { judge, parseSlo, SloSyntaxError } from '../../scripts/loadtest/slo';
import { Latencies, Timeline, TypeStats } from '../../scripts/loadtest/stats';
import { dataSetLink, RULED_EVERY } from '../../scripts/loadtest/setup';
import { VISITORS, Workload } from '../../scripts/loadtest/workload';
import { ZipfPicker } from '../../scripts/loadtest/zipf';

/** The load-testing tool's own logic: percentiles, SLOs, scheduling, mixes, flags and the report. */

describe('percentiles', () => {
  it('uses nearest rank over every value', () => {
    const l = new Latencies();
    for (let i = 100; i >= 1; i--) l.add(i);
    expect(l.percentile(50)).toBe(50);
    expect(l.percentile(99)).toBe(99);
    expect(l.percentile(99.9)).toBe(100);
    expect(l.percentile(1)).toBe(1);
    expect(l.max()).toBe(100);
    expect(new Latencies().percentile(99)).toBe(0);
  });

  it('grows past its first buffer and stays exact', () => {
    const l = new Latencies();
    for (let i = 0; i < 5000; i++) l.add(i % 10 === 0 ? 1000 : 1);
    expect(l.size).toBe(5000);
    expect(l.percentile(89)).toBe(1);
    expect(l.percentile(91)).toBe(1000);
  });

  it('counts errors by status per type, and per second', () => {
    const t = new TypeStats();
    t.record(5, undefined);
    t.record(7, '503');
    t.record(9, '503');
    t.record(9, 'network:ECONNRESET');
    expect(t.errorCount).toBe(3);
    expect(Object.fromEntries(t.errors)).toEqual({ '503': 2, 'network:ECONNRESET': 1 });
    const timeline = new Timeline();
    timeline.record(0, 5, false);
    timeline.record(2, 9, true);
    expect(timeline.seconds.map((s) => [s.completed, s.errors])).toEqual([
      [1, 0],
      [0, 0],
      [1, 1],
    ]);
  });
});

describe('SLOs', () => {
  it('parses latency and error clauses', () => {
    expect(parseSlo('p99<100ms,errors<0.1%')).toEqual([
      { kind: 'latency', percentile: 99, maxMs: 100 },
      { kind: 'errors', maxRatio: 0.001 },
    ]);
    expect(parseSlo(' p99.9 < 2s ')).toEqual([{ kind: 'latency', percentile: 99.9, maxMs: 2000 }]);
    for (const bad of ['', 'p99>100ms', 'p100<5ms', 'latency<5ms', 'errors<5', 'p99<fast']) expect(() => parseSlo(bad)).toThrow(SloSyntaxError);
  });

  it('judges a run clause by clause', () => {
    const l = new Latencies();
    for (let i = 1; i <= 100; i++) l.add(i);
    const slo = parseSlo('p99<100ms,p50<40ms,errors<1%');
    const verdict = judge(slo, { percentile: (p) => l.percentile(p), errorRatio: 0.005 });
    expect(verdict.met).toBe(false);
    expect(verdict.lines.map((x) => x.met)).toEqual([true, false, true]);
    expect(judge(parseSlo('p99<100ms,errors<0.1%'), { percentile: (p) => l.percentile(p), errorRatio: 0.001 }).met).toBe(false); // strictly below
  });
});

describe('scheduling', () => {
  it('spaces requests evenly at the rate, counting from the start', () => {
    expect(dueAt(0, 100)).toBe(0);
    expect(dueAt(100, 100)).toBe(1000);
    expect(dueAt(3, 4)).toBe(750);
    expect(dueBy(0, 100)).toBe(1);
    expect(dueBy(999, 100)).toBe(100);
    expect(dueBy(1000, 100)).toBe(101);
  });

  it('starts requests on schedule even when earlier ones have not finished (open model)', async () => {
    let clock = 0;
    const started: { index: number; at: number; due: number }[] = [];
    const releases: (() => void)[] = [];
    const run = runOpen({
      rate: 10,
      durationMs: 1000,
      now: () => clock,
      tickMs: 1,
      fire: (index, scheduledAt) => {
        started.push({ index, at: clock, due: scheduledAt });
        return new Promise<void>((resolve) => releases.push(resolve)); // never finishes until released: a stalled server
      },
    });
    for (let t = 0; t <= 1000; t += 50) {
      clock = t;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(started.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(started.map((s) => s.due)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    for (const s of started) expect(s.at - s.due).toBeLessThanOrEqual(50);
    for (const release of releases) release();
    expect(await run).toBe(10);
  });
});

describe('phase', () => {
  it('sends stats requests to the stats client (--stats-url) and the rest to the main one', async () => {
    const fake = (seen: string[]) =>
      ({
        send: async (r: { kind?: string }) => (seen.push(r.kind ?? '?'), { status: r.kind === 'redirect' ? 302 : 200, body: '', error: undefined }),
      }) as unknown as LoadClient;
    const [main, stats]: string[][] = [[], []];
    const data = { slugs: ['a', 'b'], ids: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'] };
    const result = await runPhase({
      client: fake(main),
      statsClient: fake(stats),
      workload: new Workload({ redirect: 1, stats: 1 }, data, 't'),
      durationMs: 200,
      connections: 2,
    });
    expect(stats.length).toBeGreaterThan(0);
    expect(new Set(stats)).toEqual(new Set(['stats']));
    expect(main).not.toContain('stats');
    expect(main.length + stats.length).toBe(result.all.size);
  });

  it('counts latency from when a request was due, so one sent late because the generator stalled waited all along (open model)', async () => {
    // The server answers at once; the generator's own event loop is blocked for 200 ms just
    // after the start, so the requests due meanwhile (one every 10 ms) go out only once it ends.
    const instant = { send: async () => ({ status: 302, body: '', error: undefined }) } as unknown as LoadClient;
    const workload = new Workload({ redirect: 1 }, { slugs: ['a'], ids: ['00000000-0000-4000-8000-000000000001'] }, 't');
    setImmediate(() => {
      const until = performance.now() + 200;
      while (performance.now() < until);
    });
    const result = await runPhase({
      client: instant,
      workload,
      durationMs: 300,
      rps: 100,
    });
    expect(result.all.size).toBe(30);
    expect(result.errors).toBe(0);
    // The first request due after the stall began was due at most 10 ms into it, and went out at its end.
    expect(result.all.max()).toBeGreaterThanOrEqual(190);
  });
});

describe('workload', () => {
  it('draws request types by the mix and links by Zipf popularity', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const data = {
      slugs: Array.from({ length: 1000 }, (_, i) => `s${i}`),
      ids: Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
    };
    const w = new Workload({ redirect: 90, create: 4, stats: 4, list: 1, update: 1 }, data, 't', random);
    const counts: Record<string, number> = {};
    const slugs: Record<string, number> = {};
    const visitors: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const r = w.next();
      counts[r.kind] = (counts[r.kind] ?? 0) + 1;
      if (r.kind === 'redirect') slugs[r.path] = (slugs[r.path] ?? 0) + 1;
      if (r.kind === 'redirect') visitors.push(r.headers!);
    }
    expect(counts.redirect / 20_000).toBeCloseTo(0.9, 1);
    expect(counts.create / 20_000).toBeCloseTo(0.04, 1);
    expect(counts.list).toBeGreaterThan(0);
    expect(slugs['/s0']).toBeGreaterThan(slugs['/s9'] * 5);
    expect(new Set(visitors)).toEqual(new Set(VISITORS));
    const zipf = new ZipfPicker(3, 1, () => 0.999999);
    expect(zipf.pick()).toBe(2);
    expect(new ZipfPicker(3, 1, () => 0).pick()).toBe(0);
  });
});

describe('data set', () => {
  it('gives one link in RULED_EVERY rules, targeting, an A/B split and UTM parameters in turn', () => {
    const links = Array.from({ length: 60 }, (_, n) => dataSetLink('t', n));
    const ruled = links.filter((link) => link.targeting ?? link.variants ?? link.utm);
    expect(ruled).toHaveLength(60 / RULED_EVERY);
    expect(ruled.map((link) => (link.targeting ? 'targeting' : link.variants ? 'variants' : 'utm'))).toEqual([
      'targeting',
      'variants',
      'utm',
      'targeting',
      'variants',
      'utm',
    ]);
    expect(links[1]).toEqual({ url: 'https://loadtest.invalid/t/1', slug: 'lt-t-1', tags: ['loadtest'] });
  });
});

describe('flags', () => {
  const base = ['--admin-token', 'x'];
  it('has sensible defaults', () => {
    const o = parseArgs(base, {});
    expect(o).toMatchObject({
      url: 'http://127.0.0.1:3000',
      scenario: 'mixed',
      rps: 100,
      durationMs: 60_000,
      links: 100_000,
      findMax: false,
      warmupMs: 5000,
    });
  });

  it('refuses remote hosts unless allowed, and bad values, with a message', () => {
    expect(() => parseArgs([...base, '--url', 'http://example.com'], {})).toThrow(/--allow-remote/);
    expect(parseArgs([...base, '--url', 'http://example.com', '--allow-remote'], {})).toMatchObject({ url: 'http://example.com' });
    expect(parseArgs([...base, '--stats-url', 'http://127.0.0.1:3001/'], {})).toMatchObject({ statsUrl: 'http://127.0.0.1:3001' });
    expect(parseArgs(base, {})).toMatchObject({ statsUrl: undefined });
    expect(() => parseArgs([...base, '--stats-url', 'http://analytics.example'], {})).toThrow(/--stats-url points at analytics.example/);
    expect(() => parseArgs([...base, '--stats-url', 'ftp://127.0.0.1'], {})).toThrow(/--stats-url must be an http\(s\) URL/);
    const bad: [string[], RegExp][] = [
      [['--rps', 'fast'], /--rps must be a positive number/],
      [['--rps', '10', '--connections', '5'], /not both/],
      [['--duration', '10'], /duration such as/],
      [['--scenario', 'chaos'], /redirect, api or mixed/],
      [['--mix', 'redirect=90'], /--mix applies to --scenario mixed only/],
      [['--slo', 'p99>3'], /cannot read/],
      [['--bogus'], /unknown option/],
      [['--json'], /needs a value/],
      [['--find-max', '--connections', '4'], /--find-max/],
    ];
    for (const [args, message] of bad) {
      const scenarioArgs = args.includes('--mix') ? ['--scenario', 'api', ...args] : args;
      expect(() => parseArgs([...base, ...scenarioArgs], {})).toThrow(message);
    }
    expect(() => parseArgs([], {})).toThrow(/--admin-token/);
    expect(parseArgs([], { SHORTLINE_API_KEY: 'k' })).toMatchObject({ apiKey: 'k' });
    expect(() => parseMix('redirect=90,teleport=10')).toThrow(UsageError);
    expect(parseMix('redirect=9,stats=1')).toEqual({ redirect: 9, stats: 1 });
    expect(parseArgs(['--help'], {})).toBe('help');
  });
});

describe('find-max', () => {
  it('raises the rate until the SLO breaks and answers the highest rate that held', async () => {
    const asked: number[] = [];
    const phase = (p99: number): PhaseResult => {
      const all = new Latencies();
      for (let i = 0; i < 99; i++) all.add(1);
      all.add(p99);
      all.add(p99);
      return { model: 'open', target: 0, wallSeconds: 1, started: 0, byType: new Map(), timeline: new Timeline(), all, errors: 0 };
    };
    const result = await findMax({
      startRps: 100,
      factor: 2,
      slo: parseSlo('p99<100ms'),
      runStep: async (rps) => {
        asked.push(rps);
        return phase(rps >= 800 ? 500 : 10);
      },
    });
    expect(asked).toEqual([100, 200, 400, 800]);
    expect(result.best?.rps).toBe(400);
  });
});

describe('server figures and the report', () => {
  it('reads Prometheus text and sums series by label', () => {
    const samples = parseMetrics(
      '# HELP x\nshortline_http_request_duration_seconds_count{method="GET",route="/:slug",status="302"} 10\nshortline_http_request_duration_seconds_count{method="GET",route="/metrics",status="200"} 3\nshortline_process_cpu_seconds_total 1.5\n',
    );
    expect(sum(samples, 'shortline_http_request_duration_seconds_count')).toBe(13);
    expect(sum(samples, 'shortline_http_request_duration_seconds_count', { route: '/metrics' })).toBe(3);
    expect(sum(samples, 'shortline_process_cpu_seconds_total')).toBe(1.5);
  });

  it('renders the tables, the verdict and a self-contained HTML page', () => {
    const redirect = new TypeStats();
    for (let i = 1; i <= 100; i++) redirect.record(i / 10, i === 100 ? '503' : undefined);
    const all = new Latencies();
    for (let i = 1; i <= 100; i++) all.add(i / 10);
    const timeline = new Timeline();
    timeline.record(0, 1, false);
    const phase: PhaseResult = {
      model: 'open',
      target: 100,
      wallSeconds: 1,
      started: Date.parse('2026-11-25T00:00:00Z'),
      byType: new Map([['redirect', redirect]]),
      timeline,
      all,
      errors: 1,
    };
    const slo = judge(parseSlo('p99<5ms,errors<0.1%'), { percentile: (p) => all.percentile(p), errorRatio: 0.01 });
    const report = buildReport({ url: 'http://127.0.0.1:3000', scenario: 'redirect', phase, slo, server: null });
    expect(report).toMatchObject({ requests: 100, achievedRps: 100, errors: 1, errorRatio: 0.01, latencyMs: { p50: 5, p99: 9.9, max: 10 } });
    expect(report.byType[0]).toMatchObject({ type: 'redirect', count: 100, errors: 1, errorsByStatus: { '503': 1 } });
    const text = renderText(report);
    expect(text).toMatch(/redirect\s+100\s+100\s+5\s+9\s+9\.9\s+10\s+1 \(503: 1\)/);
    expect(text).toMatch(/SLO NOT MET/);
    expect(text).toMatch(/FAIL p99 < 5 ms: 9\.9 ms/);
    const html = renderHtml(report);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
  });
});
