/**
 * `archsim run FILE`: simulates the architecture headless and prints per-service results.
 * `--out` writes the result JSON (byte-identical for the same document, options and seed);
 * `--traces` writes the sampled traces as Zipkin v2 JSON.
 */
import { parseArgs } from 'node:util';
import { Simulation, scenarioNames, type SimulationProgress } from '@engine/sim/simulation.ts';
import { ENGINE_VERSION } from '@engine/version.ts';
import type { CreateRunInput, RunStore } from '@store/index.ts';
import type { RunResult } from '@shared/results.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { architectureNameFromFile, loadDocumentOrReport } from '../load.ts';
import {
  parseDurationOption,
  parsePositiveNumberOption,
  parseRegionsOption,
  parseScaleOption,
  parseSeedOption,
} from '../options.ts';
import { createProgressReporter } from '../progress.ts';
import { formatRunResult, formatScenarioComparison } from '../result-tables.ts';
import { openCliRunStore } from '../run-database.ts';

export const runUsage = `usage: archsim run FILE [--duration 60s] [--rate 1000] [--seed N] [--scale PCT] [--regions N]
                    [--scenario NAME|all] [--out result.json] [--traces zipkin.json] [--db PATH]

Simulates request traffic through the architecture and prints per-service results.
  --duration D      simulated time of arrivals: 60s, 2m, 500ms (default: document load.durationS, else 60s)
  --rate R          requests per second entering the system (default: document load.rate, else 100)
  --seed N          random seed (default: document seed, else 1); same seed, same results
  --scale PCT       percent applied to every count (spigo -p, default 100)
  --regions N       run regions (spigo -w, default 1)
  --scenario NAME   run one failure scenario of the document ("chaos-monkey" = spigo's victim)
  --scenario all    run without failures, then each scenario in turn, and compare them side by side
  --trace-rate F    fraction of requests traced (default: document traceSampleRate, else 0.001)
  --out F           write the result JSON (summary, encoded histograms, timeline, document)
  --traces F        write the sampled traces as Zipkin v2 JSON
  --db PATH         also store the run (with --scenario all, each run) in this run database (SQLite,
                    created if missing); see "archsim runs", "archsim compare", "archsim export"
  --quiet           no progress on stderr`;

export function runRun(argv: string[], io: CliIo & { isTerminal?: boolean }): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      duration: { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      regions: { type: 'string' },
      'trace-rate': { type: 'string' },
      scenario: { type: 'string' },
      out: { type: 'string' },
      traces: { type: 'string' },
      db: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${runUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('run takes exactly one FILE');
  const scale = parseScaleOption(values.scale);
  const regions = parseRegionsOption(values.regions);
  const durationS = parseDurationOption('duration', values.duration, undefined);
  const rate = parsePositiveNumberOption('rate', values.rate);
  const seed = parseSeedOption(values.seed);
  const traceSampleRate = parsePositiveNumberOption('trace-rate', values['trace-rate']);
  if (traceSampleRate !== undefined && traceSampleRate > 1) {
    throw new UsageError(`--trace-rate must be between 0 and 1 (got "${values['trace-rate']}")`);
  }
  const file = positionals[0] as string;
  const loaded = loadDocumentOrReport(io, file, { scale, regions });
  if ('exitCode' in loaded) return loaded.exitCode;

  const known = scenarioNames(loaded.document);
  if (values.scenario !== undefined && values.scenario !== 'all' && !known.includes(values.scenario)) {
    throw new UsageError(
      `unknown scenario "${values.scenario}" (${known.length > 0 ? `known: ${known.join(', ')}, all` : 'the document has none'})`,
    );
  }
  const scenarios: (string | null)[] =
    values.scenario === 'all' ? [null, ...known] : [values.scenario ?? null];
  if ((values.out || values.traces) && scenarios.length > 1) {
    throw new UsageError('--out and --traces take one run: choose one --scenario');
  }
  if (values.db !== undefined && values.db.trim() === '') throw new UsageError('--db needs a PATH');
  const store = values.db === undefined ? null : openCliRunStore(io, values.db, { mustExist: false });
  if (values.db !== undefined && store === null) return EXIT.usage;
  const stored: number[] = [];
  const arch = architectureNameFromFile(file);
  const results: RunResult[] = [];
  for (const scenario of scenarios) {
    const simulation = new Simulation(loaded.document, {
      arch,
      scale,
      regions,
      durationS,
      rate,
      seed,
      traceSampleRate,
      scenario,
    });
    const label = scenario === null ? arch : `${arch} (${scenario})`;
    const progress = values.quiet ? null : createProgressReporter(io.stderr, io.isTerminal ?? false, label);
    const started = Date.now();
    const onProgress = (update: SimulationProgress) => progress?.update(update);
    const result =
      store === null
        ? simulation.run(onProgress)
        : runStored(store, simulation, onProgress, stored, {
            document: loaded.document,
            arch,
            scenario,
            seed: (seed ?? loaded.document.seed ?? 1) >>> 0,
            engineVersion: ENGINE_VERSION,
            options: { durationS, rate, scale, regions, traceSampleRate },
          });
    progress?.done();
    const wallSeconds = (Date.now() - started) / 1000;
    results.push(result);
    if (scenarios.length === 1) io.stdout(`${formatRunResult(result)}\n`);
    if (!values.quiet) {
      io.stderr(
        `${result.summary.events.toLocaleString('en-US')} events in ${wallSeconds.toFixed(2)} s wall time (${Math.round(result.summary.events / Math.max(wallSeconds, 1e-3)).toLocaleString('en-US')} events/s)\n`,
      );
    }
  }
  if (store !== null) {
    store.close();
    const ids = stored.join(', ');
    io.stderr(`stored as ${stored.length === 1 ? 'run' : 'runs'} ${ids} in ${values.db}\n`);
  }
  if (scenarios.length > 1) io.stdout(`${formatScenarioComparison(results)}\n`);
  const [only] = results;
  if (only && values.out) writeJson(io, values.out, only);
  if (only && values.traces) writeJson(io, values.traces, only.traces);
  return EXIT.ok;
}

/**
 * Runs the simulation as a stored run: created running, then completed with its result (its id
 * added to `stored`); marked failed (and the store closed) if the engine throws.
 */
function runStored(
  store: RunStore,
  simulation: Simulation,
  onProgress: (update: SimulationProgress) => void,
  stored: number[],
  input: CreateRunInput,
): RunResult {
  const id = store.createRun(input);
  try {
    const result = simulation.run(onProgress);
    store.completeRun(id, result);
    stored.push(id);
    return result;
  } catch (cause) {
    try {
      store.failRun(id, `the engine failed: ${(cause as Error).message ?? String(cause)}`);
    } finally {
      store.close();
    }
    throw cause;
  }
}

function writeJson(io: CliIo, path: string, value: unknown): void {
  const file = io.createFile(path);
  try {
    file.write(`${JSON.stringify(value)}\n`);
  } finally {
    file.close();
  }
}
