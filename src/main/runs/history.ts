/**
 * The run history of a shell: the store opened in its data folder and the run service over it.
 * Electron keeps it in the user-data folder, the web host in `--data DIR` (default: the per-user
 * data folder of ../data-directory.ts); both open it here, so both say the same thing about a
 * corrupt file.
 */
import path from 'node:path';
import type { EngineWorkerFactory } from '@engine/host/engine-worker.ts';
import { openRunStore, type RunStore } from '@store/index.ts';
import { createRunService, type RunService } from './run-service.ts';

/** The database's file name inside the data folder. */
export const RUN_DATABASE_FILE = 'runs.sqlite';

export interface RunHistoryOptions {
  /** The data folder; created if missing. */
  readonly dataDirectory: string;
  readonly createWorker: EngineWorkerFactory;
  readonly hangTimeoutMs?: number;
  /** Where the notices below are written (default console.warn). */
  readonly warn?: (message: string) => void;
}

export interface RunHistory {
  readonly store: RunStore;
  readonly runs: RunService;
  /** What the user should know about opening the history (a corrupt file moved aside…). */
  readonly notices: readonly string[];
  /** Stops the runs and closes the store. */
  close(): Promise<void>;
}

export function openRunHistory(options: RunHistoryOptions): RunHistory {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  // The history file is archsim's own, in its own data folder: whatever unreadable file is there
  // is moved aside (never deleted) so that the studio can start. One that cannot be opened at all
  // (read-only, a folder in its place) is left as it is, and this session's runs are kept in
  // memory: the studio still starts, and with it the user's documents and their autosave.
  const file = path.join(options.dataDirectory, RUN_DATABASE_FILE);
  let store: RunStore;
  let unavailable: { location: string; reason: string } | undefined;
  const notices: string[] = [];
  try {
    store = openRunStore(file, { recover: 'any' });
    notices.push(...describeOpening(store));
  } catch (error) {
    // Whatever stops the file from opening (RunDatabaseError says why; SQLite's own errors, a
    // failed move aside), archsim starts without it.
    store = openRunStore(':memory:');
    unavailable = { location: file, reason: error instanceof Error ? error.message : String(error) };
    notices.push(
      `${sentence(error)} This session's runs are kept in memory only and are gone when archsim stops; ` +
        'fix or move the file and start archsim again to keep them.',
    );
  }
  for (const notice of notices) warn(`archsim: ${notice}`);
  const runs = createRunService({
    store,
    createWorker: options.createWorker,
    hangTimeoutMs: options.hangTimeoutMs,
    ...(unavailable ? { unavailable } : {}),
  });
  return {
    store,
    runs,
    notices,
    async close() {
      // NOTE: runs.close() does its store writes synchronously, so the store can close in the
      // same tick (Electron's will-quit does not wait for promises).
      const stopping = runs.close();
      store.close();
      await stopping;
    },
  };
}

/** The notices for a store just opened: a corrupt file moved aside, runs found interrupted. */
export function describeOpening(store: Pick<RunStore, 'path' | 'recovered' | 'interrupted'>): string[] {
  const notices: string[] = [];
  if (store.recovered) {
    notices.push(
      `the run history ${store.path} could not be read (${store.recovered.reason}); ` +
        `it was moved to ${store.recovered.movedTo} and a new, empty history was started. Nothing was deleted.`,
    );
  }
  const interrupted = store.interrupted.length;
  if (interrupted > 0) {
    notices.push(
      `${interrupted === 1 ? '1 run was' : `${interrupted} runs were`} still in progress when archsim last stopped; ` +
        'marked failed (interrupted).',
    );
  }
  return notices;
}

/** An error's message as a sentence: ending in one full stop. */
function sentence(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).trim();
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
