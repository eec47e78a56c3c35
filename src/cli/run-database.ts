/**
 * The run database as the store commands (run --db, runs, compare, export) use it: the --db
 * option, run ids, opening the database with clear messages, and loading finished runs.
 */
import { statSync } from 'node:fs';
import {
  RunDatabaseError,
  openRunStore,
  toGroupId,
  toRunId,
  type GroupId,
  type RunGroup,
  type RunId,
  type RunStore,
  type RunSummary,
  type StoredRun,
} from '@store/index.ts';
import type { RunResult } from '@shared/results.ts';
import { EXIT, UsageError, type CliIo } from './io.ts';
import { describeReadError } from './load.ts';

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

/** Whether a command-line argument names a group ("g3" or "group:3") rather than a run. */
export function isGroupArgument(text: string): boolean {
  return /^\s*(g|group:)/i.test(text);
}

/** A group id from the command line: "g3" or "group:3". */
export function parseGroupIdArgument(text: string): GroupId {
  const match = /^\s*(?:g|group:)(\d+)\s*$/i.exec(text);
  if (match === null || Number(match[1]) < 1 || !Number.isSafeInteger(Number(match[1]))) {
    throw new UsageError(`a group is g followed by its id, e.g. g3 (got "${text}")`);
  }
  return toGroupId(Number(match[1]));
}

/** A group's finished runs' results, in position order, with the group (null after a message when absent). */
export function loadGroupResults(
  io: CliIo,
  store: RunStore,
  file: string,
  id: GroupId,
): { group: RunGroup; results: RunResult[] } | null {
  const group = store.getGroup(id);
  if (group === null) {
    io.stderr(`group g${id} not found in ${file}\n`);
    return null;
  }
  const results: RunResult[] = [];
  for (const member of group.members) {
    if (member.status !== 'done') continue;
    const run = store.getRun(member.runId);
    if (run?.result) results.push(run.result);
  }
  return { group, results };
}

/** Why a file or folder could not be read (a missing one may be either, here). */
function describeFileError(cause: unknown): string {
  return (cause as NodeJS.ErrnoException).code === 'ENOENT'
    ? 'no such file or folder'
    : describeReadError(cause);
}

/**
 * How a command uses the database:
 * - `read` (runs list, runs show, compare, export): read-only, changing nothing — never created,
 *   moved, migrated or written, so a read-only file or folder can still be read;
 * - `update` (runs delete): writes, but only to a database that exists and is sound;
 * - `write` (run --db): creates it when missing; a corrupt archsim database is moved aside.
 */
export interface OpenStoreOptions {
  readonly mode: 'read' | 'update' | 'write';
}

/**
 * Opens the run database at `file`, telling the user on stderr what the store did on the way (a
 * corrupt file moved aside, interrupted runs marked failed). Null, after a one-line message, when
 * the database cannot be used: the command then exits with EXIT.usage.
 */
export function openCliRunStore(io: CliIo, file: string, options: OpenStoreOptions): RunStore | null {
  const existing = statSync(file, { throwIfNoEntry: false });
  if (options.mode !== 'write' && existing === undefined) {
    io.stderr(
      `${file}: no run database there ("archsim run FILE --db ${file}" creates one and stores the run)\n`,
    );
    return null;
  }
  let store: RunStore;
  try {
    store = openRunStore(file, {
      readonly: options.mode === 'read',
      mustExist: options.mode !== 'write',
      recover: options.mode === 'write' ? 'archsim' : 'never',
    });
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
  } catch (cause) {
    // Damage found while reading (a stored result that no longer parses): one line, not a trace.
    if (cause instanceof RunDatabaseError) {
      io.stderr(`${cause.message}\n`);
      return EXIT.usage;
    }
    throw cause;
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
