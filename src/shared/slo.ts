/**
 * Service level objectives against a run's results: each SLO of the document (a latency
 * percentile under a bound, an availability over a share) passes or fails, with the value the
 * run measured. The studio's Results and the command line say the same.
 */
import type { Slo } from './document/schema.ts';
import type { LatencySummary, RunResult } from './results.ts';

export interface SloOutcome {
  readonly slo: Slo;
  /** The measured latency at the SLO's percentile (ms), when it sets one. */
  readonly latencyMs: number | null;
  /** The measured share of successful calls (%), when it sets an availability. */
  readonly availabilityPercent: number | null;
  readonly pass: boolean;
  /** What was measured against what was asked, in words. */
  readonly text: string;
}

/**
 * The latency at `percentile` from a summary (50, 90, 99, 99.9 exactly; between them, log-linear
 * in 1/(1−p) between the neighbouring known points, as the percentile spectrum draws them).
 */
export function latencyAtPercentile(summary: LatencySummary, percentile: number): number {
  const known: [number, number][] = [
    [0, 0],
    [50, summary.p50],
    [90, summary.p90],
    [99, summary.p99],
    [99.9, summary.p999],
    [100, summary.max],
  ];
  const exact = known.find(([at]) => at === percentile);
  if (exact) return exact[1];
  const position = (at: number) => Math.log10(1 / Math.max(1e-6, 1 - at / 100));
  for (let index = 1; index < known.length; index++) {
    const [upperAt, upperValue] = known[index] as [number, number];
    const [lowerAt, lowerValue] = known[index - 1] as [number, number];
    if (percentile < upperAt) {
      const span = position(upperAt) - position(lowerAt);
      const share = span <= 0 ? 0 : (position(percentile) - position(lowerAt)) / span;
      return lowerValue + (upperValue - lowerValue) * share;
    }
  }
  return summary.max;
}

export function evaluateSlos(result: RunResult): SloOutcome[] {
  return (result.document.slos ?? []).map((slo) => {
    const service = result.services.find((candidate) => candidate.name === slo.service);
    const entry = result.entries.find((candidate) => candidate.name === slo.service);
    const summary = entry?.responseMs ?? service?.latencyMs;
    const parts: string[] = [];
    let pass = true;
    let latencyMs: number | null = null;
    if (slo.percentile !== undefined && slo.latencyMs !== undefined && summary) {
      latencyMs = latencyAtPercentile(summary, slo.percentile);
      const ok = latencyMs <= slo.latencyMs;
      pass &&= ok;
      parts.push(`p${slo.percentile} ${latencyMs.toFixed(1)} ms ${ok ? '≤' : '>'} ${slo.latencyMs} ms`);
    }
    let availabilityPercent: number | null = null;
    if (slo.availabilityPercent !== undefined) {
      const requests = entry?.requests ?? service?.requests ?? 0;
      const errors = entry?.errors ?? service?.errors ?? 0;
      availabilityPercent = requests === 0 ? 100 : (100 * (requests - errors)) / requests;
      const ok = availabilityPercent >= slo.availabilityPercent;
      pass &&= ok;
      parts.push(
        `availability ${availabilityPercent.toFixed(2)} % ${ok ? '≥' : '<'} ${slo.availabilityPercent} %`,
      );
    }
    if (!service && !entry) {
      pass = false;
      parts.push('no such service in the run');
    }
    return { slo, latencyMs, availabilityPercent, pass, text: parts.join(', ') };
  });
}
