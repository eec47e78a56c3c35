/**
 * `archsim runs list|show ID|delete ID…`: the runs kept in a run database (DESIGN.md §4), the same
 * SQLite store the studio uses. `archsim run FILE --db PATH` puts runs there.
 *
 * Also the pieces the other store commands (compare, export) share: the --db option, run ids,
 * opening the database with clear messages, and loading runs.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  RUN_STATUSES,
  RunDatabaseError,
  RunStateError,
  openRunStore,
  toRunId,
  type RunId,
  type RunStatus,
  type RunStore,
  type RunSummary,
  type StoredRun,
} from '@main/store/index.ts';
import type { RunResult } from '@shared/results.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { formatTable } from '../table.ts';
import { formatRunResult } from './run.ts';

/** The --db line of every store command's help. */
export const DB_HELP = `  --db PATH         the run database (SQLite; required: there is no default database)`;

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

/** The --db value, which every store command needs. */
export function requireDatabaseOption(value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError('--db PATH is required: the run database to use');
  }
  return value;
}

/** A run id from the command line. */
export function parseRunIdArgument(text: string): RunId {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`a run id is a whole number ≥ 1 (got "${text}")`);
  }
  return toRunId(Number(text));
}

function describeFileError(cause: unknown): string {
  const error = cause as NodeJS.ErrnoException;
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a folder on its path is a file';
    default:
      return error.message ?? String(cause);
  }
}

export interface OpenStoreOptions {
  /** Refuse a database that does not exist yet (commands that only read), rather than create one. */
  readonly mustExist: boolean;
}

/**
 * Opens the run database at `file`, telling the user on stderr what the store did on the way (a
 * corrupt file moved aside, interrupted runs marked failed). Null, after an error message, when the
 * database cannot be used: the command then exits with EXIT.usage.
 */
export function openCliRunStore(io: CliIo, file: string, options: OpenStoreOptions): RunStore | null {
  if (options.mustExist && !existsSync(file)) {
    io.stderr(
      `${file}: no run database there ("archsim run FILE --db ${file}" creates one and stores the run)\n`,
    );
    return null;
  }
  if (options.mustExist && !looksLikeSqlite(file)) {
    // A read command given the wrong file (say, an architecture) must not move it aside.
    io.stderr(`${file}: not a run database (not an SQLite file); nothing was changed\n`);
    return null;
  }
  let store: RunStore;
  try {
    store = openRunStore(file);
  } catch (cause) {
    io.stderr(
      cause instanceof RunDatabaseError
        ? `${cause.message}\n`
        : `${file}: cannot open the run database: ${describeFileError(cause)}\n`,
    );
    return null;
  }
  if (store.recovered) {
    const { movedTo, sideFilesMovedTo, reason } = store.recovered;
    const side = sideFilesMovedTo.length > 0 ? ` (with ${sideFilesMovedTo.join(', ')})` : '';
    io.stderr(
      `${file}: the run database was corrupt (${reason}); it was moved to ${movedTo}${side} ` +
        'and a new, empty database was created in its place\n',
    );
  }
  if (store.interrupted.length > 0) {
    io.stderr(
      `${file}: marked failed ${store.interrupted.length === 1 ? 'run' : 'runs'} ${store.interrupted.join(', ')}: ` +
        'archsim stopped while they were in progress\n',
    );
  }
  return store;
}

/** Opens the database, runs `action` with it and closes it, whatever happens. */
export function withRunStore(
  io: CliIo,
  file: string,
  options: OpenStoreOptions,
  action: (store: RunStore) => number,
): number {
  const store = openCliRunStore(io, file, options);
  if (store === null) return EXIT.usage;
  try {
    return action(store);
  } finally {
    store.close();
  }
}

/** The message for a run id that the database does not hold. */
export const notFoundMessage = (id: number, file: string) => `run ${id} not found in ${file}`;

/**
 * The runs with these ids, each with its result: null (after a message on stderr) if one is
 * missing or has no result (not done).
 */
export function loadDoneRuns(
  io: CliIo,
  store: RunStore,
  file: string,
  ids: readonly RunId[],
  purpose: string,
): (StoredRun & { result: RunResult })[] | null {
  const runs: (StoredRun & { result: RunResult })[] = [];
  let ok = true;
  for (const id of ids) {
    const run = store.getRun(id);
    if (run === null) {
      io.stderr(`${notFoundMessage(id, file)}\n`);
      ok = false;
    } else if (run.result === null) {
      io.stderr(`run ${id} is ${run.status}: it has no result to ${purpose}${reasonSuffix(run)}\n`);
      ok = false;
    } else {
      runs.push(run as StoredRun & { result: RunResult });
    }
  }
  return ok ? runs : null;
}

const reasonSuffix = (run: RunSummary) => (run.failureReason ? ` (${run.failureReason})` : '');

/** A time as ISO 8601 in UTC, to the second: 2025-06-01T12:00:00Z. */
export function isoTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds with three significant figures or so, as `archsim run` prints them. */
export function formatMs(value: number): string {
  const size = Math.abs(value);
  return size >= 100 ? value.toFixed(0) : size >= 10 ? value.toFixed(1) : value.toFixed(2);
}

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
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      limit: { type: 'string' },
      status: { type: 'string' },
      arch: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
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
  return withRunStore(io, file, { mustExist: true }, (store) => {
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
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${runsUsage}\n`);
    return EXIT.ok;
  }
  const id = singleId('runs show', positionals);
  const file = requireDatabaseOption(values.db);
  return withRunStore(io, file, { mustExist: true }, (store) => {
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
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${runsUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('runs delete takes one or more run IDs');
  const ids = positionals.map(parseRunIdArgument);
  const file = requireDatabaseOption(values.db);
  return withRunStore(io, file, { mustExist: true }, (store) => {
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

/** Whether a file starts with SQLite's header (or is empty); unreadable files count as SQLite so
 * that the store reports the real error. */
function looksLikeSqlite(file: string): boolean {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, 'r');
    const header = Buffer.alloc(16);
    const read = readSync(descriptor, header, 0, 16, 0);
    return read === 0 || header.subarray(0, read).toString('latin1') === 'SQLite format 3\0'.slice(0, read);
  } catch {
    return true;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
