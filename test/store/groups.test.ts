/**
 * Groups of runs (replications, sweep points): a group keeps its plan and its runs in position
 * order; deleting it deletes its runs; a database made before groups existed gains them and keeps
 * its runs.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, RunStateError, openRunStore, toGroupId, type RunStore } from '@store/index.ts';
import { lampDocument, makeResult, ENGINE_VERSION } from './fixtures.ts';
import { rowCounts, temporaryFolder } from './support.ts';

const folder = temporaryFolder('archsim-groups-');
let counter = 0;
const freshPath = () => path.join(folder, `groups-${++counter}.db`);

/** A finished run in `group` at `position`, with seed `seed`. */
function addMember(
  store: RunStore,
  group: ReturnType<RunStore['createGroup']>,
  position: number,
  seed: number,
) {
  const id = store.createRun({
    document: lampDocument(),
    seed,
    engineVersion: ENGINE_VERSION,
    group: { id: group, position },
  });
  store.completeRun(id, makeResult({ seed }));
  return id;
}

describe('groups of runs', () => {
  it('keep their plan and their runs in position order, whatever order the runs finished in', () => {
    const store = openRunStore(freshPath());
    const group = store.createGroup({ kind: 'replications', arch: 'lamp', plan: { seeds: [1, 2, 3] } });
    const third = addMember(store, group, 2, 3);
    const first = addMember(store, group, 0, 1);
    const loose = store.createRun({ document: lampDocument(), seed: 9, engineVersion: ENGINE_VERSION });
    store.completeRun(loose, makeResult({ seed: 9 }));

    const stored = store.getGroup(group);
    expect(stored).toMatchObject({
      id: group,
      kind: 'replications',
      arch: 'lamp',
      label: null,
      runs: 2,
      done: 2,
      plan: { seeds: [1, 2, 3] },
    });
    expect(stored?.members).toEqual([
      { runId: first, position: 0, status: 'done' },
      { runId: third, position: 2, status: 'done' },
    ]);
    expect(store.listGroups()).toEqual([expect.objectContaining({ id: group, runs: 2, done: 2 })]);
    expect(store.getGroup(toGroupId(group + 1))).toBeNull();
    store.close();
  });

  it('are deleted with their runs and the documents only they used', () => {
    const file = freshPath();
    const store = openRunStore(file);
    const group = store.createGroup({ kind: 'sweep', arch: 'lamp', plan: { points: [] } });
    addMember(store, group, 0, 1);
    addMember(store, group, 1, 2);
    const kept = store.createRun({
      document: lampDocument({ description: 'another' }),
      seed: 5,
      engineVersion: ENGINE_VERSION,
    });
    store.completeRun(kept, makeResult({ seed: 5 }));

    expect(store.deleteGroup(group)).toBe(true);
    expect(store.getGroup(group)).toBeNull();
    expect(store.listRuns().map((run) => run.id)).toEqual([kept]);
    expect(store.deleteGroup(group)).toBe(false);
    store.close();
    expect(rowCounts(file)).toMatchObject({ runs: 1, documents: 1, run_groups: 0 });
  });

  it('are not deleted while one of their runs is still running', () => {
    const store = openRunStore(freshPath());
    const group = store.createGroup({ kind: 'replications', arch: 'lamp', plan: null });
    store.createRun({
      document: lampDocument(),
      seed: 1,
      engineVersion: ENGINE_VERSION,
      group: { id: group, position: 0 },
    });
    expect(() => store.deleteGroup(group)).toThrow(RunStateError);
    expect(store.getGroup(group)?.runs).toBe(1);
    store.close();
  });

  it('come to a database made before them, whose runs stay (in no group)', () => {
    const file = freshPath();
    const old = openRunStore(file, { migrations: MIGRATIONS.slice(0, 1) });
    expect(() => old.createGroup({ kind: 'sweep', arch: 'lamp', plan: null })).toThrow(/no groups/);
    const id = old.createRun({ document: lampDocument(), seed: 7, engineVersion: ENGINE_VERSION });
    old.completeRun(id, makeResult());
    old.close();

    const store = openRunStore(file);
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    expect(store.listGroups()).toEqual([]);
    expect(store.getRun(id)?.result).toEqual(makeResult());
    const group = store.createGroup({ kind: 'replications', arch: 'lamp', plan: { seeds: [7] } });
    addMember(store, group, 0, 7);
    expect(store.getGroup(group)?.members.map((member) => member.position)).toEqual([0]);
    store.close();
  });
});
