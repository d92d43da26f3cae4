import { writeFileSync } from 'node:fs';
import { parseArgs, UsageError, USAGE, type LoadtestOptions } from './args';
import { LoadClient } from './client';
import { measureCosts, renderCosts } from './cost';
import { findMax } from './find-max';
import { buildReport, renderHtml, renderText, type Report } from './report';
import { runPhase, type PhaseResult } from './run';
import { MetricsWatcher, parseMetrics, sum, type ServerFigures } from './server-metrics';
import { cleanup, prepare, SetupError } from './setup';
import { judge, type SloVerdict } from './slo';
import { SCENARIO_MIXES, Workload } from './workload';

/**
 * `npm run loadtest`: load-tests a running Shortline and reports what the
 * client saw and what the server says (see USAGE in args.ts, and docs/development.md,
 * "Load testing"). Exit codes: 0 done (and --slo met), 1 --slo not
 * met, 2 bad usage or a setup failure.
 */
async function main(argv: readonly string[]): Promise<number> {
  let options: LoadtestOptions | 'help';
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`loadtest: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const progress = options.quiet ? undefined : progressLine();
  const tag = Date.now().toString(36);
  let target;
  try {
    const mix = options.mix ?? SCENARIO_MIXES[options.scenario];
    target = await prepare({
      url: options.url,
      adminToken: options.adminToken,
      apiKey: options.apiKey,
      links: options.links,
      tag,
      session: (mix.dashboard ?? 0) > 0,
      log,
    });
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    log(`loadtest: ${error.message}`);
    return 2;
  }
  const workload = new Workload(options.mix ?? SCENARIO_MIXES[options.scenario], target.data, tag);
  const statsClient = options.statsUrl === undefined ? undefined : target.client.at(new URL(options.statsUrl));
  const metricsClient = new LoadClient(new URL(options.url), options.metricsToken ? `Bearer ${options.metricsToken}` : '');
  const readMetrics = async () => {
    const res = await metricsClient.send({ method: 'GET', path: '/metrics' }, true);
    if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status ?? res.error}`);
    return res.body;
  };
  const watcher = new MetricsWatcher(readMetrics);
  /** After the report: the data set removed if asked, every connection closed. */
  const finish = async () => {
    if (options.cleanup) log(`cleanup: deleted ${await cleanup(target.client, log)} links`);
    target.client.close();
    statsClient?.close();
    metricsClient.close();
  };
  await drainQueue(metricsClient, log);
  if (options.warmupMs > 0) {
    log(`warm-up: ${options.warmupMs / 1000}s, not measured`);
    const rate = options.rps ?? 100;
    await runPhase({
      client: target.client,
      statsClient,
      workload,
      durationMs: options.warmupMs,
      rps: options.connections === undefined ? rate : undefined,
      connections: options.connections,
    });
  }
  if (options.cost) {
    const costs = await measureCosts({
      client: target.client,
      statsClient,
      data: target.data,
      tag,
      mix: options.mix ?? SCENARIO_MIXES[options.scenario],
      rps: options.rps ?? 100,
      durationMs: options.durationMs,
      watch: () => new MetricsWatcher(readMetrics),
      // The click buffer writes at least every second: its flush is part of what the requests cost.
      drain: () => new Promise((resolve) => setTimeout(resolve, 2000)).then(() => drainQueue(metricsClient, log)),
      log,
    });
    process.stdout.write(`${renderCosts(costs, options.rps ?? 100, options.durationMs / 1000)}\n`);
    if (options.json) writeFileSync(options.json, `${JSON.stringify({ tool: 'shortline-loadtest', url: options.url, costs }, null, 2)}\n`);
    await finish();
    return 0;
  }
  let server: ServerFigures | null = null;
  const watching = await watcher.start().then(
    () => true,
    (error: Error) => (log(`server figures unavailable: ${error.message} (set --metrics-token if METRICS_TOKEN is set)`), false),
  );

  const started = performance.now();
  let phase: PhaseResult;
  let findMaxReport: Report['findMax'] = null;
  let verdict: SloVerdict | null = null;
  if (options.findMax) {
    const slo = options.slo!;
    const result = await findMax({
      startRps: options.rps ?? 100,
      factor: options.stepFactor,
      slo,
      runStep: (rps) => {
        log(`step: ${rps} req/s for ${options.stepMs / 1000}s`);
        return runPhase({ client: target.client, statsClient, workload, durationMs: options.stepMs, rps, progress });
      },
      onStep: (step) =>
        log(`  ${step.verdict.met ? 'held' : 'broken'}: p99 ${step.phase.all.percentile(99).toFixed(1)} ms, errors ${step.phase.errors}`),
    });
    const shown = result.best ?? result.steps[0];
    phase = shown.phase;
    verdict = shown.verdict;
    findMaxReport = {
      steps: result.steps.map((s) => ({
        rps: s.rps,
        achievedRps: Number((s.phase.all.size / s.phase.wallSeconds).toFixed(1)),
        p99: Number(s.phase.all.percentile(99).toFixed(2)),
        errorRatio: s.phase.all.size > 0 ? s.phase.errors / s.phase.all.size : 0,
        met: s.verdict.met,
      })),
      maxRps: result.best?.rps ?? null,
    };
  } else {
    phase = await runPhase({
      client: target.client,
      statsClient,
      workload,
      durationMs: options.durationMs,
      rps: options.rps,
      connections: options.connections,
      progress,
    });
    if (options.slo)
      verdict = judge(options.slo, {
        percentile: (p) => phase.all.percentile(p),
        errorRatio: phase.all.size > 0 ? phase.errors / phase.all.size : 0,
      });
  }
  if (watching) server = await watcher.stop((performance.now() - started) / 1000);
  progress?.('');

  const report = buildReport({
    url: options.statsUrl === undefined ? options.url : `${options.url} (stats: ${options.statsUrl})`,
    scenario: options.mix
      ? `mixed (${Object.entries(options.mix)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')})`
      : options.scenario,
    phase,
    slo: verdict,
    server,
    findMax: findMaxReport,
  });
  process.stdout.write(`${renderText(report)}\n`);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  if (options.html) writeFileSync(options.html, renderHtml(report));
  await finish();
  if (options.findMax) return findMaxReport?.maxRps === null ? 1 : 0;
  return verdict && !verdict.met ? 1 : 0;
}

/**
 * Waits (at most 5 minutes) until the server's job queue has no ready jobs:
 * the setup's own work (events, link previews of the data set) would
 * otherwise be measured as part of the load.
 */
async function drainQueue(metrics: LoadClient, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + 300_000;
  let said = false;
  while (Date.now() < deadline) {
    const res = await metrics.send({ method: 'GET', path: '/metrics' }, true);
    if (res.status !== 200) return;
    const ready = sum(parseMetrics(res.body), 'shortline_job_queue_depth', { state: 'ready' });
    if (ready === 0) return;
    if (!said) log(`waiting for the server's job queue to drain (${ready} ready jobs)`);
    said = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  log('the job queue did not drain within 5 minutes; measuring anyway');
}

/** The live progress line: rewritten in place on a terminal, a line every 10 s otherwise. */
function progressLine(): (line: string) => void {
  let count = 0;
  return (line) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`);
    else if (line !== '' && count++ % 10 === 0) process.stderr.write(`${line}\n`);
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`loadtest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
