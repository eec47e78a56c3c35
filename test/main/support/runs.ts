/** Run services over real engine workers (and faulty stand-ins) for the run-service tests. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { EngineWorker, EngineWorkerFactory } from '@engine/host/engine-worker.ts';
import { createNodeWorkerFactory } from '@engine/host/node-worker.ts';
import type { RunEvent } from '@main/runs/run-service.ts';
import type { RunFinished, RunProgress } from '@shared/runs.ts';
import { createRunService, type RunService, type RunServiceOptions } from '@main/runs/run-service.ts';
import { openRunStore, type RunStore } from '@store/index.ts';

/** The stand-in engine whose runs freeze, throw, exit or talk nonsense (see the file). */
export const FAULTY_ENGINE = fileURLToPath(new URL('./faulty-engine.ts', import.meta.url));

/** A worker factory that remembers every engine it started. */
export function recordingFactory(inner: EngineWorkerFactory = createNodeWorkerFactory()): {
  readonly factory: EngineWorkerFactory;
  readonly workers: EngineWorker[];
} {
  const workers: EngineWorker[] = [];
  return {
    workers,
    factory: () => {
      const worker = inner();
      workers.push(worker);
      return worker;
    },
  };
}

/** Starts the faulty stand-in engine instead of the real one. */
export function faultyEngineFactory(): EngineWorkerFactory {
  return createNodeWorkerFactory({ file: FAULTY_ENGINE });
}

export interface TestRuns {
  readonly service: RunService;
  readonly store: RunStore;
  /** Every event, with the wall time (performance.now) it arrived. */
  readonly events: { readonly at: number; readonly event: RunEvent }[];
  progressOf(runId: number): { readonly at: number; readonly progress: RunProgress }[];
  /** Resolves when the run reaches a final status (fails the test after `timeoutMs`). */
  finished(runId: number, timeoutMs?: number): Promise<RunFinished>;
}

/**
 * A run service over a store in `folder` (or in memory), closed with its store after the test
 * file.
 */
export function testRuns(
  options: Partial<Omit<RunServiceOptions, 'store'>> & { readonly folder?: string } = {},
): TestRuns {
  const store = openRunStore(options.folder ? path.join(options.folder, 'runs.sqlite') : ':memory:');
  const service = createRunService({
    createWorker: createNodeWorkerFactory(),
    log: () => undefined,
    ...options,
    store,
  });
  afterAll(async () => {
    await service.close();
    store.close();
  });
  const events: { at: number; event: RunEvent }[] = [];
  const waiting = new Map<number, ((finished: RunFinished) => void)[]>();
  service.subscribe((event) => {
    events.push({ at: performance.now(), event });
    if (event.channel === 'runs.finished') {
      for (const resolve of waiting.get(event.payload.runId) ?? []) resolve(event.payload);
      waiting.delete(event.payload.runId);
    }
  });
  return {
    service,
    store,
    events,
    progressOf: (runId) =>
      events.flatMap(({ at, event }) =>
        event.channel === 'runs.progress' && event.payload.runId === runId
          ? [{ at, progress: event.payload }]
          : [],
      ),
    finished: (runId, timeoutMs = 60_000) => {
      const already = events.find(
        ({ event }) => event.channel === 'runs.finished' && event.payload.runId === runId,
      );
      if (already) return Promise.resolve(already.event.payload as RunFinished);
      return new Promise<RunFinished>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`run ${runId} did not finish within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const list = waiting.get(runId) ?? [];
        list.push((finished) => {
          clearTimeout(timer);
          resolve(finished);
        });
        waiting.set(runId, list);
      });
    },
  };
}

/** Resolves once `condition` holds (polled every 10 ms), or rejects after `timeoutMs`. */
export async function until(
  condition: () => boolean,
  timeoutMs = 30_000,
  what = 'the condition',
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
