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
  notFoundMessage,
  parseRunIdArgument,
  reasonSuffix,
  requireDatabaseOption,
  withRunStore,
} from '../run-database.ts';
import { formatTable } from '../table.ts';

export const runsUsage = `usage: archsim runs list --db PATH [--limit N] [--status S[,S…]] [--arch NAME] [--json]
       archsim runs show ID --db PATH [--json]
       archsim runs delete ID… --db PATH

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
                    run must be cancelled first)

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
    case undefined:
      throw new UsageError('runs needs a sub-command: list, show ID or delete ID');
    default:
      throw new UsageError(`unknown sub-command "${subcommand}" (known: list, show, delete)`);
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
  const ids = positionals.map(parseRunIdArgument);
  const file = requireDatabaseOption(values.db);
  return withRunStore(io, file, { mode: 'update' }, (store) => {
    let exit: number = EXIT.ok;
    for (const id of ids) {
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
