/**
 * A history of 10,000 runs, as the studio's History reads it: a page at a time, newest first,
 * filtered by document and scenario, with renames and deletes in between. Every page follows the
 * previous one without a gap or a repeat, counts agree with the pages, and the list and its
 * document filter read an index in order rather than sorting the whole table. (How fast is the
 * bench's business: `npm run bench`, "Run store".)
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchDocument } from '@shared/document/schema.ts';
import type { RunResult } from '@shared/results.ts';
import { openRunStore, type RunId, type RunStore, type RunSummary } from '@store/index.ts';
import { ENGINE_VERSION, lampDocument, makeResult } from './fixtures.ts';
import { inspect, temporaryFolder } from './support.ts';

const RUNS = 10_000;
const PAGE = 100;
const ARCHS = ['lamp', 'netflixoss', 'riak', 'cassandra'] as const;
const SCENARIOS = [null, 'zone-outage', 'chaos-monkey'] as const;

let file: string;
let store: RunStore;
const ids: RunId[] = [];

/** The run made at `index` (0 = oldest): arch and scenario cycle so every filter has thousands. */
const archAt = (index: number) => ARCHS[index % ARCHS.length] as string;
const scenarioAt = (index: number) => SCENARIOS[index % SCENARIOS.length] ?? null;

beforeAll(() => {
  file = path.join(temporaryFolder('archsim-history-', { inMemory: true }), 'history.db');
  let clock = Date.UTC(2026, 0, 1);
  store = openRunStore(file, { now: () => (clock += 1000) });
  // One document per arch (runs of a document share its stored copy), one small result each.
  const documents = new Map(ARCHS.map((arch) => [arch, lampDocument({ arch })]));
  for (let index = 0; index < RUNS; index++) {
    const arch = archAt(index);
    const document = documents.get(arch as (typeof ARCHS)[number]);
    if (document === undefined) throw new Error(arch);
    const id = store.createRun({
      document,
      seed: index,
      scenario: scenarioAt(index),
      engineVersion: ENGINE_VERSION,
    });
    // Every 50th run failed; the rest finished with a result.
    if (index % 50 === 49) store.failRun(id, 'the engine process exited');
    else store.completeRun(id, resultOf(arch, document, scenarioAt(index), index));
    ids.push(id);
  }
}, 120_000);
afterAll(() => store.close());

/** A small result per arch and scenario, made once (encoding histograms is the slow part). */
const results = new Map<string, RunResult>();
function resultOf(arch: string, document: ArchDocument, scenario: string | null, seed: number): RunResult {
  const key = `${arch}/${scenario ?? ''}`;
  let result = results.get(key);
  if (result === undefined) {
    result = makeResult({ arch, document, scenario });
    results.set(key, result);
  }
  return { ...result, options: { ...result.options, seed } };
}

/** Every page of a listing, read as the History reads them. */
function allPages(filter: { arch?: string; scenario?: string | null } = {}): RunSummary[][] {
  const pages: RunSummary[][] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = store.listRuns({ ...filter, limit: PAGE, offset });
    if (page.length === 0) return pages;
    pages.push(page);
  }
}

describe('a history of 10,000 runs', () => {
  it('pages newest first through every run, without gaps or repeats', () => {
    expect(store.countRuns()).toBe(RUNS);
    const pages = allPages();
    expect(pages).toHaveLength(RUNS / PAGE);
    expect(pages.every((page) => page.length === PAGE)).toBe(true);
    const listed = pages.flat().map((run) => run.id);
    expect(listed).toEqual([...ids].reverse());
  });

  it('shows each run as the History row needs it: status, summary and p99', () => {
    const [newest] = store.listRuns({ limit: 1 });
    expect(newest?.id).toBe(ids[RUNS - 1]);
    expect(newest?.status).toBe('failed');
    const [done] = store.listRuns({ limit: 1, offset: 1 });
    expect(done?.status).toBe('done');
    expect(done?.seed).toBe(RUNS - 2);
    expect(done?.arch).toBe(archAt(RUNS - 2));
    expect(done?.scenario).toBe(scenarioAt(RUNS - 2));
    expect(done?.summary?.requests).toBeGreaterThan(0);
    expect(done?.p99Ms).toBeGreaterThan(0);
    // The last page holds the oldest runs.
    const last = store.listRuns({ limit: PAGE, offset: RUNS - PAGE });
    expect(last.map((run) => run.seed)).toEqual(Array.from({ length: PAGE }, (_, i) => PAGE - 1 - i));
  });

  it('filters by document and by scenario, and the counts agree with the pages', () => {
    for (const arch of ARCHS) {
      const expected = ids.filter((_, index) => archAt(index) === arch).reverse();
      expect(store.countRuns({ arch })).toBe(expected.length);
      expect(
        allPages({ arch })
          .flat()
          .map((run) => run.id),
      ).toEqual(expected);
    }
    const outage = allPages({ scenario: 'zone-outage' }).flat();
    expect(outage).toHaveLength(ids.filter((_, index) => scenarioAt(index) === 'zone-outage').length);
    expect(outage.every((run) => run.scenario === 'zone-outage')).toBe(true);
    const none = store.countRuns({ scenario: null });
    expect(none).toBe(ids.filter((_, index) => scenarioAt(index) === null).length);
    const both = allPages({ arch: 'riak', scenario: 'chaos-monkey' }).flat();
    expect(both.length).toBe(
      ids.filter((_, index) => archAt(index) === 'riak' && scenarioAt(index) === 'chaos-monkey').length,
    );
    expect(both.every((run) => run.arch === 'riak' && run.scenario === 'chaos-monkey')).toBe(true);
    expect(store.runFacets()).toEqual({
      archs: [...ARCHS].sort(),
      scenarios: ['chaos-monkey', 'zone-outage'],
    });
  });

  it('reads the list and the document filter from an index, in order (no sort of 10,000 rows)', () => {
    const plan = (sql: string, ...parameters: unknown[]) =>
      inspect(file, (database) =>
        (database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[])
          .map((row) => row.detail)
          .join('\n'),
      );
    const newest = plan('SELECT id FROM runs ORDER BY created_at DESC, id DESC LIMIT 100 OFFSET 9900');
    expect(newest).toMatch(/USING (COVERING )?INDEX runs_by_created/);
    expect(newest).not.toMatch(/TEMP B-TREE/);
    const byArch = plan(
      'SELECT id FROM runs WHERE arch = ? ORDER BY created_at DESC, id DESC LIMIT 100',
      'riak',
    );
    expect(byArch).toMatch(/USING (COVERING )?INDEX runs_by_arch/);
    expect(byArch).not.toMatch(/TEMP B-TREE/);
  });

  it('keeps paging right across a rename and a delete in the middle of the history', () => {
    const middle = ids[RUNS / 2] as RunId;
    expect(store.renameRun(middle, '  the one with the outage ')).toBe(true);
    const page = store.listRuns({ limit: PAGE, offset: RUNS / 2 - PAGE + 1 });
    expect(page.find((run) => run.id === middle)?.label).toBe('the one with the outage');

    expect(store.deleteRun(middle)).toBe(true);
    expect(store.countRuns()).toBe(RUNS - 1);
    const listed = allPages()
      .flat()
      .map((run) => run.id);
    expect(listed).toHaveLength(RUNS - 1);
    expect(listed).not.toContain(middle);
    expect(new Set(listed).size).toBe(RUNS - 1);
    expect(store.getRun(middle)).toBeNull();
  });
});
