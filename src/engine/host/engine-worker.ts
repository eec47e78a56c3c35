/**
 * The engine process as the main process sees it, whatever it is: a Node worker thread
 * (./node-worker.ts) or an Electron utility process (./utility-process.ts). The run service
 * (src/main/runs) is written against this interface only, and tests inject their own.
 */
import type { EngineInput } from '@shared/engine-protocol.ts';

/** How an engine process ended. */
export interface EngineExit {
  /** The exit code, when there is one. */
  readonly code: number | null;
  /** What brought it down: an uncaught error's message, a fatal error report, stderr's last words. */
  readonly reason: string | null;
}

export interface EngineWorker {
  /** Sends a message to the engine (it validates it on arrival). */
  post(message: EngineInput): void;
  /** Every message the engine sends, unvalidated: the caller checks them against the protocol. */
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process is gone, whether it crashed, exited or was terminated. */
  onExit(listener: (exit: EngineExit) => void): void;
  /** Stops the process at once, even in the middle of a slice; `onExit` follows. */
  terminate(): void;
}

/** Starts a fresh engine process. */
export type EngineWorkerFactory = () => EngineWorker;
