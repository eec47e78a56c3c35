/**
 * Ctrl+C during many runs at once: every worker thread stops, the runs that finished are reported
 * and stored, and the command ends with 130 (128 + SIGINT) — a real `archsim` process, sent a
 * real SIGINT once the first results are in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRunStore, toGroupId } from '@store/index.ts';
import { repositoryRoot } from '../support/spigo.ts';
import { workspace } from './support.ts';

const space = workspace('archsim-interrupt-');
const archsim = path.join(repositoryRoot, 'bin', 'archsim.js');
const netflixoss = path.join(repositoryRoot, 'resources', 'examples', 'netflixoss.json');

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * Starts `archsim ARGS`, sends SIGINT once stderr matches `ready`, and resolves with how it ended
 * and what it wrote.
 */
function interruptWhen(
  args: readonly string[],
  ready: RegExp,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [archsim, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (!sent && ready.test(stderr)) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('Ctrl+C', () => {
  it('stops every worker of run --replications and stores the runs that finished', async () => {
    const database = space.path('interrupted.db');
    // Eight replications of a second each on two threads: stopped after the first is in.
    const { code, stdout, stderr } = await interruptWhen(
      [
        'run',
        netflixoss,
        '--rate',
        '10000',
        '--duration',
        '10s',
        '--replications',
        '8',
        '--jobs',
        '2',
        '--db',
        database,
      ],
      /[1-9] of 8 runs done/,
    );
    expect(stderr).toContain('interrupted: stopping every worker; the runs that finished are kept');
    expect(code).toBe(130);
    const finished = Number(/interrupted: (\d+) of 8 replications finished/.exec(stderr)?.[1]);
    expect(finished).toBeGreaterThanOrEqual(1);
    expect(finished).toBeLessThan(8);
    // The finished runs are reported (mean ± CI over them) and stored as the group's members.
    expect(stdout).toContain(`netflixoss: ${finished} of 8 replications`);
    const store = openRunStore(database, { readonly: true });
    const group = store.getGroup(toGroupId(1));
    store.close();
    expect(group).toMatchObject({ kind: 'replications', runs: finished, done: finished });
    expect((group?.plan as { seeds: number[] }).seeds).toHaveLength(8);
  }, 120_000);

  it('stops a stored run and marks it cancelled, not left running', async () => {
    const database = space.path('single.db');
    const { code, stderr } = await interruptWhen(
      ['run', netflixoss, '--rate', '10000', '--duration', '600s', '--db', database],
      /s simulated/,
    );
    expect(code).toBe(130);
    expect(stderr).toContain(`stopped: the run in progress was cancelled in ${database}`);
    const store = openRunStore(database, { readonly: true });
    const runs = store.listRuns();
    store.close();
    expect(runs.map((run) => run.status)).toEqual(['cancelled']);
  }, 120_000);

  it('stops a sweep and keeps the result files of the points that finished', async () => {
    const results = space.path('points');
    const { code, stderr } = await interruptWhen(
      [
        'sweep',
        netflixoss,
        '--rate',
        '2000:16000:8',
        '--duration',
        '10s',
        '--jobs',
        '2',
        '--results',
        results,
      ],
      /[1-9] of 8 runs done/,
    );
    expect(code).toBe(130);
    const finished = Number(/interrupted: (\d+) of 8 points finished/.exec(stderr)?.[1]);
    expect(finished).toBeGreaterThanOrEqual(1);
    expect(finished).toBeLessThan(8);
    const files = readdirSync(results).filter((name) => name.startsWith('point-'));
    expect(files).toHaveLength(finished);
    expect(readdirSync(results)).toContain('sweep.json');
  }, 120_000);
});
