import type { PhaseResult } from './run';
import { judge, type SloClause, type SloVerdict } from './slo';

export interface Step {
  rps: number;
  phase: PhaseResult;
  verdict: SloVerdict;
}

/**
 * Raises the arrival rate by `factor` per step, from `startRps`, until a step
 * breaks the SLO (or `maxRps` is passed). The answer is the highest rate whose
 * step held; a step is a full open-model run of its own.
 */
export async function findMax(options: {
  startRps: number;
  factor: number;
  maxRps?: number;
  slo: readonly SloClause[];
  runStep(rps: number): Promise<PhaseResult>;
  onStep?(step: Step): void;
}): Promise<{ steps: Step[]; best: Step | undefined }> {
  const steps: Step[] = [];
  let best: Step | undefined;
  for (let rps = options.startRps; rps <= (options.maxRps ?? 1_000_000); rps = Math.round(rps * options.factor)) {
    const phase = await options.runStep(rps);
    const verdict = judge(options.slo, {
      percentile: (p) => phase.all.percentile(p),
      errorRatio: phase.all.size > 0 ? phase.errors / phase.all.size : 1,
    });
    const step = { rps, phase, verdict };
    steps.push(step);
    options.onStep?.(step);
    if (!verdict.met) break;
    best = step;
  }
  return { steps, best };
}
