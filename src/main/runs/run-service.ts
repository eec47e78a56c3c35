/**
 * The run service: the engine process supervisor of DESIGN.md §1, used by the Electron main
 * process and the web host alike.
 *
 * - Runs are queued and run one at a time (in order) in one engine process, which stays up
 *   between runs and is replaced by a fresh one whenever it has to be stopped.
 * - Every run is in the store from the moment it is queued: createRun (queued) → startRun →
 *   completeRun | cancelRun | failRun.
 * - `runs.progress` events pass the engine's progress on; `runs.finished` says how a run ended.
 * - Cancel takes a queued run off the queue at once; a running one stops at the engine's next
 *   slice boundary (~10 ms), or, if the engine does not answer within `cancelGraceMs`, by
 *   stopping the engine process.
 * - An engine that crashes or exits, sends something outside the protocol, or is silent for
 *   `hangTimeoutMs` fails its run with a message saying so; the service carries on and the next
 *   run gets a fresh engine.
 */
import { RequestError, type StudioEventOf, type StudioEventSource } from '@shared/ipc/contract.ts';

/** The events of the run service. */
export type RunEvent = StudioEventOf<'runs.progress' | 'runs.finished'>;
import {
  assertNever,
  describeProtocolError,
  engineOutputSchema,
  type EngineOutput,
} from '@shared/engine-protocol.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import type {
  FinalRunStatus,
  RunListQuery,
  RunOptions,
  RunStartOptions,
  RunStorageInfo,
  RunFacets,
} from '@shared/runs.ts';
import type { RunResult } from '@shared/results.ts';
import type { EngineExit, EngineWorker, EngineWorkerFactory } from '@engine/host/engine-worker.ts';
import { ENGINE_VERSION } from '@engine/version.ts';
import {
  ACTIVE_RUN_STATUSES,
  RunStateError,
  type RunId,
  type RunStore,
  type RunSummary,
  type StoredRun,
} from '@store/index.ts';
import { historyProblem } from './history-problems.ts';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Default: an engine silent this long (no progress, no answer) is taken to hang. */
export const DEFAULT_HANG_TIMEOUT_MS = 30_000;
/** Default: how long a running run's engine has to acknowledge a cancel before it is stopped. */
export const DEFAULT_CANCEL_GRACE_MS = 120;

export interface RunServiceOptions {
  readonly store: RunStore;
  /** Starts an engine process (a Node worker thread, an Electron utility process, a test's stand-in). */
  readonly createWorker: EngineWorkerFactory;
  readonly hangTimeoutMs?: number;
  readonly cancelGraceMs?: number;
  /** Recorded with each run (default: this build's engine version). */
  readonly engineVersion?: string;
  /** Where problems the user does not see are reported (default console.error). */
  readonly log?: (message: string, error?: unknown) => void;
  /**
   * The history file the store stands in for, when it could not be opened and `store` is an
   * in-memory one instead (./history.ts), and why.
   */
  readonly unavailable?: { readonly location: string; readonly reason: string };
}

export interface RunService extends StudioEventSource<RunEvent> {
  /** Stores a new run, queued; it starts when the runs before it have finished. */
  start(document: ArchDocument, options?: RunStartOptions): RunId;
  /**
   * Cancels a queued or running run; resolves once it has stopped, with whether it ended
   * cancelled (false: it had already finished). Throws RequestError for an unknown run.
   */
  cancel(id: RunId): Promise<boolean>;
  list(query?: RunListQuery): { runs: RunSummary[]; total: number };
  get(id: RunId): StoredRun | null;
  /** Deletes a finished run; false if there was none. Throws RequestError for an active run. */
  delete(id: RunId): boolean;
  /** Names a run (null removes the label); false if there was none. */
  rename(id: RunId, label: string | null): boolean;
  /** The architectures and scenarios of the history, for its filters. */
  facets(): RunFacets;
  storageInfo(): RunStorageInfo;
  /** The run in the engine now, and the runs waiting, in order. */
  readonly running: RunId | null;
  readonly queued: readonly RunId[];
  /** Cancels every active run, stops the engine and refuses new runs. The store stays open. */
  close(): Promise<void>;
}

interface QueuedRun {
  readonly id: RunId;
  readonly document: ArchDocument;
  readonly options: RunOptions;
}

interface CurrentRun {
  readonly id: RunId;
  readonly worker: EngineWorker;
  /** Resolves the `cancel` calls waiting for this run to stop. */
  readonly waiters: ((status: FinalRunStatus) => void)[];
  cancelTimer: NodeJS.Timeout | null;
}

export function createRunService(options: RunServiceOptions): RunService {
  const { store } = options;
  const hangTimeoutMs = options.hangTimeoutMs ?? DEFAULT_HANG_TIMEOUT_MS;
  const cancelGraceMs = options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS;
  const engineVersion = options.engineVersion ?? ENGINE_VERSION;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));

  const listeners = new Set<(event: RunEvent) => void>();
  const queue: QueuedRun[] = [];
  /** The engine process, idle or busy; null until needed and after it was stopped or died. */
  let worker: EngineWorker | null = null;
  let current: CurrentRun | null = null;
  let watchdog: NodeJS.Timeout | null = null;
  let closed = false;

  const emit = (event: RunEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        log(`archsim: a ${event.channel} listener failed`, error);
      }
    }
  };

  const clearWatchdog = () => {
    if (watchdog !== null) clearTimeout(watchdog);
    watchdog = null;
  };

  const armWatchdog = () => {
    clearWatchdog();
    watchdog = setTimeout(() => {
      watchdog = null;
      if (current === null) return;
      const seconds = hangTimeoutMs / 1000;
      stopWorker();
      finish(
        current,
        'failed',
        `the engine stopped responding (no progress for ${seconds} s) and was stopped`,
      );
    }, hangTimeoutMs);
  };

  /** Stops the engine process; its exit is then expected and ignored. */
  const stopWorker = () => {
    const stopping = worker;
    worker = null;
    stopping?.terminate();
  };

  const spawnWorker = (): EngineWorker => {
    const created = options.createWorker();
    created.onMessage((message) => onWorkerMessage(created, message));
    created.onExit((exit) => onWorkerExit(created, exit));
    return created;
  };

  /**
   * Records how `run` ended (unless the store already has: completeRun), tells the listeners
   * and the cancel callers, and starts the next run.
   */
  const finish = (run: CurrentRun, status: FinalRunStatus, failureReason: string | null) => {
    if (current !== run) return;
    current = null;
    clearWatchdog();
    if (run.cancelTimer !== null) clearTimeout(run.cancelTimer);
    try {
      if (status === 'cancelled') store.cancelRun(run.id);
      else if (status === 'failed') store.failRun(run.id, failureReason ?? 'the run failed');
    } catch (error) {
      log(`archsim: recording run ${run.id} as ${status} failed`, error);
    }
    emit({ channel: 'runs.finished', payload: { runId: run.id, status, failureReason } });
    for (const resolve of run.waiters.splice(0)) resolve(status);
    setImmediate(pump);
  };

  const onWorkerMessage = (from: EngineWorker, raw: unknown) => {
    // Messages of an engine that was stopped, or about a run that has ended, are stale.
    if (from !== worker || current === null || current.worker !== from) return;
    const run = current;
    const parsed = engineOutputSchema.safeParse(raw);
    if (!parsed.success) {
      stopWorker();
      finish(run, 'failed', `the engine sent a malformed message (${describeProtocolError(parsed.error)})`);
      return;
    }
    const message: EngineOutput = parsed.data;
    if (message.runId !== run.id) return;
    armWatchdog();
    switch (message.type) {
      case 'progress': {
        const { type: _type, ...progress } = message;
        emit({ channel: 'runs.progress', payload: progress });
        break;
      }
      case 'done':
        try {
          store.completeRun(run.id, message.result);
          finish(run, 'done', null);
        } catch (error) {
          log(`archsim: storing the result of run ${run.id} failed`, error);
          const problem = historyProblem(error, store.path);
          const kept = keepUnstoredResult(store.path, run.id, message.result);
          finish(
            run,
            'failed',
            `the result could not be stored: ${problem ?? errorMessage(error)}` +
              (kept === null
                ? ''
                : ` The result was written to ${kept}: archsim runs import "${path.dirname(kept)}" --db FILE brings it into a history.`),
          );
        }
        break;
      // NOTE: a run that failed in the engine (an overload stops at ~460 MB of calls in flight)
      // may leave it holding memory it will not give back while idle: the next run starts a fresh
      // engine. A cancelled one keeps it, so that the next run starts at once.
      case 'failed':
        stopWorker();
        finish(run, 'failed', message.message);
        break;
      case 'cancelled':
        finish(run, 'cancelled', null);
        break;
      default:
        assertNever(message, 'engine message');
    }
  };

  const onWorkerExit = (from: EngineWorker, exit: EngineExit) => {
    if (from !== worker) return; // stopped on purpose
    worker = null;
    if (current === null || current.worker !== from) {
      log(`archsim: the idle engine process exited (${describeExit(exit)})`);
      return;
    }
    finish(current, 'failed', `the engine process stopped unexpectedly (${describeExit(exit)})`);
  };

  const pump = () => {
    if (closed || current !== null) return;
    const next = queue.shift();
    if (next === undefined) return;
    try {
      store.startRun(next.id);
    } catch (error) {
      log(`archsim: run ${next.id} could not be started`, error);
      setImmediate(pump);
      return;
    }
    let engine: EngineWorker;
    try {
      engine = worker ?? spawnWorker();
    } catch (error) {
      const reason = `the engine process could not be started: ${errorMessage(error)}`;
      store.failRun(next.id, reason);
      emit({
        channel: 'runs.finished',
        payload: { runId: next.id, status: 'failed', failureReason: reason },
      });
      setImmediate(pump);
      return;
    }
    worker = engine;
    current = { id: next.id, worker: engine, waiters: [], cancelTimer: null };
    armWatchdog();
    engine.post({ type: 'run', runId: next.id, document: next.document, options: next.options });
  };

  /** The run for an id the caller gave, or a RequestError the user can read. */
  const requireRun = (id: RunId): StoredRun => {
    const run = store.getRun(id);
    if (run === null) throw new RequestError(`there is no run ${id}`);
    return run;
  };

  return {
    start(document, startOptions = {}) {
      if (closed) throw new RequestError('archsim is shutting down: no new runs');
      const { label = null, ...rest } = startOptions;
      // The engine's default, made explicit so that the stored seed is the one used.
      const seed = rest.seed ?? document.seed ?? 1;
      const runOptions: RunOptions = { ...rest, seed, scenario: rest.scenario ?? null };
      const id = store.createRun({
        label,
        document,
        scenario: runOptions.scenario,
        seed,
        engineVersion,
        options: {
          seed,
          ...(rest.durationS === undefined ? {} : { durationS: rest.durationS }),
          ...(rest.rate === undefined ? {} : { rate: rest.rate }),
          ...(rest.scale === undefined ? {} : { scale: rest.scale }),
          ...(rest.regions === undefined ? {} : { regions: rest.regions }),
        },
        status: 'queued',
      });
      queue.push({ id, document, options: runOptions });
      pump();
      return id;
    },

    async cancel(id) {
      const index = queue.findIndex((run) => run.id === id);
      if (index >= 0) {
        queue.splice(index, 1);
        store.cancelRun(id);
        emit({ channel: 'runs.finished', payload: { runId: id, status: 'cancelled', failureReason: null } });
        return true;
      }
      const run = current;
      if (run !== null && run.id === id) {
        const stopped = new Promise<FinalRunStatus>((resolve) => run.waiters.push(resolve));
        if (run.cancelTimer === null) {
          run.worker.post({ type: 'cancel', runId: id });
          run.cancelTimer = setTimeout(() => {
            // The engine did not get to the end of its slice in time: stop it.
            stopWorker();
            finish(run, 'cancelled', null);
          }, cancelGraceMs);
        }
        return (await stopped) === 'cancelled';
      }
      const stored = requireRun(id);
      if (ACTIVE_RUN_STATUSES.includes(stored.status)) {
        throw new RequestError(`run ${id} belongs to another archsim process: cancel it there`);
      }
      return false;
    },

    list(query = {}) {
      const filter = { arch: query.arch, scenario: query.scenario, status: query.status };
      return {
        runs: store.listRuns({ ...filter, limit: query.limit, offset: query.offset }),
        total: store.countRuns(filter),
      };
    },

    get(id) {
      return store.getRun(id);
    },

    rename(id, label) {
      return store.renameRun(id, label);
    },

    facets() {
      return store.runFacets();
    },

    delete(id) {
      if (current?.id === id || queue.some((run) => run.id === id)) {
        throw new RequestError(`run ${id} is still active: cancel it first`);
      }
      try {
        return store.deleteRun(id);
      } catch (error) {
        if (error instanceof RunStateError) throw new RequestError(error.message);
        throw error;
      }
    },

    storageInfo() {
      return {
        location: options.unavailable?.location ?? store.path,
        recovered: store.recovered && { movedTo: store.recovered.movedTo, reason: store.recovered.reason },
        interrupted: store.interrupted.length,
        unavailable: options.unavailable?.reason ?? null,
      };
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    get running() {
      return current?.id ?? null;
    },

    get queued() {
      return queue.map((run) => run.id);
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const run of queue.splice(0)) {
        store.cancelRun(run.id);
        emit({
          channel: 'runs.finished',
          payload: { runId: run.id, status: 'cancelled', failureReason: null },
        });
      }
      if (current !== null) {
        const run = current;
        stopWorker();
        finish(run, 'cancelled', null);
      }
      stopWorker();
      clearWatchdog();
    },
  };
}

function describeExit(exit: EngineExit): string {
  const code = exit.code === null ? 'no exit code' : `exit code ${exit.code}`;
  return exit.reason ? `${code}: ${exit.reason}` : code;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The folder beside the history where results it could not store are written. */
export const UNSTORED_RUNS_FOLDER = 'unstored-runs';

/**
 * Writes a finished run's result that the history could not store (a damaged file, a full
 * disk) beside it, as the JSON `archsim run --out` writes, so that nothing computed is lost:
 * `archsim runs import` brings it into a history. Its path, or null (a history in memory, or
 * the write failed too).
 */
export function keepUnstoredResult(historyFile: string, runId: number, result: RunResult): string | null {
  if (historyFile === ':memory:' || historyFile === '') return null;
  const folder = path.join(path.dirname(historyFile), UNSTORED_RUNS_FOLDER);
  // NOTE: run ids repeat (a new history starts at 1 again): the time makes the name unique, and
  // the file is written under a temporary name and renamed, so that a full disk leaves no half file.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(folder, `run-${runId}-${stamp}.json`);
  const partial = `${file}.partial`;
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(partial, `${JSON.stringify(result, null, 2)}\n`, { flag: 'wx' });
    if (existsSync(file)) throw new Error(`${file} exists`);
    renameSync(partial, file);
    return file;
  } catch {
    rmSync(partial, { force: true });
    return null;
  }
}
