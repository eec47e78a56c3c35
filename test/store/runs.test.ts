/**
 * The life of a run in the store: created, completed (all of it in one transaction), listed,
 * loaded back equal to what the engine returned, cancelled, failed, deleted with everything it
 * owns.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '@engine/histogram.ts';
import type { RunResult } from '@shared/results.ts';
import {
  RunNotFoundError,
  RunStateError,
  documentHash,
  openRunStore,
  toRunId,
  type CreateRunInput,
  type RunStore,
} from '@store/index.ts';
import { ENGINE_VERSION, lampDocument, makeResult } from './fixtures.ts';
import { inspect, rowCounts, temporaryFolder } from './support.ts';

const folder = temporaryFolder();
let file: string;
let store: RunStore;
let clock: number;
const START = Date.UTC(2025, 0, 2, 3, 4, 5);

beforeEach(() => {
  file = path.join(folder, `runs-${Math.random().toString(36).slice(2)}.db`);
  clock = START;
  // Each reading of the clock is one second later: creation order is time order.
  store = openRunStore(file, { now: () => (clock += 1000) });
});
afterEach(() => store.close());

const input = (overrides: Partial<CreateRunInput> = {}): CreateRunInput => ({
  document: lampDocument(),
  seed: 7,
  engineVersion: ENGINE_VERSION,
  options: { durationS: 10, rate: 100 },
  ...overrides,
});

describe('a completed run', () => {
  it('loads back with the exact result the engine returned', () => {
    const result = makeResult();
    const id = store.createRun(input({ label: 'first try', scenario: null }));
    store.completeRun(id, result);

    const run = store.getRun(id);
    expect(run).not.toBeNull();
    expect(run?.result).toEqual(result);
    // Same keys in the same order too, so exports of a stored run are byte-identical.
    expect(JSON.stringify(run?.result)).toBe(JSON.stringify(result));
    expect(run?.document).toEqual(result.document);
    expect(run?.options).toEqual(result.options);
    expect(run?.result?.events.map((event) => event.kind)).toEqual([
      'failure-start',
      'instance-down',
      'breaker-open',
      'failure-end',
    ]);
    const entry = result.entries[0]?.responseMs;
    expect(run).toMatchObject({
      id,
      label: 'first try',
      arch: 'lamp',
      scenario: null,
      seed: 7,
      engineVersion: ENGINE_VERSION,
      documentHash: documentHash(result.document),
      status: 'done',
      failureReason: null,
      createdAt: START + 1000,
      startedAt: START + 1000,
      finishedAt: START + 2000,
      durationS: 10,
      rate: 100,
      summary: result.summary,
      p50Ms: entry?.p50,
      p99Ms: entry?.p99,
    });
  });

  it('keeps what it has no column for: fields a later engine adds come back as they went in', () => {
    const result = makeResult();
    const extended = {
      ...result,
      energyJoules: 12.5,
      services: result.services.map((service) => ({ ...service, coldStarts: 3 })),
      edges: result.edges.map((edge) => ({ ...edge, hedged: 1 })),
    } as RunResult;
    const id = store.createRun(input());
    store.completeRun(id, extended);
    expect(JSON.stringify(store.getRun(id)?.result)).toBe(JSON.stringify(extended));
  });

  it('keeps HdrHistogram encodings that decode to the same counts', () => {
    const result = makeResult();
    const id = store.createRun(input());
    store.completeRun(id, result);
    const stored = store.getRun(id)?.result as RunResult;
    const original = LatencyHistogram.decode(result.histograms.services['webserver'] as string);
    const reloaded = LatencyHistogram.decode(stored.histograms.services['webserver'] as string);
    expect(reloaded.totalCount).toBe(200);
    expect(Array.from(reloaded.counts)).toEqual(Array.from(original.counts));
    expect(stored.histograms.edges['webserver->rds-mysql']).toEqual(
      result.histograms.edges['webserver->rds-mysql'],
    );
  });

  it('keeps the document the engine ran when it differs from the one it was created with', () => {
    const created = lampDocument({ description: 'as opened' });
    const ran = lampDocument({ description: 'as simulated' });
    const id = store.createRun(input({ document: created }));
    store.completeRun(id, makeResult({ document: ran }));
    const run = store.getRun(id);
    expect(run?.document).toEqual(ran);
    expect(run?.documentHash).toBe(documentHash(ran));
    // The first document is no longer used by any run: it is not kept.
    expect(rowCounts(file)['documents']).toBe(1);
  });

  it('stores a document once however many runs use it, keyed by its canonical hash', () => {
    const first = store.createRun(input());
    // The same document with its keys in another order is the same document.
    const reordered = Object.fromEntries(Object.entries(lampDocument()).reverse()) as ReturnType<
      typeof lampDocument
    >;
    const second = store.createRun(input({ document: reordered }));
    const other = store.createRun(input({ document: lampDocument({ seed: 99 }) }));
    expect(store.getRun(first)?.documentHash).toBe(store.getRun(second)?.documentHash);
    expect(store.getRun(other)?.documentHash).not.toBe(store.getRun(first)?.documentHash);
    expect(store.getRun(first)?.documentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rowCounts(file)['documents']).toBe(2);
  });
});

describe('writing a result', () => {
  it('is all or nothing: a failure halfway leaves no rows and the run still running', () => {
    const id = store.createRun(input());
    const good = makeResult();
    // Entries are written first, then services: a duplicate service name breaks the write there.
    const broken: RunResult = { ...good, services: [...good.services, good.services[0]!] };
    expect(() => store.completeRun(id, broken)).toThrow(/UNIQUE constraint failed: run_services/);

    const counts = rowCounts(file);
    for (const table of [
      'run_results',
      'run_entries',
      'run_services',
      'run_edges',
      'run_histograms',
      'run_timeline',
      'run_traces',
      'run_events',
    ]) {
      expect(counts[table], table).toBe(0);
    }
    expect(store.getRun(id)).toMatchObject({ status: 'running', result: null, summary: null });

    // The run can still be completed with a correct result.
    store.completeRun(id, good);
    expect(store.getRun(id)?.result).toEqual(good);
  });

  it('refuses a value that breaks a constraint late in the write (negative count on an edge)', () => {
    const id = store.createRun(input());
    const good = makeResult();
    const broken: RunResult = {
      ...good,
      edges: [...good.edges.slice(0, 3), { ...good.edges[3]!, calls: -1 }],
    };
    expect(() => store.completeRun(id, broken)).toThrow(/CHECK constraint failed/);
    expect(rowCounts(file)['run_services']).toBe(0);
    expect(store.getRun(id)?.status).toBe('running');
  });

  it('refuses results of another format and runs that are not active', () => {
    const id = store.createRun(input());
    expect(() => store.completeRun(id, { ...makeResult(), format: 'archsim-result-0' } as never)).toThrow(
      /format archsim-result-0/,
    );
    store.completeRun(id, makeResult());
    expect(() => store.completeRun(id, makeResult())).toThrow(RunStateError);
    expect(() => store.completeRun(id, makeResult())).toThrow(`run ${id} is done: cannot store a result`);
    expect(() => store.completeRun(toRunId(999), makeResult())).toThrow(RunNotFoundError);
  });
});

describe('run status', () => {
  it('goes queued → running → done', () => {
    const id = store.createRun(input({ status: 'queued' }));
    expect(store.getRun(id)).toMatchObject({ status: 'queued', startedAt: null, finishedAt: null });
    store.startRun(id);
    expect(store.getRun(id)).toMatchObject({
      status: 'running',
      startedAt: START + 2000,
    });
    expect(() => store.startRun(id)).toThrow(`run ${id} is running: cannot start it`);
    store.completeRun(id, makeResult());
    expect(store.getRun(id)?.status).toBe('done');
  });

  it('is cancelled or failed only while active', () => {
    const cancelled = store.createRun(input());
    const failed = store.createRun(input({ status: 'queued' }));
    expect(store.cancelRun(cancelled)).toBe(true);
    expect(store.failRun(failed, 'engine crashed: exit code 134')).toBe(true);
    expect(store.cancelRun(cancelled)).toBe(false);
    expect(store.failRun(cancelled, 'too late')).toBe(false);
    expect(store.getRun(cancelled)).toMatchObject({ status: 'cancelled', failureReason: null, result: null });
    expect(store.getRun(failed)).toMatchObject({
      status: 'failed',
      failureReason: 'engine crashed: exit code 134',
      result: null,
    });
    expect(store.getRun(failed)?.finishedAt).not.toBeNull();
    expect(() => store.completeRun(cancelled, makeResult())).toThrow(RunStateError);
    expect(() => store.cancelRun(toRunId(404))).toThrow(RunNotFoundError);
    expect(() => store.failRun(failed, '  ')).toThrow(/needs a reason/);
  });
});

describe('listing runs', () => {
  function seedRuns(): number[] {
    const ids: number[] = [];
    const plan = [
      ['lamp', 'done'],
      ['netflixoss', 'done'],
      ['lamp', 'failed'],
      ['riak', 'cancelled'],
      ['lamp', 'done'],
      ['netflixoss', 'running'],
      ['lamp', 'queued'],
    ] as const;
    for (const [arch, status] of plan) {
      const id = store.createRun(
        input({ arch, label: `${arch} ${status}`, status: status === 'queued' ? 'queued' : 'running' }),
      );
      if (status === 'done') store.completeRun(id, makeResult({ arch }));
      if (status === 'failed') store.failRun(id, 'boom');
      if (status === 'cancelled') store.cancelRun(id);
      ids.push(id);
    }
    return ids;
  }

  it('is newest first, with summaries but no documents or results', () => {
    const ids = seedRuns();
    const runs = store.listRuns();
    expect(runs.map((run) => run.id)).toEqual([...ids].reverse());
    expect(Object.keys(runs[0]!).sort()).toEqual(
      [
        'id',
        'label',
        'arch',
        'scenario',
        'seed',
        'engineVersion',
        'documentHash',
        'status',
        'failureReason',
        'createdAt',
        'startedAt',
        'finishedAt',
        'durationS',
        'rate',
        'summary',
        'p50Ms',
        'p99Ms',
      ].sort(),
    );
    const done = runs.find((run) => run.label === 'lamp done');
    expect(done?.summary).toEqual(makeResult().summary);
    expect(done?.p99Ms).toBe(makeResult().entries[0]?.responseMs.p99);
    expect(runs.find((run) => run.status === 'queued')?.summary).toBeNull();
  });

  it('breaks ties of creation time by id', () => {
    const sameTime = openRunStore(path.join(folder, 'same-time.db'), { now: () => START });
    const ids = [1, 2, 3].map(() => sameTime.createRun(input()));
    expect(sameTime.listRuns().map((run) => run.id)).toEqual([...ids].reverse());
    sameTime.close();
  });

  it('filters by architecture and status, and pages', () => {
    const ids = seedRuns();
    const labels = (runs: { label: string | null }[]) => runs.map((run) => run.label);
    expect(labels(store.listRuns({ arch: 'lamp' }))).toEqual([
      'lamp queued',
      'lamp done',
      'lamp failed',
      'lamp done',
    ]);
    expect(labels(store.listRuns({ status: 'done' }))).toEqual(['lamp done', 'netflixoss done', 'lamp done']);
    expect(labels(store.listRuns({ status: ['running', 'queued'] }))).toEqual([
      'lamp queued',
      'netflixoss running',
    ]);
    expect(labels(store.listRuns({ arch: 'lamp', status: 'done' }))).toEqual(['lamp done', 'lamp done']);
    expect(store.listRuns({ arch: 'nothing' })).toEqual([]);

    const newestFirst = [...ids].reverse();
    expect(store.listRuns({ limit: 3 }).map((run) => run.id)).toEqual(newestFirst.slice(0, 3));
    expect(store.listRuns({ limit: 3, offset: 3 }).map((run) => run.id)).toEqual(newestFirst.slice(3, 6));
    expect(store.listRuns({ limit: 3, offset: 6 }).map((run) => run.id)).toEqual(newestFirst.slice(6));
    expect(store.listRuns({ limit: 0 })).toEqual([]);

    expect(store.countRuns()).toBe(7);
    expect(store.countRuns({ arch: 'lamp' })).toBe(4);
    expect(store.countRuns({ arch: 'lamp', status: ['done', 'failed'] })).toBe(3);
    expect(() => store.listRuns({ limit: -1 })).toThrow(RangeError);
    expect(() => store.listRuns({ status: 'finished' as never })).toThrow(/unknown run status/);
  });

  it('filters by scenario (null: runs without one), names runs and lists what it can be filtered by', () => {
    const plain = store.createRun(input({ arch: 'lamp' }));
    const zone = store.createRun(input({ arch: 'lamp', scenario: 'zone-outage' }));
    const kill = store.createRun(input({ arch: 'netflixoss', scenario: 'chaos-monkey' }));
    expect(store.listRuns({ scenario: 'zone-outage' }).map((run) => run.id)).toEqual([zone]);
    expect(store.listRuns({ scenario: null }).map((run) => run.id)).toEqual([plain]);
    expect(store.countRuns({ arch: 'lamp', scenario: 'chaos-monkey' })).toBe(0);
    expect(store.runFacets()).toEqual({
      archs: ['lamp', 'netflixoss'],
      scenarios: ['chaos-monkey', 'zone-outage'],
    });

    expect(store.renameRun(kill, '  baseline  ')).toBe(true);
    expect(store.getRun(kill)?.label).toBe('baseline');
    expect(store.renameRun(kill, '')).toBe(true);
    expect(store.getRun(kill)?.label).toBeNull();
    expect(store.renameRun(9999 as never, 'x')).toBe(false);
  });

  it('uses the indexes for the list queries', () => {
    store.close();
    const plans = inspect(file, (database) =>
      [
        'SELECT * FROM runs ORDER BY created_at DESC, id DESC LIMIT 50',
        "SELECT * FROM runs WHERE arch = 'lamp' ORDER BY created_at DESC, id DESC LIMIT 50",
        "SELECT * FROM runs WHERE status IN ('done') ORDER BY created_at DESC, id DESC LIMIT 50",
      ].map((sql) =>
        (database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
          .map((row) => row.detail)
          .join('; '),
      ),
    );
    store = openRunStore(file);
    expect(plans[0]).toMatch(/USING (COVERING )?INDEX runs_by_created/);
    expect(plans[1]).toMatch(/USING (COVERING )?INDEX runs_by_arch/);
    expect(plans[2]).toMatch(/USING (COVERING )?INDEX runs_by_status/);
    for (const plan of plans) expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});

describe('deleting a run', () => {
  it('removes it and everything it owns, and nothing of other runs', () => {
    const kept = store.createRun(input());
    store.completeRun(kept, makeResult());
    const keptRows = rowCounts(file);

    const deleted = store.createRun(input({ document: lampDocument({ description: 'only this run' }) }));
    store.completeRun(deleted, makeResult({ document: lampDocument({ description: 'only this run' }) }));
    expect(rowCounts(file)['run_histograms']).toBe(2 * (keptRows['run_histograms'] as number));

    expect(store.deleteRun(deleted)).toBe(true);
    expect(store.getRun(deleted)).toBeNull();
    expect(rowCounts(file)).toEqual(keptRows);
    expect(store.getRun(kept)?.result).toEqual(makeResult());
    expect(store.deleteRun(deleted)).toBe(false);
  });

  it('keeps a document other runs still use', () => {
    const first = store.createRun(input());
    const second = store.createRun(input());
    store.cancelRun(first);
    store.cancelRun(second);
    store.deleteRun(first);
    expect(store.getRun(second)?.document).toEqual(lampDocument());
    store.deleteRun(second);
    expect(rowCounts(file)['documents']).toBe(0);
  });

  it('refuses an active run', () => {
    const id = store.createRun(input());
    expect(() => store.deleteRun(id)).toThrow(`run ${id} is running: cannot delete it (cancel it first)`);
  });
});

describe('run ids', () => {
  it('are positive whole numbers', () => {
    expect(toRunId(3)).toBe(3);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => toRunId(bad)).toThrow(RangeError);
  });
});
