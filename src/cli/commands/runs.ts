/**
 * `archsim runs list|show ID|delete ID…`: the runs kept in a run database (DESIGN.md §4), the same
 * SQLite store the studio uses. `archsim run FILE --db PATH` puts runs there.
 */
import {
  RUN_STATUSES,
  RunStateError,
  type RunId,
  type RunStatus,
  type RunSummary,
  type StoredRun,
} from '@store/index.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { parseCommandArgs } from '../options.ts';
import { formatMs, formatRunResult, isoTime } from '../result-tables.ts';
import {
  DB_HELP,
  isGroupArgument,
  loadGroupResults,
  notFoundMessage,
  parseGroupIdArgument,
  parseRunIdArgument,
  reasonSuffix,
  requireDatabaseOption,
  withRunStore,
} from '../run-database.ts';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { GroupId, RunStore } from '@store/index.ts';
import { ENGINE_VERSION } from '@engine/version.ts';
import { LatencyHistogram } from '@engine/histogram.ts';
import { summarizeReplications } from '@shared/replications.ts';
import { runResultSchema } from '@shared/runs.ts';
import type { RunResult } from '@shared/results.ts';
import {
  sweepKnee,
  pointIndexOfFile,
  readSweepPlan,
  sweepRow,
  SWEEP_PLAN_FILE,
  type SweepPlan,
  type SweepRow,
} from '@shared/sweep.ts';
import { describeKnee, describeSeeds, formatReplicationTable, formatSweepTable } from '../group-tables.ts';
import { describeReadError } from '../load.ts';
import { formatTable } from '../table.ts';

export const runsUsage = `usage: archsim runs list --db PATH [--limit N] [--status S[,S…]] [--arch NAME] [--json]
       archsim runs show ID|gID --db PATH [--json]
       archsim runs delete ID|gID… --db PATH
       archsim runs groups --db PATH [--json]
       archsim runs import DIR --db PATH

The runs kept in a run database. "archsim run FILE --db PATH" stores runs there; the studio
keeps its runs in the same kind of database.
${DB_HELP}
  list              newest first: id, status, created (UTC), architecture, scenario, seed,
                    requests, errors and the busiest entry's P99 response time
    --limit N       at most N runs (default 100)
    --status S      only runs with this status (comma-separated for several):
                    ${RUN_STATUSES.join(', ')}
    --arch NAME     only runs of this architecture
    --json          the runs as JSON (times in ms since the Unix epoch)
  show ID           a run's details and, once done, its per-entry and per-service tables; a
                    failed run's reason
    --json          the stored result JSON (the same as "archsim run --out")
  delete ID…        delete finished runs and everything stored with them (a queued or running
                    run must be cancelled first); gID deletes a group and all its runs
  groups            the groups of runs ("run --replications", "sweep"): id, kind, created (UTC),
                    architecture and runs; "runs show gID" shows one (replications as means with
                    95 % confidence intervals, a sweep's points with its knee)
  import DIR        store the result files in DIR (the JSON of "run --out", or a sweep's
                    --results folder, or the files the pods of "sweep --emit k8s" wrote) as done
                    runs; a sweep's points (with its sweep.json) become one group

Exit status: 0 ok, 1 a run not found or in the wrong state, 2 bad arguments or an unreadable database.`;

export function runRuns(argv: string[], io: CliIo): number {
  const [subcommand, ...rest] = argv;
  if (subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
    io.stdout(`${runsUsage}\n`);
    return EXIT.ok;
  }
  switch (subcommand) {
    case 'list':
      return runsList(rest, io);
    case 'show':
      return runsShow(rest, io);
    case 'delete':
      return runsDelete(rest, io);
    case 'groups':
      return runsGroups(rest, io);
    case 'import':
      return runsImport(rest, io);
    case undefined:
      throw new UsageError('runs needs a sub-command: list, show ID, delete ID, groups or import DIR');
    default:
      if (subcommand.startsWith('-')) {
        throw new UsageError(
          `runs needs a sub-command before its options: list, show ID, delete ID, groups or import DIR (e.g. "archsim runs list ${[subcommand, ...rest].join(' ')}")`,
        );
      }
      throw new UsageError(`unknown sub-command "${subcommand}" (known: list, show, delete, groups, import)`);
  }
}

function parseStatuses(text: string | undefined): RunStatus[] | undefined {
  if (text === undefined) return undefined;
  const statuses = text.split(',').map((status) => status.trim());
  for (const status of statuses) {
    if (!(RUN_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`--status must be one of ${RUN_STATUSES.join(', ')} (got "${text}")`);
    }
  }
  return statuses as RunStatus[];
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 100;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--limit must be a whole number ≥ 1 (got "${text}")`);
  }
  return value;
}

function runsList(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    limit: { type: 'string' },
    status: { type: 'string' },
    arch: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${runsUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`runs list takes no arguments (got "${positionals[0]}")`);
  const file = requireDatabaseOption(values.db);
  const limit = parseLimit(values.limit);
  const status = parseStatuses(values.status);
  const filter = {
    ...(status ? { status } : {}),
    ...(values.arch !== undefined ? { arch: values.arch } : {}),
  };
  return withRunStore(io, file, { mode: 'read' }, (store) => {
    const runs = store.listRuns({ ...filter, limit });
    if (values.json) {
      io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
      return EXIT.ok;
    }
    if (runs.length === 0) {
      const filtered = status !== undefined || values.arch !== undefined;
      io.stdout(`no runs${filtered ? ' match' : ''} in ${file}\n`);
      return EXIT.ok;
    }
    io.stdout(`${formatRunList(runs)}\n`);
    if (runs.length === limit) {
      const total = store.countRuns(filter);
      if (total > limit) io.stderr(`showing the newest ${limit} of ${total} runs (--limit N for more)\n`);
    }
    return EXIT.ok;
  });
}

/** The `runs list` table. */
export function formatRunList(runs: readonly RunSummary[]): string {
  return formatTable(
    [
      { header: 'ID', numeric: true },
      { header: 'STATUS' },
      { header: 'CREATED (UTC)' },
      { header: 'ARCH' },
      { header: 'SCENARIO' },
      { header: 'SEED', numeric: true },
      { header: 'REQUESTS', numeric: true },
      { header: 'ERRORS', numeric: true },
      { header: 'P99 ms', numeric: true },
    ],
    runs.map((run) => [
      String(run.id),
      run.status,
      isoTime(run.createdAt),
      run.arch,
      run.scenario ?? '-',
      String(run.seed),
      run.summary ? String(run.summary.requests) : '-',
      run.summary ? String(run.summary.errors) : '-',
      run.p99Ms === null ? '-' : formatMs(run.p99Ms),
    ]),
  );
}

function singleId(command: string, positionals: readonly string[]): RunId {
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one run ID`);
  return parseRunIdArgument(positionals[0] as string);
}

function runsShow(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${runsUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length === 1 && isGroupArgument(positionals[0] as string)) {
    return showGroup(
      io,
      requireDatabaseOption(values.db),
      parseGroupIdArgument(positionals[0] as string),
      values.json,
    );
  }
  const id = singleId('runs show', positionals);
  const file = requireDatabaseOption(values.db);
  return withRunStore(io, file, { mode: 'read' }, (store) => {
    const run = store.getRun(id);
    if (run === null) {
      io.stderr(`${notFoundMessage(id, file)}\n`);
      return EXIT.problems;
    }
    if (values.json) {
      if (run.result === null) {
        io.stderr(`run ${id} is ${run.status}: it has no result${reasonSuffix(run)}\n`);
        return EXIT.problems;
      }
      io.stdout(`${JSON.stringify(run.result)}\n`);
      return EXIT.ok;
    }
    io.stdout(`${formatRunDetails(run)}\n`);
    return EXIT.ok;
  });
}

/** `runs show`: what the store knows about a run, then its result tables. */
export function formatRunDetails(run: StoredRun): string {
  const options = run.options;
  const took =
    run.startedAt !== null && run.finishedAt !== null
      ? ` (${((run.finishedAt - run.startedAt) / 1000).toFixed(1)} s)`
      : '';
  const traffic = [
    options.durationS !== undefined ? `${options.durationS} s` : null,
    options.rate !== undefined ? `at ${options.rate} req/s` : null,
    options.arrival !== undefined ? `(${options.arrival})` : null,
  ].filter((part) => part !== null);
  const load = [
    traffic.length > 0 ? traffic.join(' ') : null,
    options.scale !== undefined ? `scale ${options.scale} %` : null,
    options.regions !== undefined
      ? `${options.regions} ${options.regions === 1 ? 'region' : 'regions'}`
      : null,
    options.traceSampleRate !== undefined ? `trace rate ${options.traceSampleRate}` : null,
  ].filter((part) => part !== null);
  const fields: [string, string][] = [
    ['status', run.status],
    ...(run.label ? ([['label', run.label]] as [string, string][]) : []),
    ['arch', run.arch],
    ['scenario', run.scenario ?? '-'],
    ['seed', String(run.seed)],
    ['options', load.length > 0 ? load.join(', ') : '-'],
    ['engine', run.engineVersion],
    ['document', `sha256 ${run.documentHash}`],
    ['created', isoTime(run.createdAt)],
    ['started', isoTime(run.startedAt)],
    ['finished', `${isoTime(run.finishedAt)}${took}`],
    ...(run.failureReason ? ([['failure', run.failureReason]] as [string, string][]) : []),
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  const details = [`run ${run.id}`, ...fields.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`)];
  const result = run.result ? `\n\n${formatRunResult(run.result)}` : '';
  return `${details.join('\n')}${result}`;
}

function runsDelete(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${runsUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('runs delete takes one or more run IDs');
  const targets = positionals.map((text) =>
    isGroupArgument(text)
      ? { group: true as const, id: parseGroupIdArgument(text) }
      : { group: false as const, id: parseRunIdArgument(text) },
  );
  const file = requireDatabaseOption(values.db);
  return withRunStore(io, file, { mode: 'update' }, (store) => {
    let exit: number = EXIT.ok;
    for (const target of targets) {
      if (target.group) {
        try {
          if (store.deleteGroup(target.id)) {
            io.stdout(`deleted group g${target.id} and its runs\n`);
          } else {
            io.stderr(`group g${target.id} not found in ${file}\n`);
            exit = EXIT.problems;
          }
        } catch (cause) {
          if (!(cause instanceof RunStateError)) throw cause;
          io.stderr(`${cause.message}\n`);
          exit = EXIT.problems;
        }
        continue;
      }
      const id = target.id;
      try {
        if (store.deleteRun(id)) {
          io.stdout(`deleted run ${id}\n`);
        } else {
          io.stderr(`${notFoundMessage(id, file)}\n`);
          exit = EXIT.problems;
        }
      } catch (cause) {
        if (!(cause instanceof RunStateError)) throw cause;
        io.stderr(`${cause.message}\n`);
        exit = EXIT.problems;
      }
    }
    return exit;
  });
}

function runsGroups(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${runsUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`runs groups takes no arguments (got "${positionals[0]}")`);
  const file = requireDatabaseOption(values.db);
  const limit = parseLimit(values.limit);
  return withRunStore(io, file, { mode: 'read' }, (store) => {
    const groups = store.listGroups({ limit });
    if (values.json) {
      io.stdout(`${JSON.stringify(groups, null, 2)}\n`);
      return EXIT.ok;
    }
    if (groups.length === 0) {
      io.stdout(`no groups in ${file}\n`);
      return EXIT.ok;
    }
    io.stdout(
      `${formatTable(
        [
          { header: 'GROUP' },
          { header: 'KIND' },
          { header: 'CREATED (UTC)' },
          { header: 'ARCH' },
          { header: 'RUNS', numeric: true },
          { header: 'DONE', numeric: true },
        ],
        groups.map((group) => [
          `g${group.id}`,
          group.kind,
          isoTime(group.createdAt),
          group.arch,
          String(group.runs),
          String(group.done),
        ]),
      )}\n`,
    );
    return EXIT.ok;
  });
}

/** `runs show gID`: a group's plan and members, and its table (replications or sweep). */
function showGroup(io: CliIo, file: string, id: GroupId, json: boolean): number {
  return withRunStore(io, file, { mode: 'read' }, (store) => {
    const loaded = loadGroupResults(io, store, file, id);
    if (loaded === null) return EXIT.problems;
    const { group, results } = loaded;
    if (json) {
      io.stdout(`${JSON.stringify({ ...group, results: results.length }, null, 2)}\n`);
      return EXIT.ok;
    }
    const planned = plannedRuns(group.plan);
    const lines = [
      `group g${group.id}: ${group.kind} of ${group.arch}, created ${isoTime(group.createdAt)}`,
      `  runs      ${group.members.map((member) => member.runId).join(', ') || 'none'} ` +
        `(${group.done} done${planned !== null ? ` of ${planned} planned` : ''})`,
    ];
    if (group.kind === 'replications') {
      lines.push(`  seeds     ${describeSeeds(results.map((result) => result.options.seed))}`);
      io.stdout(`${lines.join('\n')}\n`);
      if (results.length > 0) io.stdout(`\n${formatReplicationTable(summarizeReplications(results))}\n`);
      return EXIT.ok;
    }
    const plan = readSweepPlan(group.plan);
    io.stdout(`${lines.join('\n')}\n`);
    if (plan === null) return EXIT.ok;
    const rows = sweepRows(store, plan, group.members);
    const finished = rows.filter((row): row is SweepRow => row !== null);
    const knee = sweepKnee(plan.axes, finished);
    io.stdout(`\n${formatSweepTable(plan.axes, rows, knee)}\n\n${describeKnee(plan.axes, finished)}\n`);
    return EXIT.ok;
  });
}

/** How many runs a group's plan asked for, when it says. */
function plannedRuns(plan: unknown): number | null {
  if (typeof plan !== 'object' || plan === null) return null;
  const { seeds, points } = plan as { seeds?: unknown; points?: unknown };
  if (Array.isArray(seeds)) return seeds.length;
  if (Array.isArray(points)) return points.length;
  return null;
}

/** A sweep group's rows, by point (null for points without a finished run). */
function sweepRows(
  store: RunStore,
  plan: SweepPlan,
  members: readonly { runId: RunId; position: number; status: RunStatus }[],
): (SweepRow | null)[] {
  return plan.points.map((point) => {
    const member = members.find(
      (candidate) => candidate.position === point.index && candidate.status === 'done',
    );
    const result = member ? store.getRun(member.runId)?.result : null;
    return result ? sweepRow(point, result) : null;
  });
}

/**
 * `runs import DIR`: result files into the store, as done runs; the points of a sweep (its
 * sweep.json beside them) as one group, at their points' positions.
 */
function runsImport(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${runsUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new UsageError('runs import takes exactly one DIR (a folder of result files)');
  const folder = positionals[0] as string;
  const file = requireDatabaseOption(values.db);
  const stats = statSync(folder, { throwIfNoEntry: false });
  if (stats === undefined || !stats.isDirectory()) {
    io.stderr(
      `${folder}: ${stats === undefined ? 'no such folder' : 'not a folder'}: runs import reads a folder of result files\n`,
    );
    return EXIT.usage;
  }
  const names = readdirSync(folder)
    .filter((name) => name.toLowerCase().endsWith('.json'))
    .sort();
  // Read and check every file before storing any: the import is all the good files.
  let plan: SweepPlan | null = null;
  const results: { name: string; result: RunResult }[] = [];
  let problems = 0;
  for (const name of names) {
    const target = path.join(folder, name);
    let value: unknown;
    try {
      value = JSON.parse(io.readFile(target));
    } catch (cause) {
      io.stderr(
        `${target}: ${cause instanceof SyntaxError ? `not JSON (${cause.message})` : `cannot read file: ${describeReadError(cause)}`}; skipped\n`,
      );
      problems++;
      continue;
    }
    if (name === SWEEP_PLAN_FILE) {
      plan = readSweepPlan(value);
      if (plan === null) {
        io.stderr(`${target}: not an archsim sweep plan; its points are imported as separate runs\n`);
        problems++;
      }
      continue;
    }
    const parsed = runResultSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      io.stderr(
        `${target}: not an archsim result file (${issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'invalid'}); skipped\n`,
      );
      problems++;
      continue;
    }
    const damaged = damagedHistogram(value as RunResult);
    if (damaged !== null) {
      io.stderr(`${target}: not an archsim result file (${damaged}); skipped\n`);
      problems++;
      continue;
    }
    results.push({ name, result: value as RunResult });
  }
  // A sweep's points must be of its plan: a point file from another sweep would join its group.
  const sweep = plan;
  const stored =
    sweep === null
      ? results
      : results.filter(({ name, result }) => {
          const why = notAPointOf(sweep, name, result);
          if (why !== null) {
            io.stderr(`${path.join(folder, name)}: not a point of ${SWEEP_PLAN_FILE} (${why}); skipped\n`);
            problems++;
          }
          return why === null;
        });
  if (stored.length === 0) {
    io.stderr(`${folder}: no result files to import${names.length === 0 ? ' (no .json files)' : ''}\n`);
    return problems > 0 ? EXIT.problems : EXIT.ok;
  }
  return withRunStore(io, file, { mode: 'write' }, (store) => {
    const points = plan === null ? [] : stored.filter(({ name }) => pointIndexOfFile(name) !== null);
    const ids: number[] = [];
    // One transaction: every file is stored, or (one that the database refuses) none.
    let storing = '';
    let group: GroupId | null;
    try {
      group = store.batch(() => {
        const made =
          plan !== null && points.length > 0
            ? store.createGroup({ kind: 'sweep', arch: plan.arch, plan })
            : null;
        for (const { name, result } of stored) {
          storing = name;
          const index = pointIndexOfFile(name);
          const id = store.createRun({
            document: result.document,
            arch: result.arch,
            scenario: result.scenario,
            seed: result.options.seed,
            engineVersion: result.engineVersion ?? ENGINE_VERSION,
            options: result.options,
            ...(made !== null && index !== null ? { group: { id: made, position: index } } : {}),
          });
          store.completeRun(id, result);
          ids.push(id);
        }
        return made;
      });
    } catch (cause) {
      io.stderr(
        `${path.join(folder, storing)}: cannot be stored (${cause instanceof Error ? cause.message : String(cause)}); nothing was imported\n`,
      );
      return EXIT.problems;
    }
    io.stdout(
      `imported ${ids.length} ${ids.length === 1 ? 'run' : 'runs'} (${ids.join(', ')}) from ${folder} into ${file}` +
        `${group !== null ? ` as group g${group} (sweep of ${plan?.points.length ?? points.length} points)` : ''}\n`,
    );
    return problems > 0 ? EXIT.problems : EXIT.ok;
  });
}

/** The first of a result's histograms that does not decode, described; null when all do. */
function damagedHistogram(result: RunResult): string | null {
  const { entries, services, edges } = result.histograms;
  const encoded = new Map<string, string>();
  for (const [name, text] of Object.entries(entries)) encoded.set(`histograms.entries.${name}`, text);
  for (const [name, text] of Object.entries(services)) encoded.set(`histograms.services.${name}`, text);
  for (const [name, parts] of Object.entries(edges))
    for (const [part, text] of Object.entries(parts)) encoded.set(`histograms.edges.${name}.${part}`, text);
  for (const [where, text] of encoded) {
    try {
      LatencyHistogram.decode(text);
    } catch (cause) {
      return `${where}: not an HdrHistogram encoding (${cause instanceof Error ? cause.message : String(cause)})`;
    }
  }
  return null;
}

/** Why a point file is not one of the sweep `plan`'s points; null when it is (or is no point file). */
function notAPointOf(plan: SweepPlan, name: string, result: RunResult): string | null {
  const index = pointIndexOfFile(name);
  if (index === null) return null;
  const point = plan.points[index];
  if (point === undefined) return `the sweep has no point ${index}`;
  if (result.arch !== plan.arch) return `it is of ${result.arch}, the sweep of ${plan.arch}`;
  const rate = point.values['rate'];
  if (typeof rate === 'number' && result.options.rate !== rate)
    return `its rate is ${result.options.rate}, point ${index}'s ${rate}`;
  return null;
}
