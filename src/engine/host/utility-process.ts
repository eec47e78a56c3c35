/**
 * The engine in an Electron utility process: the engine process of the desktop app. A crash of
 * the engine (out of memory, a native fault) takes down that process only, never the window.
 *
 * Electron's `utilityProcess` is passed in rather than imported, so this module loads (and is
 * tested) without Electron's binary; src/main/index.ts hands it the real one.
 */
import type { EngineInput } from '@shared/engine-protocol.ts';
import type { EngineExit, EngineWorker, EngineWorkerFactory } from './engine-worker.ts';

/** The part of an Electron `UtilityProcess` used here. */
export interface UtilityProcessChild {
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (type: string, location: string, report: string) => void): unknown;
  postMessage(message: unknown): void;
  kill(): boolean;
  readonly stderr: NodeJS.ReadableStream | null;
}

/** The part of Electron's `utilityProcess` module used here. */
export interface UtilityProcessModule {
  fork(
    modulePath: string,
    args?: string[],
    options?: {
      serviceName?: string;
      stdio?: 'pipe' | 'ignore' | 'inherit' | ('pipe' | 'ignore' | 'inherit')[];
    },
  ): UtilityProcessChild;
}

/** How much of the engine's stderr is kept to explain a crash. */
const STDERR_TAIL_CHARACTERS = 1000;

/**
 * Starts engine processes with `utilityProcess.fork(workerFile)`; `workerFile` is the built
 * out/main/engine-worker.js (a utility process cannot run TypeScript).
 */
export function createUtilityProcessFactory(
  utilityProcess: UtilityProcessModule,
  workerFile: string,
): EngineWorkerFactory {
  return () => startUtilityProcess(utilityProcess, workerFile);
}

function startUtilityProcess(utilityProcess: UtilityProcessModule, workerFile: string): EngineWorker {
  // stderr piped so a crash can be explained; stdout inherited (the engine prints nothing).
  const child = utilityProcess.fork(workerFile, [], {
    serviceName: 'archsim engine',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let spawned = false;
  let exited = false;
  let fatal: string | null = null;
  let stderrTail = '';
  /** Messages posted before the process is up are held and sent on `spawn`. */
  const pending: EngineInput[] = [];
  const exitListeners: ((exit: EngineExit) => void)[] = [];

  child.stderr?.on('data', (chunk: Buffer | string) => {
    const text = chunk.toString();
    process.stderr.write(text);
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARACTERS);
  });
  child.on('spawn', () => {
    spawned = true;
    for (const message of pending.splice(0)) child.postMessage(message);
  });
  child.on('error', (type, location, report) => {
    fatal = `${type} at ${location}${report ? `: ${report.slice(0, 300)}` : ''}`;
  });
  child.on('exit', (code) => {
    if (exited) return;
    exited = true;
    const lastWords = stderrTail.trim().split('\n').slice(-3).join(' / ');
    const reason = fatal ?? (lastWords === '' ? null : lastWords);
    for (const listener of exitListeners) listener({ code, reason });
  });

  return {
    post(message) {
      if (exited) return;
      if (spawned) child.postMessage(message);
      else pending.push(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    terminate() {
      if (!exited) child.kill();
    },
  };
}
