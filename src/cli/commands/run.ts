/**
 * `archsim run FILE`: simulates the architecture headless and prints per-service results.
 * `--out` writes the result JSON (byte-identical for the same document, options and seed);
 * `--traces` writes the sampled traces as Zipkin v2 JSON.
 *
 * Everything that could stop the command is checked before the simulation starts (options, the
 * document and its limits, the output files, the run database), so that a long run is never
 * thrown away for a typo in a path.
 */
import { Simulation, scenarioNames, type SimulationProgress } from '@engine/sim/simulation.ts';
import { ENGINE_VERSION } from '@engine/version.ts';
import type { CreateRunInput, RunStore } from '@store/index.ts';
import type { RunResult } from '@shared/results.ts';
import { EXIT, UsageError, escapeControls, type CliIo } from '../io.ts';
import { architectureNameFromFile, checkScenarioName, loadDocumentOrReport } from '../load.ts';
import {
  MAX_INSTANCES_HELP,
  parseCommandArgs,
  parseDurationOption,
  parseMaxInstancesOption,
  parsePositiveNumberOption,
  parseRateOption,
  parseRegionsOption,
  parseScaleOption,
  parseSeedOption,
} from '../options.ts';
import { inputFiles, reportOutputProblems, writeOutputFile, type OutputRequest } from '../outputs.ts';
import { createProgressReporter } from '../progress.ts';
import { formatRunResult, formatScenarioComparison } from '../result-tables.ts';
import { openCliRunStore } from '../run-database.ts';
import { JOBS_HELP, parseJobsOption } from '../batch.ts';
import { runReplications } from './replications.ts';

export const runUsage = `usage: archsim run FILE [--duration 60s] [--rate 1000] [--seed N] [--scale PCT] [--regions N]
                    [--scenario NAME|all] [--out result.json] [--traces zipkin.json] [--force]
                    [--db PATH] [--max-instances N] [--replications N [--jobs J]]

Simulates request traffic through the architecture and prints per-service results.
  --duration D      simulated time of arrivals: 60s, 2m, 500ms, at most 24h (default: document
                    load.durationS, else 60s)
  --rate R          requests per second entering the system, at most 10,000,000 (default: document
                    load.rate, else 100)
  --seed N          random seed (default: document seed, else 1); same seed, same results
  --scale PCT       percent applied to every count (spigo -p, default 100)
  --regions N       run regions (spigo -w, default 1)
  --scenario NAME   run one failure scenario of the document ("chaos-monkey" = spigo's victim)
  --scenario all    run without failures, then each scenario in turn, and compare them side by side
  --trace-rate F    fraction of requests traced (default: document traceSampleRate, else 0.001)
  --out F           write the result JSON (summary, encoded histograms, timeline, document);
                    - for standard output (the tables then go to stderr)
  --traces F        write the sampled traces as Zipkin v2 JSON
  --force           replace the --out and --traces files if they exist (never the input file)
  --db PATH         also store the run (with --scenario all, each run) in this run database (SQLite,
                    created if missing); see "archsim runs", "archsim compare", "archsim export"
${MAX_INSTANCES_HELP}
  --replications N  N runs with seeds SEED, SEED+1, …, SEED+N−1 (each the same as a run with that
                    --seed), in parallel; prints each entry's measures as mean ± 95 % confidence
                    interval; with --db, stored as one group ("archsim compare gA gB" tells which
                    differences between two groups are significant); --out writes the summary JSON
${JOBS_HELP}
  --quiet           no progress on stderr

Ctrl+C during replications stops every worker; the runs that finished are reported and stored
(exit status 130).`;

export function runRun(argv: string[], io: CliIo): number | Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    duration: { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string' },
    scale: { type: 'string' },
    regions: { type: 'string' },
    'max-instances': { type: 'string' },
    'trace-rate': { type: 'string' },
    scenario: { type: 'string' },
    out: { type: 'string' },
    traces: { type: 'string' },
    force: { type: 'boolean', default: false },
    db: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    replications: { type: 'string' },
    jobs: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${runUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('run takes exactly one FILE');
  const scale = parseScaleOption(values.scale);
  const regions = parseRegionsOption(values.regions);
  const maxInstances = parseMaxInstancesOption(values['max-instances']);
  const durationS = parseDurationOption('duration', values.duration, undefined);
  const rate = parseRateOption(values.rate);
  const seed = parseSeedOption(values.seed);
  const traceSampleRate = parsePositiveNumberOption('trace-rate', values['trace-rate'], 1);
  const replications = parseReplicationsOption(values.replications);
  if (values.jobs !== undefined && replications === undefined) {
    throw new UsageError('--jobs goes with --replications N (or use archsim sweep)');
  }
  const threads = parseJobsOption(values.jobs);
  if (replications !== undefined) {
    if (values.scenario === 'all')
      throw new UsageError('--replications takes one scenario, not --scenario all');
    if (values.traces !== undefined) throw new UsageError('--traces takes one run, not --replications');
  }
  const file = positionals[0] as string;
  if (values.db !== undefined && values.db.trim() === '') throw new UsageError('--db needs a PATH');
  const outputs: OutputRequest[] = [
    ...(values.out !== undefined ? [{ option: '--out', path: values.out }] : []),
    ...(values.traces !== undefined ? [{ option: '--traces', path: values.traces }] : []),
  ];
  const reserved = [
    ...inputFiles(file),
    ...(values.db !== undefined ? [{ path: values.db, what: 'the run database (--db)' }] : []),
  ];
  if (!reportOutputProblems(io, outputs, reserved, values.force)) return EXIT.usage;
  const loaded = loadDocumentOrReport(io, file, {
    scale,
    regions,
    maxInstances,
    durationS,
    rate,
    scenario: values.scenario ?? null,
  });
  if ('exitCode' in loaded) return loaded.exitCode;

  const known = scenarioNames(loaded.document);
  checkScenarioName(known, values.scenario, true);
  const arch = architectureNameFromFile(file);
  if (replications !== undefined) {
    return runReplications({
      io,
      document: loaded.document,
      options: {
        arch,
        scale,
        regions,
        durationS,
        rate,
        traceSampleRate,
        scenario: values.scenario ?? null,
        maxInstances,
      },
      seed: (seed ?? loaded.document.seed ?? 1) >>> 0,
      replications,
      threads,
      arch,
      quiet: values.quiet,
      database: values.db,
      out: values.out,
    });
  }
  const scenarios: (string | null)[] =
    values.scenario === 'all' ? [null, ...known] : [values.scenario ?? null];
  if (outputs.length > 0 && scenarios.length > 1) {
    throw new UsageError('--out and --traces take one run: choose one --scenario');
  }
  const store = values.db === undefined ? null : openCliRunStore(io, values.db, { mode: 'write' });
  if (values.db !== undefined && store === null) return EXIT.usage;

  // NOTE: async for a stored run, which yields between slices so that Ctrl+C reaches it (see
  // runStored); a run that is not stored keeps nothing and simply ends with the process.
  const runScenarios = async (): Promise<number> => {
    const stored: number[] = [];
    const results: RunResult[] = [];
    // With the result JSON on standard output (--out -), the tables go to stderr: stdout stays JSON.
    const tables = (text: string) => (values.out === '-' ? io.stderr(text) : io.stdout(text));
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
        maxInstances,
      });
      // The progress bar writes raw (it redraws its line), so its label is escaped here.
      const label = escapeControls(scenario === null ? arch : `${arch} (${scenario})`);
      const progress = values.quiet
        ? null
        : createProgressReporter(io.terminal ?? io.stderr, io.isTerminal ?? false, label);
      const started = Date.now();
      const onProgress = (update: SimulationProgress) => progress?.update(update);
      const result =
        store === null
          ? simulation.run(onProgress)
          : await runStored(io, store, simulation, onProgress, stored, {
              document: loaded.document,
              arch,
              scenario,
              seed: (seed ?? loaded.document.seed ?? 1) >>> 0,
              engineVersion: ENGINE_VERSION,
              options: { durationS, rate, scale, regions, traceSampleRate },
            });
      progress?.done();
      if (result === null) {
        // Ctrl+C: the run in progress was marked cancelled; the ones before it stay stored.
        (store as RunStore).close();
        io.stderr(
          `stopped: the run in progress was cancelled in ${values.db}${stored.length > 0 ? ` (stored: ${stored.join(', ')})` : ''}\n`,
        );
        return EXIT.interrupted;
      }
      const wallSeconds = (Date.now() - started) / 1000;
      results.push(result);
      if (scenarios.length === 1) tables(`${formatRunResult(result)}\n`);
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
    if (scenarios.length > 1) tables(`${formatScenarioComparison(results)}\n`);
    const [only] = results;
    if (only === undefined) return EXIT.ok;
    let exitCode: number = EXIT.ok;
    if (values.out !== undefined) {
      if (!writeJson(io, values.out, only)) exitCode = EXIT.usage;
      else if (only.traces.length === 0) io.stderr(`${values.out}: ${noTracesMessage(only)}\n`);
    }
    if (values.traces !== undefined) {
      if (!writeJson(io, values.traces, only.traces)) exitCode = EXIT.usage;
      else if (only.traces.length === 0) io.stderr(`${values.traces}: ${noTracesMessage(only)}\n`);
    }
    return exitCode;
  };
  return runScenarios();
}

/** --replications N: a whole number from 1 to MAX_REPLICATIONS. */
function parseReplicationsOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 1 || value > MAX_REPLICATIONS) {
    throw new UsageError(
      `--replications must be a whole number from 1 to ${MAX_REPLICATIONS.toLocaleString('en-US')} (got "${text}")`,
    );
  }
  return value;
}

/** Most replications one command runs. */
const MAX_REPLICATIONS = 10_000;

/** Why a result has no trace, and what to do about it. */
function noTracesMessage(result: RunResult): string {
  const { traceSampleRate } = result.options;
  const requests = result.summary.requests.toLocaleString('en-US');
  return (
    `no trace was sampled (trace rate ${traceSampleRate} of ${requests} requests), so there are no traces in it; ` +
    `raise --trace-rate (e.g. --trace-rate ${traceSampleRate > 0 ? Math.min(1, traceSampleRate * 100) : 0.01}) to sample some`
  );
}

/**
 * Runs the simulation as a stored run: created running, then completed with its result (its id
 * added to `stored`); marked failed (and the store closed) if the engine throws.
 */
async function runStored(
  io: CliIo,
  store: RunStore,
  simulation: Simulation,
  onProgress: (update: SimulationProgress) => void,
  stored: number[],
  input: CreateRunInput,
): Promise<RunResult | null> {
  const id = store.createRun(input);
  let interrupted = false;
  const removeListener = io.onInterrupt?.(() => {
    interrupted = true;
  });
  try {
    // In slices, yielding between them: a signal is handled only when the event loop turns.
    while (!simulation.runSlice(STORED_SLICE_EVENTS)) {
      onProgress(simulation.progress());
      await new Promise((resolve) => setImmediate(resolve));
      if (interrupted) {
        store.cancelRun(id);
        return null;
      }
    }
    onProgress(simulation.progress());
    const result = simulation.result();
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
  } finally {
    removeListener?.();
  }
}

/** Events between two looks for Ctrl+C in a stored run (a few tens of ms). */
const STORED_SLICE_EVENTS = 200_000;

/** Writes a JSON file (standard output for "-"); false, after one line on stderr, when it cannot. */
function writeJson(io: CliIo, path: string, value: unknown): boolean {
  const text = `${JSON.stringify(value)}\n`;
  if (path === '-') {
    io.stdout(text);
    return true;
  }
  const problem = writeOutputFile(io, path, (write) => write(text));
  if (problem !== null) io.stderr(`${path}: ${problem}\n`);
  return problem === null;
}
