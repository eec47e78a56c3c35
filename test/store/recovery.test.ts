/**
 * What survives a crash: runs a dead process left active are marked failed on the next open, a
 * half-written result leaves no trace, and a corrupt file is moved aside (never deleted) for a
 * fresh database.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  openSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INTERRUPTED_REASON, RunDatabaseError, openRunStore } from '@store/index.ts';
import { ENGINE_VERSION, lampDocument, makeResult } from './fixtures.ts';
import { inspect, rowCounts, temporaryFolder } from './support.ts';

const folder = temporaryFolder();
let counter = 0;
const freshPath = () => path.join(folder, `runs-${++counter}.db`);
const repository = fileURLToPath(new URL('../..', import.meta.url));
const input = { document: lampDocument(), seed: 7, engineVersion: ENGINE_VERSION };

describe('runs left active', () => {
  it('are marked failed as interrupted when the store that ran them is gone', () => {
    const file = freshPath();
    const first = openRunStore(file);
    const done = first.createRun(input);
    first.completeRun(done, makeResult());
    const running = first.createRun(input);
    const queued = first.createRun({ ...input, status: 'queued' });
    first.close(); // without completing: as if archsim had stopped

    const second = openRunStore(file);
    expect(second.interrupted).toEqual([running, queued]);
    for (const id of [running, queued]) {
      expect(second.getRun(id)).toMatchObject({
        status: 'failed',
        failureReason: INTERRUPTED_REASON,
        result: null,
      });
      expect(second.getRun(id)?.finishedAt).not.toBeNull();
    }
    expect(second.getRun(done)?.result).toEqual(makeResult());
    second.close();

    // Once is enough: the next open finds nothing to recover.
    const third = openRunStore(file);
    expect(third.interrupted).toEqual([]);
    third.close();
  });

  it('are left alone while the store running them is still open (the studio and the CLI together)', () => {
    const file = freshPath();
    const studio = openRunStore(file);
    const running = studio.createRun(input);
    const cli = openRunStore(file);
    expect(cli.interrupted).toEqual([]);
    expect(cli.getRun(running)?.status).toBe('running');
    cli.close();
    studio.completeRun(running, makeResult());
    expect(studio.getRun(running)?.status).toBe('done');
    studio.close();
  });

  it('survive a process killed in the middle of writing: history intact, the half-written run failed', () => {
    const file = freshPath();
    const child = spawnSync(process.execPath, ['bin/run-ts.js', 'test/store/crash-child.ts', file], {
      cwd: repository,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    // The killed process left its write-ahead log behind, with uncommitted pages in it.
    expect(existsSync(`${file}-wal`)).toBe(true);

    const store = openRunStore(file);
    expect(store.recovered).toBeNull();
    const runs = store.listRuns();
    expect(runs.map((run) => [run.label, run.status, run.failureReason])).toEqual([
      ['running at the crash', 'failed', INTERRUPTED_REASON],
      ['finished before the crash', 'done', null],
    ]);
    expect(store.interrupted).toEqual([runs[0]?.id]);
    expect(store.getRun(runs[1]!.id)?.result).toEqual(makeResult({ seed: 1 }));
    store.close();
    // Nothing of the uncommitted write is there; the file is intact.
    expect(rowCounts(file)['run_histograms']).toBe(
      Object.keys(makeResult().histograms.entries).length +
        Object.keys(makeResult().histograms.services).length +
        3 * Object.keys(makeResult().histograms.edges).length,
    );
    expect(inspect(file, (database) => database.pragma('integrity_check', { simple: true }))).toBe('ok');
  });
});

describe('a corrupt database file', () => {
  it('that is not SQLite at all is refused and left untouched, unless the folder is archsim’s own', () => {
    const file = freshPath();
    writeFileSync(file, '{"services": []}');
    expect(() => openRunStore(file)).toThrow(RunDatabaseError);
    expect(() => openRunStore(file)).toThrow(
      /not a run database \(not an SQLite file\); nothing was changed/,
    );
    expect(readFileSync(file, 'utf8')).toBe('{"services": []}');
    expect(readdirSync(folder).filter((name) => name.startsWith(path.basename(file)))).toEqual([
      path.basename(file),
    ]);
  });

  it('that is not SQLite at all is moved aside byte for byte in archsim’s own folder, and a new database takes its place', () => {
    const file = freshPath();
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, index) => (index * 7919 + 13) % 256));
    writeFileSync(file, garbage);

    const now = Date.UTC(2025, 5, 1, 12, 30, 15, 250);
    const store = openRunStore(file, { now: () => now, recover: 'any' });
    const movedTo = `${path.resolve(file)}.corrupt-2025-06-01T12-30-15-250Z`;
    expect(store.recovered).toEqual({
      movedTo,
      sideFilesMovedTo: [],
      reason: expect.stringMatching(/not a SQLite database/),
    });
    expect(readFileSync(movedTo).equals(garbage)).toBe(true);

    const id = store.createRun(input);
    store.completeRun(id, makeResult());
    expect(store.getRun(id)?.result).toEqual(makeResult());
    store.close();

    // The new database is healthy: opening it again recovers nothing.
    const again = openRunStore(file);
    expect(again.recovered).toBeNull();
    expect(again.countRuns()).toBe(1);
    again.close();
  });

  it('takes its -wal and -shm files along, and never overwrites an earlier corrupt copy', () => {
    const file = freshPath();
    const now = Date.UTC(2025, 5, 1);
    const write = () => {
      writeFileSync(file, 'this is not a database, it is a shopping list');
      writeFileSync(`${file}-wal`, 'wal bytes');
      writeFileSync(`${file}-shm`, 'shm bytes');
    };
    write();
    const first = openRunStore(file, { now: () => now, recover: 'any' });
    first.close();
    const firstCopy = first.recovered?.movedTo as string;
    expect(first.recovered?.sideFilesMovedTo).toEqual([`${firstCopy}-wal`, `${firstCopy}-shm`]);
    expect(readFileSync(`${firstCopy}-wal`, 'utf8')).toBe('wal bytes');
    expect(readFileSync(`${firstCopy}-shm`, 'utf8')).toBe('shm bytes');

    write();
    const second = openRunStore(file, { now: () => now, recover: 'any' });
    second.close();
    expect(second.recovered?.movedTo).toBe(`${firstCopy}-1`);
    expect(readFileSync(firstCopy, 'utf8')).toBe('this is not a database, it is a shopping list');
    expect(readFileSync(`${firstCopy}-1`, 'utf8')).toBe('this is not a database, it is a shopping list');
    const names = readdirSync(folder).filter((name) => name.startsWith(path.basename(file)));
    expect(names.filter((name) => name.includes('.corrupt-')).length).toBe(6);
  });

  it('that is damaged inside (fails quick_check) is moved aside too', () => {
    const file = freshPath();
    const store = openRunStore(file);
    for (let seed = 0; seed < 20; seed++) {
      const id = store.createRun({ ...input, seed });
      store.completeRun(id, makeResult({ seed }));
    }
    store.close();
    const pageSize = inspect(file, (database) => database.pragma('page_size', { simple: true }) as number);
    const pages = readFileSync(file).length / pageSize;
    expect(pages).toBeGreaterThan(8);
    // Scribble over a few pages in the middle of the file.
    const handle = openSync(file, 'r+');
    const noise = Buffer.alloc(pageSize * 3, 0xa5);
    writeSync(handle, noise, 0, noise.length, pageSize * Math.floor(pages / 2));
    closeSync(handle);
    const damaged = readFileSync(file);

    const reopened = openRunStore(file);
    expect(reopened.recovered?.reason).toMatch(/quick_check failed|malformed|SQLITE_CORRUPT/);
    // Short enough for a one-line notice, however many pages SQLite's check complains of.
    expect(reopened.recovered?.reason.length).toBeLessThan(200);
    expect(readFileSync(reopened.recovered?.movedTo as string).equals(damaged)).toBe(true);
    expect(reopened.countRuns()).toBe(0);
    reopened.close();
  });
});
