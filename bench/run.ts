/**
 * `npm run bench`: runs the benchmarks, prints their tables and writes bench/results/latest.json.
 * Numbers, not assertions: performance lives here, not in the test suite.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchGraphExport, benchTopology } from './topology.ts';
import { benchEngine, benchMillion, changeFromBaseline, readBaseline, MILLION_SCALE } from './engine.ts';
import { benchSweep } from './batch.ts';
import { benchStore } from './store.ts';
import { benchStudio, studioRows } from './studio.ts';
import { chromiumMissingMessage, findChromium } from '../test/support/chromium.ts';

function table(rows: Record<string, number | string>[]): string {
  if (rows.length === 0) return '';
  const headers = Object.keys(rows[0] as object);
  const cells = rows.map((row) => headers.map((header) => String(row[header])));
  const widths = headers.map((header, index) =>
    Math.max(header.length, ...cells.map((row) => (row[index] as string).length)),
  );
  const line = (values: string[]) =>
    values.map((value, index) => value.padStart(widths[index] as number)).join('  ');
  return [line(headers), ...cells.map(line)].join('\n');
}

const machine = `${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, node ${process.version}`;
console.log(`archsim benchmarks — ${machine}\n`);

console.log('Topology expansion (netflixoss, 1 region):');
const topology = benchTopology();
console.log(table(topology as unknown as Record<string, number>[]));

console.log('\nspigo graph export (netflixoss at 1000 %):');
const graph = benchGraphExport();
console.log(table([graph]));

const baseline = readBaseline();
console.log(
  '\nSimulation engine (netflixoss, 10,000 req/s for 60 simulated seconds, one thread; fastest of 3 runs, and the median;',
);
console.log(
  baseline
    ? `"vs baseline": events/s (fastest) against the engine before issue 14 (${baseline.commit}, measured on ${baseline.machine}):`
    : 'no bench/results/baseline.json to compare with):',
);
const engine = benchEngine();
const engineColumns = (rows: typeof engine.scaling) =>
  rows.map((row) => ({
    scalePercent: row.scalePercent,
    instances: row.instances,
    rate: row.rate,
    requests: row.requests,
    events: row.events,
    wallMs: row.wallMs,
    medianWallMs: row.medianWallMs,
    eventsPerSecond: row.eventsPerSecond,
    medianEventsPerSecond: row.medianEventsPerSecond,
    eventsPerCpuSecond: row.eventsPerCpuSecond,
    requestsPerSecond: row.requestsPerSecond,
    peakRssMB: row.peakRssMB,
    vsBaseline: baseline ? changeFromBaseline(row, baseline.rows) || '-' : '-',
  }));
console.log(table(engineColumns(engine.scaling)));
console.log('\nSimulation engine (netflixoss at 100 %, rate sweep, 60 simulated seconds):');
console.log(table(engineColumns(engine.rates)));

console.log(
  `\nA million instances (netflixoss at ${MILLION_SCALE.toLocaleString('en-US')} %, 10,000 req/s for 10 simulated seconds, one run; goals: set up in < 5 s, < 4 GB):`,
);
const million = benchMillion();
console.log(
  table([
    {
      instances: million.instances,
      setupS: (million.setupMs / 1000).toFixed(2),
      events: million.events,
      wallS: (million.wallMs / 1000).toFixed(2),
      eventsPerSecond: million.eventsPerSecond,
      requestsPerSecond: million.requestsPerSecond,
      peakRssMB: million.peakRssMB,
    },
  ]),
);

console.log(
  '\nSweep of 6 points (netflixoss, 2,000 to 12,000 req/s, 10 s each) on worker threads — 2 jobs against 1:',
);
const sweep = await benchSweep();
console.log(table(sweep as unknown as Record<string, number>[]));

/** `npm run bench -- --engine`: the topology, engine and sweep tables only (no store, no studio). */
const engineOnly = process.argv.includes('--engine');
let store: ReturnType<typeof benchStore> | null = null;
let studio: Awaited<ReturnType<typeof benchStudio>> | null = null;
if (!engineOnly) {
  console.log('\nRun store (SQLite, 10,000 runs; goals: list < 100 ms, load one run < 200 ms):');
  store = benchStore();
  console.log(table([store as unknown as Record<string, number>]));

  console.log(
    '\nStudio in Chromium (a generated 300-service architecture; goals: open and lay out < 2 s, drag frames < 50 ms, JSON edit on the canvas < 300 ms):',
  );
  const chromiumPath = findChromium();
  studio = chromiumPath === null ? null : await benchStudio(chromiumPath);
  console.log(studio ? table(studioRows(studio)) : `skipped: ${chromiumMissingMessage()}`);
}

const results = {
  date: new Date().toISOString(),
  machine,
  topology,
  graphExport: graph,
  engine,
  million,
  sweep,
  store,
  studio,
};
// NOTE: a partial run (--engine) does not replace the full results file.
const target = fileURLToPath(
  new URL(engineOnly ? './results/latest-engine.json' : './results/latest.json', import.meta.url),
);
writeFileSync(target, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${target}`);
