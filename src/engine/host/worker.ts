/**
 * Entry point of the engine process: binds the engine host to whichever transport it was started
 * with. Built to out/main/engine-worker.js (electron.vite.config.ts); tests load this source file
 * through tsx (./node-worker.ts).
 *
 * - In a Node worker thread (web host, CLI, tests): `worker_threads.parentPort`.
 * - In an Electron utility process (the desktop app): `process.parentPort`, whose messages
 *   arrive wrapped in an event's `data`.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import type { EngineOutput } from '@shared/engine-protocol.ts';
import { tuneCompilerForEngine } from './compiler-tuning.ts';
import { createEngineHost } from './engine-host.ts';

/** The part of Electron's `process.parentPort` (utility processes only) used here. */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;

if (!isMainThread && parentPort) {
  tuneCompilerForEngine();
  const port = parentPort;
  const host = createEngineHost((message: EngineOutput) => port.postMessage(message));
  port.on('message', (message: unknown) => host.receive(message));
} else if (electronPort) {
  const host = createEngineHost((message: EngineOutput) => electronPort.postMessage(message));
  electronPort.on('message', (event) => host.receive(event.data));
} else {
  console.error('archsim engine: start this module as a worker thread or an Electron utility process');
  process.exitCode = 1;
}
