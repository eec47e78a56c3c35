/**
 * `archsim sweep FILE --rate FROM:TO:STEPS [--jobs J]`: one run per point (rates, scales, values
 * of a service's field, or every combination of them), in parallel, as a table of throughput,
 * errors and percentiles per point, with the knee — where p99 leaves its floor — named. Each
 * point is an independent, pure run, so the same points go to a cluster unchanged: `--emit k8s`
 * writes a Kubernetes Indexed Job whose pods each run one point (`--point N --results DIR`) and
 * write its result file, which `archsim runs import DIR` brings into a run store.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { runJob, type JobOptions, type RunJob } from '@engine/jobs.ts';
import { scenarioNames } from '@engine/sim/simulation.ts';
import { renderSweepSvg, sweepValueLabel } from '@shared/charts/sweep.ts';
import { serviceSchema } from '@shared/document/schema.ts';
import { validateDocument } from '@shared/document/validate.ts';
import { formatJsonPath } from '@shared/document/problems.ts';
import { indexedJobYaml } from '@shared/k8s.ts';
import type { RunResult } from '@shared/results.ts';
import {
  sweepKnee,
  sweptAxes,
  parseParam,
  parseRange,
  pointDocument,
  pointFileName,
  pointLabel,
  pointOptions,
  sweepPoints,
  sweepRow,
  SWEEP_PLAN_FILE,
  SWEEP_PLAN_FORMAT,
  type Knee,
  type SweepAxis,
  type SweepPlan,
  type SweepPoint,
  type SweepRow,
} from '@shared/sweep.ts';
import { JOBS_HELP, parseJobsOption, runBatch } from '../batch.ts';
import { describeKnee, formatSweepTable } from '../group-tables.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
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
import {
  checkSvgName,
  inputFiles,
  reportOutputProblems,
  writeOutputFile,
  type OutputRequest,
} from '../outputs.ts';
import { formatMs } from '../result-tables.ts';
import { openCliRunStore } from '../run-database.ts';

export const sweepUsage = `usage: archsim sweep FILE --rate FROM:TO:STEPS [--scale FROM:TO:STEPS] [--param SERVICE.FIELD=a,b,c]…
                      [--duration 60s] [--seed N] [--scenario NAME] [--regions N] [--jobs J]
                      [--chart sweep.svg] [--results DIR] [--db PATH] [--json] [--force] [--quiet]
       archsim sweep FILE … --emit k8s [--image IMAGE] [--results-claim NAME] [--out job.yaml]
       archsim sweep FILE … --point N --results DIR

Runs the architecture once per point, in parallel, and prints a table of throughput (successful
requests/s), errors and end-to-end percentiles per point (the busiest entry), then names the knee:
the first point whose P99 exceeds 1.5× its floor (the lowest P99 of the points before it).
Axes (at least one; several give every combination, the first varying slowest):
  --rate FROM:TO:STEPS   STEPS rates from FROM to TO req/s, both included (a plain number: one
                         rate for every point)
  --scale FROM:TO:STEPS  STEPS scales (percent, whole) from FROM to TO (a plain number: one scale)
  --param S.F=a,b,c      values of a field of service S (a path: "web.capacity.concurrency=50,100";
                         values as JSON, else strings); repeat for more parameters
Every point shares the other options:
  --duration D      simulated time of arrivals per point (default: document load.durationS, else 60s)
  --seed N          the seed of every point (default: document seed, else 1)
  --scenario NAME   a failure scenario of the document, in every point
  --regions N       run regions (spigo -w)
  --trace-rate F    fraction of requests traced
${MAX_INSTANCES_HELP}
${JOBS_HELP}
Outputs:
  --chart F         an SVG chart of P50, P90 and P99 against the swept value, the knee marked
  --results DIR     write each point's result file (point-0000.json…) and the plan (sweep.json)
                    into DIR (made if missing); "archsim runs import DIR" stores them later
  --db PATH         store the points as one group of runs in this run database
  --json            print the plan, the rows and the knee as JSON instead of the table
  --force           replace the --chart, --out and result files if they exist
In a cluster:
  --emit k8s        do not simulate: write a Kubernetes Indexed Job (and a ConfigMap with the
                    document) whose pod i runs point i and writes its result file to a volume
                    (to stdout, or --out FILE)
  --image IMAGE     the container image with archsim (default archsim:latest)
  --results-claim N the PersistentVolumeClaim the pods write their results to (default archsim-results)
  --point N         run point N only (0-based) and write its result to --results DIR: what each
                    pod of the Job runs

Ctrl+C stops every worker; the points that finished are reported, written and stored (exit 130).
Exit status: 0 ok, 1 invalid document or failed points, 2 bad arguments or unwritable outputs.`;

const DEFAULT_IMAGE = 'archsim:latest';
const DEFAULT_RESULTS_CLAIM = 'archsim-results';

/** A --rate or --scale value: a range (an axis) or one value for every point. */
function rangeOrValue(
  option: 'rate' | 'scale',
  text: string | undefined,
): { axis: SweepAxis | null; value: number | undefined } {
  if (text === undefined) return { axis: null, value: undefined };
  if (!text.includes(':')) {
    return { axis: null, value: option === 'rate' ? parseRateOption(text) : parseScaleOption(text) };
  }
  let values: number[];
  try {
    values = parseRange(option, text, option === 'scale');
  } catch (cause) {
    throw new UsageError((cause as Error).message);
  }
  for (const value of values) {
    if (option === 'rate') parseRateOption(String(value));
    else parseScaleOption(String(value));
  }
  return {
    axis:
      option === 'rate' ? { kind: 'rate', name: 'rate', values } : { kind: 'scale', name: 'scale', values },
    value: undefined,
  };
}

export function runSweep(argv: string[], io: CliIo): number | Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    rate: { type: 'string' },
    scale: { type: 'string' },
    param: { type: 'string', multiple: true },
    duration: { type: 'string' },
    seed: { type: 'string' },
    scenario: { type: 'string' },
    regions: { type: 'string' },
    'trace-rate': { type: 'string' },
    'max-instances': { type: 'string' },
    jobs: { type: 'string' },
    chart: { type: 'string' },
    results: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    emit: { type: 'string' },
    image: { type: 'string' },
    'results-claim': { type: 'string' },
    out: { type: 'string' },
    point: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${sweepUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('sweep takes exactly one FILE');
  const file = positionals[0] as string;
  const rate = rangeOrValue('rate', values.rate);
  const scale = rangeOrValue('scale', values.scale);
  const params = (values.param ?? []).map((text) => {
    try {
      return parseParam(text);
    } catch (cause) {
      throw new UsageError((cause as Error).message);
    }
  });
  // A service keeps fields it does not know (spigo's files have their own): a misspelt one would
  // vary nothing, silently. Nested fields are checked with the document.
  const serviceFields = Object.keys(serviceSchema.shape);
  for (const param of params) {
    const field = param.path[0] as string;
    if (!serviceFields.includes(field) && !field.startsWith('x-')) {
      throw new UsageError(
        `--param ${param.name}: a service has no field "${field}" (its fields: ${serviceFields.join(', ')})`,
      );
    }
  }
  const repeated = params.find(
    (param, index) => params.findIndex((other) => other.name === param.name) < index,
  );
  if (repeated) {
    throw new UsageError(
      `--param ${repeated.name} is given twice: put all its values in one (--param ${repeated.name}=a,b,c)`,
    );
  }
  const axes: SweepAxis[] = [
    ...(rate.axis ? [rate.axis] : []),
    ...(scale.axis ? [scale.axis] : []),
    ...params,
  ];
  if (axes.length === 0) {
    throw new UsageError(
      'sweep needs an axis: --rate FROM:TO:STEPS, --scale FROM:TO:STEPS or --param S.F=a,b,c',
    );
  }
  let points: SweepPoint[];
  try {
    points = sweepPoints(axes);
  } catch (cause) {
    throw new UsageError((cause as Error).message);
  }
  const durationS = parseDurationOption('duration', values.duration, undefined);
  const seedOption = parseSeedOption(values.seed);
  const regions = parseRegionsOption(values.regions);
  const maxInstances = parseMaxInstancesOption(values['max-instances']);
  const traceSampleRate = parsePositiveNumberOption('trace-rate', values['trace-rate'], 1);
  const threads = parseJobsOption(values.jobs);
  if (values.emit !== undefined && values.emit !== 'k8s') {
    throw new UsageError(`--emit takes k8s (a Kubernetes Indexed Job), not "${values.emit}"`);
  }
  const point = values.point === undefined ? undefined : parsePointOption(values.point, points.length);
  if (point !== undefined && values.results === undefined) {
    throw new UsageError('--point N writes its result to --results DIR: name the folder');
  }
  // What Kubernetes would refuse when the Job is applied, refused here.
  if (values.image !== undefined && !/^[^\s]+$/.test(values.image)) {
    throw new UsageError(`--image must name a container image (no spaces, not empty; got "${values.image}")`);
  }
  const claim = values['results-claim'];
  if (claim !== undefined && !/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(claim)) {
    throw new UsageError(
      `--results-claim must be a Kubernetes name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (got "${claim}")`,
    );
  }
  if (values.emit === undefined && (values.image !== undefined || values['results-claim'] !== undefined)) {
    throw new UsageError('--image and --results-claim go with --emit k8s');
  }
  if (values.out !== undefined && values.emit === undefined) {
    throw new UsageError('--out names the manifest of --emit k8s; the points go to --results DIR');
  }
  if (values.chart !== undefined) checkSvgName('--chart', values.chart);
  const outputs: OutputRequest[] = [
    ...(values.chart !== undefined ? [{ option: '--chart', path: values.chart }] : []),
    ...(values.out !== undefined ? [{ option: '--out', path: values.out }] : []),
  ];
  const reserved = [
    ...inputFiles(file),
    ...(values.db !== undefined ? [{ path: values.db, what: 'the run database (--db)' }] : []),
  ];
  if (!reportOutputProblems(io, outputs, reserved, values.force)) return EXIT.usage;
  if (values.results !== undefined && !prepareResultsFolder(io, values.results)) return EXIT.usage;

  // The document, checked at the sweep's largest rate and scale (the instance and work limits).
  const largest = (axis: SweepAxis | null, fixed: number | undefined) =>
    axis ? Math.max(...(axis.values as number[])) : fixed;
  const loaded = loadDocumentOrReport(io, file, {
    scale: largest(scale.axis, scale.value),
    regions,
    maxInstances,
    durationS,
    rate: largest(rate.axis, rate.value),
    scenario: values.scenario ?? null,
  });
  if ('exitCode' in loaded) return loaded.exitCode;
  const document = loaded.document;
  // Checked before any point runs (each would fail the same way).
  checkScenarioName(scenarioNames(document), values.scenario, false);
  const arch = architectureNameFromFile(file);
  const seed = (seedOption ?? document.seed ?? 1) >>> 0;
  const shared: JobOptions = {
    arch,
    regions,
    durationS,
    scenario: values.scenario ?? null,
    traceSampleRate,
    maxInstances,
    ...(rate.value !== undefined ? { rate: rate.value } : {}),
    ...(scale.value !== undefined ? { scale: scale.value } : {}),
  };
  // Each point's document (its parameters set) must be valid too.
  const jobs: RunJob[] = [];
  for (const each of points) {
    let pointDoc;
    try {
      pointDoc = pointDocument(document, axes, each);
    } catch (cause) {
      throw new UsageError((cause as Error).message);
    }
    if (params.length > 0) {
      const problems = validateDocument(pointDoc).problems.filter((problem) => problem.severity === 'error');
      if (problems.length > 0) {
        for (const problem of problems.slice(0, 5)) {
          io.stderr(
            `${file} (point ${each.index}: ${pointLabel(each)}): ${formatJsonPath(problem.path)}: ${problem.message}\n`,
          );
        }
        return EXIT.problems;
      }
    }
    jobs.push({ document: pointDoc, options: { ...shared, ...pointOptions(each) }, seed });
  }
  const plan: SweepPlan = {
    format: SWEEP_PLAN_FORMAT,
    arch,
    axes,
    points,
    options: {
      ...(durationS !== undefined ? { durationS } : {}),
      seed,
      ...(values.scenario !== undefined ? { scenario: values.scenario } : {}),
      ...(regions !== 1 ? { regions } : {}),
      ...(rate.value !== undefined ? { rate: rate.value } : {}),
      ...(scale.value !== undefined ? { scale: scale.value } : {}),
    },
  };

  if (values.emit === 'k8s') {
    return emitKubernetesJob(io, {
      documentText: io.readFile(file),
      argv,
      arch,
      points: points.length,
      parallelism: threads,
      image: values.image ?? DEFAULT_IMAGE,
      resultsClaim: values['results-claim'] ?? DEFAULT_RESULTS_CLAIM,
      out: values.out,
    });
  }
  if (point !== undefined) {
    return runOnePoint(io, {
      job: jobs[point] as RunJob,
      point: points[point] as SweepPoint,
      plan,
      axes,
      results: values.results as string,
      force: values.force,
      json: values.json,
    });
  }
  return runPoints(io, {
    arch,
    axes,
    points,
    jobs,
    plan,
    threads,
    quiet: values.quiet,
    json: values.json,
    force: values.force,
    chart: values.chart,
    results: values.results,
    database: values.db,
  });
}

/** --point N: a point's index, 0 to points − 1. */
function parsePointOption(text: string, points: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 0 || value >= points) {
    throw new UsageError(
      `--point must be a whole number from 0 to ${points - 1}, the sweep's points (got "${text}")`,
    );
  }
  return value;
}

/** Makes the results folder if missing; false (after a line on stderr) when it cannot be used. */
function prepareResultsFolder(io: CliIo, folder: string): boolean {
  const existing = statSync(folder, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) {
    io.stderr(`${folder}: --results names a folder, and this is a file\n`);
    return false;
  }
  try {
    mkdirSync(folder, { recursive: true });
  } catch (cause) {
    io.stderr(`${folder}: cannot make the results folder: ${(cause as Error).message}\n`);
    return false;
  }
  // Writable? Found out now, before any point runs, not after.
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch (cause) {
    io.stderr(`${folder}: cannot write the results folder: ${(cause as Error).message}\n`);
    return false;
  }
}

/** Writes a point's result file (and the plan beside it) into the results folder. */
function writePointFiles(
  io: CliIo,
  folder: string,
  plan: SweepPlan,
  index: number,
  result: RunResult,
  force: boolean,
): boolean {
  const target = path.join(folder, pointFileName(index));
  if (!force && statSync(target, { throwIfNoEntry: false })?.isFile()) {
    io.stderr(`${target}: the file exists; add --force to replace it\n`);
    return false;
  }
  const problem =
    writeOutputFile(io, target, (write) => write(`${JSON.stringify(result)}\n`)) ??
    writeOutputFile(io, path.join(folder, SWEEP_PLAN_FILE), (write) =>
      write(`${JSON.stringify(plan, null, 2)}\n`),
    );
  if (problem !== null) io.stderr(`${target}: ${problem}\n`);
  return problem === null;
}

function runOnePoint(
  io: CliIo,
  request: {
    job: RunJob;
    point: SweepPoint;
    plan: SweepPlan;
    axes: readonly SweepAxis[];
    results: string;
    force: boolean;
    json: boolean;
  },
): number {
  const { job, point } = request;
  const result = runJob(job.document, job.options, job.seed);
  if (!writePointFiles(io, request.results, request.plan, point.index, result, request.force))
    return EXIT.usage;
  const row = sweepRow(point, result);
  if (request.json) io.stdout(`${JSON.stringify(row)}\n`);
  else io.stdout(`${formatSweepTable(request.axes, [row], null)}\n`);
  return EXIT.ok;
}

interface PointsRequest {
  readonly arch: string;
  readonly axes: readonly SweepAxis[];
  readonly points: readonly SweepPoint[];
  readonly jobs: readonly RunJob[];
  readonly plan: SweepPlan;
  readonly threads: number;
  readonly quiet: boolean;
  readonly json: boolean;
  readonly force: boolean;
  readonly chart: string | undefined;
  readonly results: string | undefined;
  readonly database: string | undefined;
}

async function runPoints(io: CliIo, request: PointsRequest): Promise<number> {
  const { axes, points } = request;
  const store =
    request.database === undefined ? null : openCliRunStore(io, request.database, { mode: 'write' });
  if (request.database !== undefined && store === null) return EXIT.usage;
  let writeFailed = false;
  try {
    const group =
      store === null ? null : store.createGroup({ kind: 'sweep', arch: request.arch, plan: request.plan });
    const outcome = await runBatch({
      io,
      jobs: request.jobs,
      threads: request.threads,
      label: `${request.arch}: sweep of ${points.length} points`,
      quiet: request.quiet,
      store: store === null || group === null ? null : { store, group, arch: request.arch },
      onResult: (index, result) => {
        if (
          request.results !== undefined &&
          !writePointFiles(io, request.results, request.plan, index, result, request.force)
        )
          writeFailed = true;
      },
    });
    const rows = points.map((point) => {
      const result = outcome.results[point.index];
      return result === undefined ? null : sweepRow(point, result);
    });
    const finished = rows.filter((row): row is SweepRow => row !== null);
    const knee = sweepKnee(axes, finished);
    if (request.json) {
      io.stdout(`${JSON.stringify({ plan: request.plan, rows, knee }, null, 2)}\n`);
    } else {
      io.stdout(`${formatSweepTable(axes, rows, knee)}\n\n${describeKnee(axes, finished)}\n`);
    }
    if (request.chart !== undefined && finished.length > 0) {
      const svg = sweepChart(request.arch, axes, finished, knee);
      const problem = writeOutputFile(io, request.chart, (write) => write(svg));
      if (problem !== null) {
        io.stderr(`${request.chart}: ${problem}\n`);
        writeFailed = true;
      } else if (!request.quiet) {
        io.stderr(`${request.chart}: chart of ${finished.length} points\n`);
      }
    }
    if (!request.quiet) {
      io.stderr(
        `${finished.length} of ${points.length} points in ${outcome.wallSeconds.toFixed(2)} s wall time on ${Math.min(request.threads, points.length)} worker thread${request.threads === 1 ? '' : 's'}\n`,
      );
    }
    if (store !== null && group !== null) {
      const ids = outcome.stored.filter((id) => id !== undefined);
      io.stderr(
        `stored as group g${group} (${ids.length} ${ids.length === 1 ? 'run' : 'runs'}) in ${request.database}\n`,
      );
    }
    if (request.results !== undefined && !request.quiet) {
      io.stderr(`${request.results}: ${finished.length} result files and ${SWEEP_PLAN_FILE}\n`);
    }
    if (outcome.interrupted) {
      io.stderr(`interrupted: ${finished.length} of ${points.length} points finished\n`);
      return EXIT.interrupted;
    }
    if (writeFailed) return EXIT.usage;
    return outcome.failed.length > 0 ? EXIT.problems : EXIT.ok;
  } finally {
    store?.close();
  }
}

/**
 * The chart of a sweep: P50, P90 and P99 against the axis that varies, the knee marked
 * (src/shared/charts/sweep.ts draws it). When several axes vary, the points stand in table order,
 * labelled by their index (the table beside says which values each has).
 */
export function sweepChart(
  arch: string,
  axes: readonly SweepAxis[],
  rows: readonly SweepRow[],
  knee: Knee | null,
): string {
  const swept = sweptAxes(axes);
  const axis = swept.length === 1 ? (swept[0] as SweepAxis) : null;
  const fixed = axes.filter((each) => !swept.includes(each));
  const fixedText = fixed.map((each) => `${each.name} ${sweepValueLabel(each.values[0])}`).join(', ');
  const unit = axis?.kind === 'rate' ? ' (requests/s)' : axis?.kind === 'scale' ? ' (%)' : '';
  const kneeIndex = knee === null ? -1 : rows.findIndex((row) => row.index === knee.row.index);
  const facts = [
    `${rows.length} ${rows.length === 1 ? 'point' : 'points'}, one run each`,
    ...(fixedText ? [fixedText] : []),
    ...(axis === null && swept.length > 1
      ? [`every combination of ${swept.map((each) => each.name).join(', ')}`]
      : []),
    ...(knee ? [`the knee where P99 leaves its ${formatMs(knee.floorMs)} ms floor`] : []),
  ];
  return renderSweepSvg(
    rows.map((row) => ({
      value: axis === null ? `#${row.index}` : row.values[axis.name],
      latencyMs: { p50: row.p50, p90: row.p90, p99: row.p99 },
    })),
    {
      title: `${arch}: end-to-end latency by ${axis?.name ?? 'point'}`,
      subtitle: facts.join('; '),
      valueLabel: axis === null ? 'point (see the table)' : `${axis.name}${unit}`,
      kneeIndex: kneeIndex < 0 ? null : kneeIndex,
    },
  );
}

/** The Kubernetes manifest of the sweep (the command line's own axes and options, less the outputs). */
function emitKubernetesJob(
  io: CliIo,
  request: {
    documentText: string;
    argv: readonly string[];
    arch: string;
    points: number;
    parallelism: number;
    image: string;
    resultsClaim: string;
    out: string | undefined;
  },
): number {
  const sweepArguments = podArguments(request.argv);
  const digest = createHash('sha256')
    .update(request.documentText)
    .update(sweepArguments.join('\u0000'))
    .digest('hex');
  const yaml = indexedJobYaml({
    name: `archsim-sweep-${request.arch.slice(0, 30)}-${digest.slice(0, 8)}`,
    image: request.image,
    documentText: request.documentText,
    sweepArguments,
    points: request.points,
    parallelism: request.parallelism,
    resultsClaim: request.resultsClaim,
  });
  if (request.out === undefined || request.out === '-') {
    (io.rawStdout ?? io.stdout)(yaml);
    return EXIT.ok;
  }
  const problem = writeOutputFile(io, request.out, (write) => write(yaml));
  if (problem !== null) {
    io.stderr(`${request.out}: ${problem}\n`);
    return EXIT.usage;
  }
  io.stderr(
    `${request.out}: Kubernetes Indexed Job of ${request.points} points (kubectl apply -f ${request.out})\n`,
  );
  return EXIT.ok;
}

/** Options that describe the points (kept for the pods); the rest are this machine's outputs. */
const POD_OPTIONS = new Set([
  'rate',
  'scale',
  'param',
  'duration',
  'seed',
  'scenario',
  'regions',
  'trace-rate',
  'max-instances',
]);

/** The sweep's own arguments, for a pod: the axes and shared options, without FILE or outputs. */
function podArguments(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    // FILE (the only argument left once option values are taken): the pod reads the ConfigMap's copy.
    if (!token.startsWith('--')) continue;
    const [name, inline] = token.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const takesValue = !['json', 'force', 'quiet', 'help'].includes(name);
    const value = inline ?? (takesValue ? argv[++index] : undefined);
    if (POD_OPTIONS.has(name) && value !== undefined) kept.push(`--${name}`, value);
  }
  return kept;
}
