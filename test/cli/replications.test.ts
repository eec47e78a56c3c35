/**
 * `archsim run FILE --replications N`: N runs with seeds seed…seed+N−1 on worker threads, each
 * exactly the run `archsim run FILE --seed S` makes; stored as one group; and `compare gA gB`
 * telling which differences between two groups are significant — a pair known to differ (the
 * retry storm and the retry budget under the same slowdown) and a pair known not to (the same
 * document with other seeds).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRunStore, toGroupId } from '@store/index.ts';
import type { MeasureComparison } from '@shared/replications.ts';
import type { RunResult } from '@shared/results.ts';
import { repositoryRoot } from '../support/spigo.ts';
import { cli, smallDocument, workspace } from './support.ts';

const space = workspace('archsim-replications-');
const example = (name: string) => path.join(repositoryRoot, 'resources', 'examples', `${name}.json`);
const small = space.file('small.json', smallDocument({ load: { rate: 200, durationS: 2 } }));

/** The finished results of a stored group, in position order. */
function groupResults(database: string, group: number): { position: number; result: RunResult }[] {
  const store = openRunStore(database, { readonly: true });
  try {
    const stored = store.getGroup(toGroupId(group));
    if (stored === null) throw new Error(`no group g${group}`);
    return stored.members.map((member) => ({
      position: member.position,
      result: store.getRun(member.runId)?.result as RunResult,
    }));
  } finally {
    store.close();
  }
}

describe('run --replications', () => {
  it('runs seeds seed…seed+N−1, each the same as a single run with that seed, stored as one group', async () => {
    const database = space.path('replications.db');
    const replicated = await cli(
      'run',
      small,
      '--replications',
      '3',
      '--seed',
      '5',
      '--jobs',
      '2',
      '--db',
      database,
    );
    expect(replicated.stderr).toMatch(/3 of 3 runs in [\d.]+ s wall time on 2 worker threads/);
    expect(replicated.code).toBe(0);
    expect(replicated.stdout).toContain('3 replications (seeds 5–7)');
    expect(replicated.stdout).toMatch(/www\s+requests\s+[\d,]+\s+± /);
    expect(replicated.stderr).toContain('stored as group g1');

    const members = groupResults(database, 1);
    expect(members.map((member) => member.position)).toEqual([0, 1, 2]);
    expect(members.map((member) => member.result.options.seed)).toEqual([5, 6, 7]);
    const single = space.path('seed-6.json');
    expect((await cli('run', small, '--seed', '6', '--out', single, '--quiet')).code).toBe(0);
    const expected = JSON.parse(readFileSync(single, 'utf8')) as RunResult;
    expect(members[1]?.result).toEqual(expected);
  });

  it('writes the summary with --out: means and 95 % intervals per entry and measure', async () => {
    const out = space.path('summary.json');
    const result = await cli('run', small, '--replications', '2', '--jobs', '1', '--out', out, '--quiet');
    expect(result.code).toBe(0);
    const summary = JSON.parse(readFileSync(out, 'utf8')) as {
      format: string;
      seeds: number[];
      entries: { name: string; measures: Record<string, { count: number; mean: number; low: number }> }[];
    };
    expect(summary.format).toBe('archsim-replications-1');
    expect(summary.seeds).toEqual([1, 2]);
    expect(summary.entries.map((entry) => entry.name)).toEqual(['www']);
    const p99 = summary.entries[0]?.measures['p99'];
    expect(p99?.count).toBe(2);
    expect(p99?.low).toBeLessThanOrEqual(p99?.mean as number);
  });

  it.each([
    [['--replications', '0'], /--replications must be a whole number from 1/],
    [['--replications', 'many'], /--replications must be a whole number/],
    [['--jobs', '2'], /--jobs goes with --replications/],
    [['--replications', '2', '--jobs', '0'], /--jobs must be a whole number from 1/],
    [['--replications', '2', '--scenario', 'all'], /--replications takes one scenario/],
    [['--replications', '2', '--traces', 'traces.json'], /--traces takes one run/],
  ])('refuses %j before any work, in one line and the usage (exit 2)', async (flags, message) => {
    const database = space.path('never-made.db');
    const result = await cli('run', small, ...flags, '--db', database);
    expect(result.code).toBe(2);
    // One line saying what is wrong, then the command's usage.
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stderr).toContain('usage: archsim run FILE');
    expect(existsSync(database)).toBe(false);
  });
});

describe('compare of two groups of replications', () => {
  const database = space.path('compare.db');
  /** Four replications of an example under its slowdown, 20 simulated seconds each; the group id. */
  async function replicate(name: string, seed: number): Promise<string> {
    const result = await cli(
      'run',
      example(name),
      '--scenario',
      'backend-slowdown',
      '--duration',
      '20s',
      '--replications',
      '4',
      '--seed',
      String(seed),
      '--jobs',
      '2',
      '--db',
      database,
      '--quiet',
    );
    expect(result.code).toBe(0);
    return /stored as group (g\d+)/.exec(result.stderr)?.[1] as string;
  }
  async function compare(first: string, second: string): Promise<MeasureComparison[]> {
    const result = await cli('compare', first, second, '--db', database, '--json');
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as { measures: MeasureComparison[] }).measures;
  }
  const significant = (measures: readonly MeasureComparison[]) =>
    measures.filter((row) => row.significant).map((row) => row.measure);

  it('calls the retry storm and the retry budget different where they differ (the tail), not where they do not', async () => {
    const storm = await replicate('retry-storm', 1);
    const budget = await replicate('retry-budget', 1);
    const measures = await compare(storm, budget);
    expect(significant(measures)).toEqual(expect.arrayContaining(['errors', 'mean', 'p99', 'p999', 'max']));
    // The same seeds give both the same arrivals: the requests are equal, not significantly different.
    expect(measures.find((row) => row.measure === 'requests')).toMatchObject({
      difference: 0,
      significant: false,
    });
    const table = await cli('compare', storm, budget, '--db', database);
    expect(table.stdout).toMatch(/p99 ms\s+6000 ± 0\.00\s+\S+ ± \S+\s+-\S+ \(-9\d\.\d%\)\s+<0\.001\s+yes/);
    expect(table.stdout).toMatch(/\d of 9 differences significant \(Welch's t-test/);
  });

  it('finds no significant difference between the same document run with other seeds', async () => {
    const first = await replicate('retry-storm', 11);
    const second = await replicate('retry-storm', 101);
    const measures = await compare(first, second);
    expect(measures).toHaveLength(9);
    expect(significant(measures)).toEqual([]);
    expect(measures.some((row) => row.difference !== 0)).toBe(true);
  });

  it('refuses a group and a run id mixed, and a group with fewer than two runs', async () => {
    const mixed = await cli('compare', 'g1', '3', '--db', database);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/two groups \(gA gB\), or two or more run IDs, not a mix/);
    const one = await cli('run', small, '--replications', '1', '--db', database, '--quiet');
    // One run has a mean but no interval.
    expect(one.stdout).toMatch(/: 1 replication \(seed/);
    expect(one.stdout).not.toContain('∞');
    const group = /stored as group (g\d+)/.exec(one.stderr)?.[1] as string;
    const result = await cli('compare', 'g1', group, '--db', database);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/has 1 finished run: a comparison needs at least two replications/);
  });
});
