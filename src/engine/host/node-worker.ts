/**
 * The engine in a Node worker thread: the engine process of the web host, the CLI and the tests.
 *
 * The worker file is either the built bundle (out/main/engine-worker.js, next to the main entry
 * points) or, when archsim runs from its TypeScript sources (vitest, tsx), src/engine/host/worker.ts
 * loaded through tsx with the repository's path aliases.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineInput } from '@shared/engine-protocol.ts';
import type { EngineExit, EngineWorker, EngineWorkerFactory } from './engine-worker.ts';

/** The built engine worker's file name: electron.vite.config.ts writes it next to out/main/index.js. */
export const ENGINE_WORKER_BUNDLE = 'engine-worker.js';

// NOTE: names in variables, not `new URL('./literal', import.meta.url)`, which bundlers rewrite
// into asset references.
const WORKER_SOURCE_NAME = './worker.ts';
const TSCONFIG_FROM_HERE = '../../../tsconfig.json';

/** The engine worker's TypeScript source (meaningful only when running from src/). */
export function engineWorkerSource(): string {
  return fileURLToPath(new URL(WORKER_SOURCE_NAME, import.meta.url));
}

/**
 * The engine worker for an entry module (pass its `import.meta.url`): the TypeScript source when
 * the entry is itself TypeScript (running from src/), else engine-worker.js beside the entry's
 * bundle in out/main.
 */
export function engineWorkerFile(entryModuleUrl: string): string {
  if (entryModuleUrl.endsWith('.ts')) return engineWorkerSource();
  return fileURLToPath(new URL(`./${ENGINE_WORKER_BUNDLE}`, entryModuleUrl));
}

export interface NodeWorkerOptions {
  /** The worker module: a built .js file, or a .ts file (run through tsx). Default: the source. */
  readonly file?: string;
  /** tsconfig.json whose path aliases a .ts worker uses (default: the repository's). */
  readonly tsconfig?: string;
}

/** Starts engine workers as Node worker threads. */
export function createNodeWorkerFactory(options: NodeWorkerOptions = {}): EngineWorkerFactory {
  const file = path.resolve(options.file ?? engineWorkerSource());
  return () => startNodeWorker(file, options.tsconfig);
}

function startNodeWorker(file: string, tsconfig: string | undefined): EngineWorker {
  const worker = file.endsWith('.ts')
    ? new Worker(typeScriptBootstrap(file, tsconfig), { name: 'archsim engine' })
    : new Worker(file, { name: 'archsim engine' });
  let reason: string | null = null;
  let exited = false;
  const exitListeners: ((exit: EngineExit) => void)[] = [];

  worker.on('error', (error: unknown) => {
    reason = `uncaught ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  });
  worker.on('messageerror', () => {
    reason = 'a message from the engine could not be read';
    void worker.terminate();
  });
  worker.on('exit', (code: number) => {
    exited = true;
    for (const listener of exitListeners) listener({ code, reason });
  });

  return {
    post(message: EngineInput) {
      if (!exited) worker.postMessage(message);
    },
    onMessage(listener) {
      worker.on('message', listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    terminate() {
      if (!exited) void worker.terminate();
    },
  };
}

/**
 * A data: URL module that registers tsx (with the repository's path aliases) and then imports the
 * worker source, so a worker thread can run TypeScript the way vitest and bin/run-ts.js do.
 */
export function typeScriptBootstrap(file: string, tsconfig: string | undefined): URL {
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(require.resolve('tsx/esm/api')).href;
  const config = tsconfig ?? fileURLToPath(new URL(TSCONFIG_FROM_HERE, import.meta.url));
  const source = [
    `const { register } = await import(${JSON.stringify(tsxApi)});`,
    `register({ tsconfig: ${JSON.stringify(config)} });`,
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}
