/**
 * The run store's public types. Everything a query returns is plain JSON data (ids and times are
 * numbers), so it can cross the IPC boundary unchanged.
 */
import type { ArchDocument } from '@shared/document/schema.ts';
import type { RunOptionsUsed, RunResult } from '@shared/results.ts';
import type { RunDetails, RunStatus, RunSummary as RunSummaryRecord } from '@shared/runs.ts';

// The statuses are part of the IPC contract, so they are defined with it, in src/shared.
export { RUN_STATUSES, type RunStatus } from '@shared/runs.ts';

/** The statuses of runs that have not finished. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['queued', 'running'];

/** A run's id in the store. Branded so that it does not mix with other numbers. */
export type RunId = number & { readonly __brand: 'RunId' };

/** A RunId from a number read elsewhere (CLI argument, IPC payload); throws unless a positive integer. */
export function toRunId(value: number): RunId {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`a run id is a positive whole number, not ${String(value)}`);
  }
  return value as RunId;
}

/** The reason given to runs found active when the store opens: their process is gone. */
export const INTERRUPTED_REASON = 'interrupted: archsim stopped while this run was in progress';

/** What the caller knows when a run is created, before the engine has run. */
export interface CreateRunInput {
  /** A name the user gave the run. */
  readonly label?: string | null;
  /** The exact document the run simulates. */
  readonly document: ArchDocument;
  /** Architecture name; default the document's `arch`, else "unnamed". Replaced by the result's. */
  readonly arch?: string;
  /** The scenario chosen, or null for none. */
  readonly scenario?: string | null;
  readonly seed: number;
  readonly engineVersion: string;
  /** The options requested (duration, rate…); replaced by the options used when the run completes. */
  readonly options?: Partial<RunOptionsUsed>;
  /** `running` (default) when the engine starts at once, `queued` when the run waits its turn. */
  readonly status?: 'queued' | 'running';
  /** The group the run belongs to, and its position there (replication or point index). */
  readonly group?: { readonly id: GroupId; readonly position: number };
}

/** A group's id in the store. Branded so that it does not mix with run ids. */
export type GroupId = number & { readonly __brand: 'GroupId' };

/** A GroupId from a number read elsewhere; throws unless a positive integer. */
export function toGroupId(value: number): GroupId {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`a group id is a positive whole number, not ${String(value)}`);
  }
  return value as GroupId;
}

/** What kind of group: the replications of one run, or the points of a sweep. */
export const GROUP_KINDS = ['replications', 'sweep'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export interface CreateGroupInput {
  readonly kind: GroupKind;
  readonly arch: string;
  readonly label?: string | null;
  /** What the group is meant to hold (seeds, axes, points): any JSON value. */
  readonly plan: unknown;
}

/** A group as `listGroups` returns it. */
export interface RunGroupSummary {
  readonly id: GroupId;
  readonly kind: GroupKind;
  readonly label: string | null;
  readonly arch: string;
  readonly createdAt: number;
  /** Runs stored in the group, and how many of them are done. */
  readonly runs: number;
  readonly done: number;
}

/** A group with its plan and its runs, in position order. */
export interface RunGroup extends RunGroupSummary {
  readonly plan: unknown;
  readonly members: readonly {
    readonly runId: RunId;
    readonly position: number;
    readonly status: RunStatus;
  }[];
}

/**
 * What `listRuns` returns for a run: the contract's run record (src/shared/runs.ts), with a
 * branded id. NOTE: times are numbers (ms since the epoch) rather than ISO strings, because
 * formatting 30,000 dates costs more than the rest of listing 10,000 runs.
 */
export interface RunSummary extends Omit<RunSummaryRecord, 'id'> {
  readonly id: RunId;
}

/** One run with everything stored about it. */
export interface StoredRun extends Omit<RunDetails, 'id'> {
  readonly id: RunId;
}

/** Which runs `listRuns` and `countRuns` return. */
export interface RunFilter {
  readonly arch?: string;
  /** Runs of this scenario; null: runs without one. */
  readonly scenario?: string | null;
  /** One status or any of several. */
  readonly status?: RunStatus | readonly RunStatus[];
}

export interface ListRunsOptions extends RunFilter {
  /** At most this many runs (default 100). */
  readonly limit?: number;
  /** Skip this many of the newest matching runs first (default 0). */
  readonly offset?: number;
}

/** A corrupt database file that the store moved aside when it opened. */
export interface RecoveredDatabase {
  /** Where the corrupt file is now (nothing is deleted). */
  readonly movedTo: string;
  /** The side files (-wal, -shm) moved along with it, at their new paths. */
  readonly sideFilesMovedTo: readonly string[];
  /** What SQLite said about the file. */
  readonly reason: string;
}

/** A run database. One per process is normal; several (even in several processes) are safe. */
export interface RunStore {
  /** The database file (absolute), or ":memory:". */
  readonly path: string;
  /** The schema version of the database (its `PRAGMA user_version`). */
  readonly schemaVersion: number;
  /** Set when the file at `path` was corrupt and a fresh database replaced it. */
  readonly recovered: RecoveredDatabase | null;
  /** Runs a previous process left active, marked failed with INTERRUPTED_REASON on open. */
  readonly interrupted: readonly RunId[];

  /** Runs `work` as one transaction: every write in it is stored, or none. */
  batch<T>(work: () => T): T;
  /** Stores a new run (status `running` or `queued`) with its document; returns its id. */
  createRun(input: CreateRunInput): RunId;
  /** A queued run starts: status `running`. Throws unless the run is queued. */
  startRun(id: RunId): void;
  /**
   * Stores a run's complete result and marks it done, all in one transaction: either everything
   * is written or nothing is, and the run stays as it was. Throws unless the run is active.
   */
  completeRun(id: RunId, result: RunResult): void;
  /** Marks an active run cancelled; false if it had already finished. Throws for an unknown id. */
  cancelRun(id: RunId): boolean;
  /** Marks an active run failed with a reason; false if it had already finished. Throws for an unknown id. */
  failRun(id: RunId, reason: string): boolean;
  /** Runs newest first (created time, then id), without their documents or results. */
  listRuns(options?: ListRunsOptions): RunSummary[];
  /** How many runs match the filter (for paging). */
  countRuns(filter?: RunFilter): number;
  /** One run with its document and (when done) its complete result; null if there is none. */
  getRun(id: RunId): StoredRun | null;
  /**
   * Deletes a finished run and all its data; false if there was none. Throws for an active run:
   * cancel it first.
   */
  deleteRun(id: RunId): boolean;
  /** Names a run (null or "" removes its label); false when there is no such run. */
  renameRun(id: RunId, label: string | null): boolean;
  /** The architectures and scenarios the history has runs of, sorted. */
  runFacets(): { archs: string[]; scenarios: string[] };
  /** Stores a new, empty group of runs; returns its id. Runs join it through createRun's `group`. */
  createGroup(input: CreateGroupInput): GroupId;
  /** Groups, newest first. */
  listGroups(options?: { readonly limit?: number }): RunGroupSummary[];
  /** One group with its plan and members; null if there is none. */
  getGroup(id: GroupId): RunGroup | null;
  /**
   * Deletes a group and all its runs; false if there was none. Throws if one of its runs is
   * still active.
   */
  deleteGroup(id: GroupId): boolean;
  /** Closes the database. Active runs stay active; the next open marks them interrupted. */
  close(): void;
}

/** A run that does not exist. */
export class RunNotFoundError extends Error {
  override readonly name = 'RunNotFoundError';
  constructor(readonly runId: number) {
    super(`there is no run ${runId}`);
  }
}

/** An operation that the run's status does not allow (completing a cancelled run…). */
export class RunStateError extends Error {
  override readonly name = 'RunStateError';
  constructor(
    readonly runId: number,
    readonly status: RunStatus,
    action: string,
  ) {
    super(`run ${runId} is ${status}: cannot ${action}`);
  }
}

/** A database this build cannot use: written by a newer archsim, or not a run database at all. */
export class RunDatabaseError extends Error {
  override readonly name = 'RunDatabaseError';
}
