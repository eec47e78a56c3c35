/**
 * The engine's side of the engine protocol (src/engine/host): runs in slices with progress on a
 * wall-clock interval, cancel between slices, and every failure answered as a `failed` message.
 * The slice loop is driven by hand here (a `defer` queue and a fake clock), so the tests say
 * exactly what is posted when. Lives with the main-process tests because the host is the main
 * process's counterpart; the engine's own tests are in test/engine.
 */
import { EventEmitter } from 'node:events';
import { isMainThread } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { createEngineHost, type SimulationLike } from '@engine/host/engine-host.ts';
import { Simulation } from '@engine/sim/simulation.ts';
import { engineOutputSchema, type EngineOutput } from '@shared/engine-protocol.ts';
import type { RunResult } from '@shared/results.ts';
import { runnableOrFailInCi } from '../support/chromium.ts';
import { loadExample } from '../support/examples.ts';

const lamp = loadExample('lamp');

/** A host whose deferred steps wait in a queue until `step()` runs them. */
function manualHost(options: Parameters<typeof createEngineHost>[1] = {}) {
  const posted: EngineOutput[] = [];
  const queue: (() => void)[] = [];
  const host = createEngineHost((message) => posted.push(message), {
    defer: (next) => queue.push(next),
    ...options,
  });
  /** Runs the next deferred step; false when there was none. */
  const step = () => {
    const next = queue.shift();
    next?.();
    return next !== undefined;
  };
  /** Runs deferred steps until there are none; returns how many ran. */
  const drain = () => {
    let steps = 0;
    while (step()) steps++;
    return steps;
  };
  return { host, posted, step, drain };
}

/** A simulation that takes `slices` slices, advancing a clock by `msPerSlice` each. */
function fakeSimulation(clock: { now: number }, slices: number, msPerSlice: number): SimulationLike {
  let done = 0;
  const progress = () => ({
    simulatedNs: done * 1e9,
    durationNs: slices * 1e9,
    events: done * 100,
    requests: done * 10,
    completed: done * 9,
    done: done >= slices,
  });
  return {
    runSlice: () => {
      done++;
      clock.now += msPerSlice;
      return done >= slices;
    },
    progress,
    result: () => ({ format: 'archsim-result-1', summary: { requests: done * 10 } }) as unknown as RunResult,
  };
}

describe('engine host', () => {
  it('runs a real simulation in slices: progress first, then done with a result the main side accepts', () => {
    const { host, posted, drain } = manualHost({ sliceEvents: 5_000 });
    host.receive({ type: 'run', runId: 3, document: lamp, options: { durationS: 2, rate: 200, seed: 5 } });
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      type: 'progress',
      runId: 3,
      simulatedS: 0,
      durationS: 2,
      events: 0,
      requests: 0,
      completed: 0,
    });
    expect(host.activeRunId).toBe(3);
    expect(drain()).toBeGreaterThan(1); // more than one slice
    expect(host.activeRunId).toBeNull();
    const done = posted.at(-1);
    expect(done?.type).toBe('done');
    for (const message of posted) expect(engineOutputSchema.safeParse(message).success).toBe(true);
    const result = (done as Extract<EngineOutput, { type: 'done' }>).result;
    expect(result.options).toMatchObject({ durationS: 2, rate: 200, seed: 5 });
    const last = posted.at(-2) as Extract<EngineOutput, { type: 'progress' }>;
    expect(last.type).toBe('progress');
    expect(last.requests).toBe(result.summary.requests);
  });

  it('sends live numbers per service and dependency about once a second, the last ones equal to the result', () => {
    const clock = { now: 0 };
    const { host, posted, drain } = manualHost({
      sliceEvents: 2_000,
      now: () => (clock.now += 40),
      progressIntervalMs: 250,
    });
    const netflixoss = loadExample('netflixoss');
    host.receive({
      type: 'run',
      runId: 4,
      document: netflixoss,
      options: { durationS: 5, rate: 400, seed: 2 },
    });
    drain();
    const progress = posted.filter(
      (message): message is Extract<EngineOutput, { type: 'progress' }> => message.type === 'progress',
    );
    const withLive = progress.filter((message) => message.live !== undefined);
    expect(progress.length).toBeGreaterThan(withLive.length); // not in every message
    expect(withLive.length).toBeGreaterThanOrEqual(2);
    const result = (posted.at(-1) as Extract<EngineOutput, { type: 'done' }>).result;
    const live = progress.at(-1)?.live;
    if (!live) throw new Error('the last progress has no live numbers');
    for (const message of posted) expect(engineOutputSchema.safeParse(message).success).toBe(true);
    // Totals so far equal the result's at the end; busiest first.
    const byName = new Map(live.services.map((service) => [service.name, service]));
    for (const service of result.services) {
      expect(byName.get(service.name)).toMatchObject({ requests: service.requests, errors: service.errors });
    }
    const requests = live.services.map((service) => service.requests);
    expect(requests).toEqual([...requests].sort((left, right) => right - left));
    // The last whole second's numbers are the timeline's.
    const www = byName.get('wwwproxy');
    const series = result.timeline.services['wwwproxy'];
    expect(www?.rate).toBe(series?.requests[live.second]);
    expect(www?.p99Ms).toBe(series?.p99[live.second]);
    expect(www?.p50Ms).toBeGreaterThan(0);
    // An entry point's numbers are its entries'.
    const entry = byName.get('www');
    expect(entry?.rate).toBe(result.timeline.entries['www']?.requests[live.second]);
    expect(entry?.requests).toBe(result.entries.find((item) => item.name === 'www')?.requests);
    const edges = new Map(live.edges.map((edge) => [`${edge.caller}->${edge.callee}`, edge.calls]));
    for (const edge of result.edges)
      expect([edge.caller, edge.callee, edges.get(`${edge.caller}->${edge.callee}`)]).toEqual([
        edge.caller,
        edge.callee,
        edge.calls,
      ]);
  });

  it('posts progress every interval of wall time, not every slice', () => {
    const clock = { now: 0 };
    const { host, posted, drain } = manualHost({
      now: () => clock.now,
      progressIntervalMs: 250,
      createSimulation: () => fakeSimulation(clock, 12, 100),
    });
    host.receive({ type: 'run', runId: 1, document: lamp, options: {} });
    drain();
    const progress = posted
      .filter((message) => message.type === 'progress')
      .map((message) => message.simulatedS);
    // At the start, then each time 250 ms have passed (slices of 100 ms), then at the end.
    expect(progress).toEqual([0, 3, 6, 9, 12]);
    expect(posted.at(-1)).toMatchObject({ type: 'done', runId: 1 });
  });

  it('stops a cancelled run at the next slice boundary and is free for the next run', () => {
    const clock = { now: 0 };
    const { host, posted, step, drain } = manualHost({
      now: () => clock.now,
      createSimulation: () => fakeSimulation(clock, 1000, 10),
    });
    host.receive({ type: 'run', runId: 1, document: lamp, options: {} });
    step();
    step();
    host.receive({ type: 'cancel', runId: 99 }); // another run's cancel: ignored
    host.receive({ type: 'cancel', runId: 1 });
    expect(drain()).toBe(1);
    expect(posted.at(-1)).toEqual({ type: 'cancelled', runId: 1 });
    expect(posted.some((message) => message.type === 'done')).toBe(false);

    host.receive({ type: 'run', runId: 2, document: lamp, options: {} });
    drain();
    expect(posted.at(-1)).toMatchObject({ type: 'done', runId: 2 });
  });

  it('refuses a second run while one is running', () => {
    const clock = { now: 0 };
    const { host, posted } = manualHost({ createSimulation: () => fakeSimulation(clock, 10, 1) });
    host.receive({ type: 'run', runId: 1, document: lamp, options: {} });
    host.receive({ type: 'run', runId: 2, document: lamp, options: {} });
    expect(posted.at(-1)).toEqual({ type: 'failed', runId: 2, message: 'the engine is busy with run 1' });
  });

  it("fails a run the engine cannot simulate, with the engine's message", () => {
    const { host, posted } = manualHost();
    host.receive({ type: 'run', runId: 4, document: lamp, options: { scenario: 'meteor' } });
    expect(posted).toEqual([
      { type: 'failed', runId: 4, message: expect.stringMatching(/^unknown scenario "meteor"/) },
    ]);
    expect(host.activeRunId).toBeNull();
  });

  it('fails a run beyond the instance limit at once, before allocating its topology', () => {
    const { host, posted } = manualHost();
    const larger = {
      ...lamp,
      services: lamp.services.map((service, index) => (index === 0 ? { ...service, count: 300 } : service)),
    };
    const started = performance.now();
    host.receive({ type: 'run', runId: 5, document: larger, options: { scale: 1_000_000 } });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(posted).toEqual([
      {
        type: 'failed',
        runId: 5,
        message: expect.stringMatching(
          /^the topology would have [\d,]+ instances, more than the limit of 2,000,000/,
        ),
      },
    ]);
    expect(host.activeRunId).toBeNull();
  });

  it('fails a run whose simulation throws mid-run', () => {
    const { host, posted, drain } = manualHost({
      createSimulation: () => ({
        runSlice: () => {
          throw new RangeError('heap exhausted');
        },
        progress: () => ({
          simulatedNs: 0,
          durationNs: 1,
          events: 0,
          requests: 0,
          completed: 0,
          done: false,
        }),
        result: () => {
          throw new Error('unreachable');
        },
      }),
    });
    host.receive({ type: 'run', runId: 5, document: lamp, options: {} });
    drain();
    expect(posted.at(-1)).toEqual({ type: 'failed', runId: 5, message: 'the engine failed: heap exhausted' });
    expect(host.activeRunId).toBeNull();
  });

  it('fails an overloaded run with the simulation’s own words: the architecture, not the engine, is at fault', () => {
    const { host, posted, drain } = manualHost({
      createSimulation: (message) =>
        new Simulation(message.document, { ...message.options, rate: 1_000_000, maxCallsInFlight: 4096 }),
    });
    host.receive({ type: 'run', runId: 7, document: lamp, options: {} });
    drain();
    expect(posted.at(-1)).toEqual({
      type: 'failed',
      runId: 7,
      message: expect.stringMatching(
        /^the run is overloaded: more than 4,096 calls in flight at [\d.]+ s \(simulated\), with requests arriving at 1,000,000\/s — /,
      ),
    });
    expect(host.activeRunId).toBeNull();
  });

  it('checks every message on arrival', () => {
    const onProtocolError = vi.fn();
    const { host, posted } = manualHost({ onProtocolError });
    host.receive({
      type: 'run',
      runId: 6,
      document: { services: [{ name: 'a', package: 'kayron' }] },
      options: {},
    });
    expect(posted).toEqual([
      {
        type: 'failed',
        runId: 6,
        message: expect.stringMatching(
          /^malformed message: \[document\] \$\.services\[0\]\.package: unknown package/,
        ),
      },
    ]);
    host.receive({ type: 'run', runId: 7, document: lamp, options: { durationS: -1 } });
    expect(posted.at(-1)).toMatchObject({ type: 'failed', runId: 7, message: /\[options\.durationS\]/ });
    for (const garbage of [
      null,
      'run',
      { type: 'explode', runId: 1 },
      { type: 'cancel' },
      { type: 'cancel', runId: -1 },
    ]) {
      host.receive(garbage);
    }
    expect(posted).toHaveLength(2);
    expect(onProtocolError).toHaveBeenCalledTimes(5);
    expect(host.activeRunId).toBeNull();
  });
});

describe('engine worker entry in an Electron utility process', () => {
  it.runIf(
    runnableOrFailInCi(
      isMainThread,
      'the utility-process worker test needs a process of its own (vitest pool "forks", not "threads")',
    ),
  )('talks the protocol over process.parentPort, messages wrapped in events', async () => {
    const parentPort = Object.assign(new EventEmitter(), { postMessage: vi.fn() });
    const processWithPort = process as unknown as { parentPort?: unknown };
    processWithPort.parentPort = parentPort;
    try {
      await import('@engine/host/worker.ts');
      parentPort.emit('message', {
        data: { type: 'run', runId: 8, document: lamp, options: { durationS: 1, rate: 50 } },
        ports: [],
      });
      await vi.waitFor(
        () =>
          expect(parentPort.postMessage).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'done' })),
        {
          timeout: 10_000,
        },
      );
      const types = parentPort.postMessage.mock.calls.map(([message]) => (message as EngineOutput).type);
      expect(types[0]).toBe('progress');
      expect(types.at(-1)).toBe('done');
    } finally {
      delete processWithPort.parentPort;
    }
  });
});
