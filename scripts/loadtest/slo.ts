/**
 * A service-level objective as given with --slo, e.g. `p99<100ms,errors<0.1%`:
 * latency percentiles under a bound and an error share under a bound. All
 * clauses must hold.
 */
export type SloClause = { kind: 'latency'; percentile: number; maxMs: number } | { kind: 'errors'; maxRatio: number };

export class SloSyntaxError extends Error {}

export function parseSlo(text: string): SloClause[] {
  const clauses = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (clauses.length === 0) throw new SloSyntaxError('--slo is empty; e.g. --slo "p99<100ms,errors<0.1%"');
  return clauses.map((clause) => {
    const latency = /^p(\d+(?:\.\d+)?)\s*<\s*(\d+(?:\.\d+)?)\s*(ms|s)$/i.exec(clause);
    if (latency) {
      const percentile = Number(latency[1]);
      if (percentile <= 0 || percentile >= 100) throw new SloSyntaxError(`--slo: percentile must be between 0 and 100 in "${clause}"`);
      return { kind: 'latency', percentile, maxMs: Number(latency[2]) * (latency[3].toLowerCase() === 's' ? 1000 : 1) };
    }
    const errors = /^errors\s*<\s*(\d+(?:\.\d+)?)\s*%$/i.exec(clause);
    if (errors) return { kind: 'errors', maxRatio: Number(errors[1]) / 100 };
    throw new SloSyntaxError(`--slo: cannot read "${clause}"; use clauses such as p99<100ms, p50<20ms, errors<0.1%`);
  });
}

export interface SloVerdict {
  met: boolean;
  /** One line per clause: what was required, what was measured. */
  lines: { clause: string; measured: string; met: boolean }[];
}

/** Judges a run: `percentile(p)` of all its latencies (ms), and its error share. */
export function judge(clauses: readonly SloClause[], measured: { percentile(p: number): number; errorRatio: number }): SloVerdict {
  const lines = clauses.map((c) => {
    if (c.kind === 'latency') {
      const value = measured.percentile(c.percentile);
      return { clause: `p${c.percentile} < ${c.maxMs} ms`, measured: `${value.toFixed(1)} ms`, met: value < c.maxMs };
    }
    return {
      clause: `errors < ${+(c.maxRatio * 100).toFixed(6)}%`,
      measured: `${(measured.errorRatio * 100).toFixed(3)}%`,
      met: measured.errorRatio < c.maxRatio,
    };
  });
  return { met: lines.every((line) => line.met), lines };
}
