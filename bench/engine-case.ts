/**
 * One engine benchmark case, run in its own process so that its peak RSS is its own:
 *   node bin/run-ts.js bench/engine-case.ts EXAMPLE SCALE RATE DURATION_S
 * Prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { tuneCompilerForEngine } from '@engine/host/compiler-tuning.ts';
import { Simulation } from '@engine/sim/simulation.ts';
import { loadExample } from './topology.ts';

// As the engine process, the job workers and the CLI do: the bench measures what users run.
tuneCompilerForEngine();
const [example = 'netflixoss', scale = '100', rate = '10000', duration = '60'] = process.argv.slice(2);
const document = loadExample(example);
const setupStart = performance.now();
const simulation = new Simulation(document, {
  arch: example,
  scale: Number(scale),
  rate: Number(rate),
  durationS: Number(duration),
  seed: 1,
});
const setupMs = performance.now() - setupStart;
const start = performance.now();
const cpuStart = process.cpuUsage();
while (!simulation.runSlice(500_000));
const runMs = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
// CPU time of this process (user + system): on a shared machine it is what the run cost, where
// wall time also counts the time other processes had the core.
const cpuMs = (cpu.user + cpu.system) / 1000;
const result = simulation.result();
const resultMs = performance.now() - start - runMs;
const seconds = runMs / 1000;
console.log(
  JSON.stringify({
    example,
    scalePercent: Number(scale),
    instances: result.summary.instances,
    rate: Number(rate),
    simulatedS: Number(duration),
    requests: result.summary.requests,
    events: result.summary.events,
    setupMs: Math.round(setupMs),
    wallMs: Math.round(runMs),
    cpuMs: Math.round(cpuMs),
    resultMs: Math.round(resultMs),
    eventsPerSecond: Math.round(result.summary.events / seconds),
    requestsPerSecond: Math.round(result.summary.requests / seconds),
    eventsPerCpuSecond: Math.round(result.summary.events / (cpuMs / 1000)),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
