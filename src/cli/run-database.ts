/**
 * The run database as the store commands (run --db, runs, compare, export) use it: the --db
 * option, run ids, opening the database with clear messages, and loading finished runs.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import {
  RunDatabaseError,
  openRunStore,
  toRunId,
  type RunId,
  type RunStore,
  type RunSummary,
  type StoredRun,
} from '@store/index.ts';
import type { RunResult } from '@shared/results.ts';
import { EXIT, UsageError, type CliIo } from './io.ts';

/** The --db line of every store command's help. */
export const DB_HELP = `  --db PATH         the run database (SQLite; required: there is no default database)`;

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

/** " (why it failed)" for a run that failed with a reason, else nothing. */
export const reasonSuffix = (run: RunSummary) => (run.failureReason ? ` (${run.failureReason})` : '');

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
