/**
 * `npm run bench`: runs the benchmarks, prints their tables and writes bench/results/latest.json.
 * Numbers, not assertions: performance lives here, not in the test suite.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchGraphExport, benchTopology } from './topology.ts';
import { benchEngine } from './engine.ts';
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

console.log(
  '\nSimulation engine (netflixoss, 10,000 req/s for 60 simulated seconds, one thread; fastest of 3 runs, and the median):',
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
    requestsPerSecond: row.requestsPerSecond,
    peakRssMB: row.peakRssMB,
  }));
console.log(table(engineColumns(engine.scaling)));
console.log('\nSimulation engine (netflixoss at 100 %, rate sweep, 60 simulated seconds):');
console.log(table(engineColumns(engine.rates)));

console.log('\nRun store (SQLite, 10,000 runs; goals: list < 100 ms, load one run < 200 ms):');
const store = benchStore();
console.log(table([store as unknown as Record<string, number>]));

console.log(
  '\nStudio in Chromium (a generated 300-service architecture; goals: open and lay out < 2 s, drag frames < 50 ms, JSON edit on the canvas < 300 ms):',
);
const chromiumPath = findChromium();
const studio = chromiumPath === null ? null : await benchStudio(chromiumPath);
console.log(studio ? table(studioRows(studio)) : `skipped: ${chromiumMissingMessage()}`);

const results = {
  date: new Date().toISOString(),
  machine,
  topology,
  graphExport: graph,
  engine,
  store,
  studio,
};
const target = fileURLToPath(new URL('./results/latest.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${target}`);
