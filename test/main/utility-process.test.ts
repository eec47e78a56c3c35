/**
 * The Electron utility-process adapter of the engine (src/engine/host/utility-process.ts) against
 * a stand-in `utilityProcess`: messages held until the process is up, messages passed on, the
 * exit reported once with what the process said, and the run service's crash path over it.
 */
import { describe, expect, it } from 'vitest';
import { createUtilityProcessFactory } from '@engine/host/utility-process.ts';
import type { EngineExit } from '@engine/host/engine-worker.ts';
import { loadExample } from '../support/examples.ts';
import { fakeUtilityProcess } from './support/fake-utility-process.ts';
import { testRuns } from './support/runs.ts';

const lamp = loadExample('lamp');

describe('engine in an Electron utility process', () => {
  it('forks the worker module as a named service with stderr piped', () => {
    const electron = fakeUtilityProcess();
    createUtilityProcessFactory(electron.module, '/app/out/main/engine-worker.js')();
    const [child] = electron.children;
    expect(child?.modulePath).toBe('/app/out/main/engine-worker.js');
    expect(child?.options).toEqual({ serviceName: 'archsim engine', stdio: ['ignore', 'inherit', 'pipe'] });
  });

  it('holds messages until the process has spawned, then passes both ways', async () => {
    const electron = fakeUtilityProcess();
    const engine = createUtilityProcessFactory(electron.module, 'engine-worker.js')();
    const received: unknown[] = [];
    engine.onMessage((message) => received.push(message));
    engine.post({ type: 'run', runId: 1, document: lamp, options: { durationS: 1, rate: 50 } });
    const child = electron.children[0]!;
    expect(child.received).toEqual([]); // not spawned yet
    await new Promise((resolve) => setImmediate(resolve));
    expect(child.received).toHaveLength(1);
    await expect.poll(() => received.at(-1), { timeout: 10_000 }).toMatchObject({ type: 'done', runId: 1 });
    expect(received[0]).toMatchObject({ type: 'progress', runId: 1 });
  });

  it("reports the exit once, with the end of the process's stderr or its fatal error", async () => {
    const electron = fakeUtilityProcess({ runsEngine: false });
    const factory = createUtilityProcessFactory(electron.module, 'engine-worker.js');
    const crashed = factory();
    const exits: EngineExit[] = [];
    crashed.onExit((exit) => exits.push(exit));
    electron.children[0]!.exit(
      9,
      'loading…\n<--- Last few GCs --->\nFATAL ERROR: JavaScript heap out of memory\n',
    );
    await expect
      .poll(() => exits)
      .toEqual([
        { code: 9, reason: 'loading… / <--- Last few GCs ---> / FATAL ERROR: JavaScript heap out of memory' },
      ]);
    crashed.post({ type: 'cancel', runId: 1 }); // after the exit: dropped
    crashed.terminate();
    expect(electron.children[0]!.received).toEqual([]);
    expect(electron.children[0]!.killed).toBe(false);

    const fatal = factory();
    const fatalExits: EngineExit[] = [];
    fatal.onExit((exit) => fatalExits.push(exit));
    electron.children[1]!.emit('error', 'FatalError', 'v8::ToLocalChecked', 'Empty MaybeLocal');
    electron.children[1]!.exit(133);
    await expect
      .poll(() => fatalExits)
      .toEqual([{ code: 133, reason: 'FatalError at v8::ToLocalChecked: Empty MaybeLocal' }]);
  });

  it('kills the process on terminate', async () => {
    const electron = fakeUtilityProcess({ runsEngine: false });
    const engine = createUtilityProcessFactory(electron.module, 'engine-worker.js')();
    const exits: EngineExit[] = [];
    engine.onExit((exit) => exits.push(exit));
    engine.terminate();
    expect(electron.children[0]!.killed).toBe(true);
    await expect.poll(() => exits).toEqual([{ code: 0, reason: null }]);
  });

  describe('under the run service', () => {
    const electron = fakeUtilityProcess();
    const runs = testRuns({ createWorker: createUtilityProcessFactory(electron.module, 'engine-worker.js') });

    it('completes a run, then fails one whose process crashes, then completes the next in a fresh process', async () => {
      const first = runs.service.start(lamp, { durationS: 1, rate: 50 });
      expect((await runs.finished(first)).status).toBe('done');

      const crashing = runs.service.start(lamp, { durationS: 3600, rate: 100 });
      await expect.poll(() => runs.progressOf(crashing).length, { timeout: 10_000 }).toBeGreaterThan(0);
      electron.children[0]!.exit(9, 'FATAL ERROR: JavaScript heap out of memory\n');
      expect(await runs.finished(crashing)).toEqual({
        runId: crashing,
        status: 'failed',
        failureReason:
          'the engine process stopped unexpectedly (exit code 9: FATAL ERROR: JavaScript heap out of memory)',
      });

      const next = runs.service.start(lamp, { durationS: 1, rate: 50 });
      expect((await runs.finished(next)).status).toBe('done');
      expect(electron.children).toHaveLength(2);
    }, 60_000);
  });
});
