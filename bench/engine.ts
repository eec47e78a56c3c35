/**
 * Engine benchmark: netflixoss from 65 to ~100,000 instances at 10,000 requests per second for
 * 60 simulated seconds, plus a sweep of rates at 100 % scale to show cost linear in requests.
 * Each case runs in a child process so its peak RSS is measured alone.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface EngineBenchRow {
  example: string;
  scalePercent: number;
  instances: number;
  rate: number;
  simulatedS: number;
  requests: number;
  events: number;
  setupMs: number;
  wallMs: number;
  resultMs: number;
  eventsPerSecond: number;
  requestsPerSecond: number;
  peakRssMB: number;
}

const runner = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const caseFile = fileURLToPath(new URL('./engine-case.ts', import.meta.url));

export function runEngineCase(
  scale: number,
  rate: number,
  durationS: number,
  example = 'netflixoss',
): EngineBenchRow {
  const output = execFileSync(
    process.execPath,
    [runner, caseFile, example, String(scale), String(rate), String(durationS)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(output.trim().split('\n').pop() as string) as EngineBenchRow;
}

export function benchEngine(): { scaling: EngineBenchRow[]; rates: EngineBenchRow[] } {
  const scaling = [100, 1_000, 10_000, 160_000].map((scale) => runEngineCase(scale, 10_000, 60));
  const rates = [2_500, 5_000, 20_000].map((rate) => runEngineCase(100, rate, 60));
  return { scaling, rates };
}
