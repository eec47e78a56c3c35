/**
 * Opening a run database for reading (the CLI's runs list, show, compare, export) changes
 * nothing: no file, folder, -wal or -shm is created, nothing is migrated, moved or marked; and
 * which damaged files may be moved aside for a new database depends on whose file it is.
 */
import { readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunDatabaseError, openRunStore } from '@store/index.ts';
import { ENGINE_VERSION, lampDocument, makeResult } from './fixtures.ts';
import { temporaryFolder } from './support.ts';

const folder = temporaryFolder('archsim-store-read-');
let counter = 0;
const freshPath = () => path.join(folder, `runs-${++counter}.sqlite`);
const input = { document: lampDocument(), seed: 7, engineVersion: ENGINE_VERSION };
const filesOf = (file: string) =>
  readdirSync(folder)
    .filter((name) => name.startsWith(path.basename(file)))
    .sort();

/** A database with `runs` done runs and one still running (left by a process that is gone). */
function history(runs: number): string {
  const file = freshPath();
  const store = openRunStore(file);
  for (let seed = 0; seed < runs; seed++) {
    const id = store.createRun({ ...input, seed });
    store.completeRun(id, makeResult({ seed }));
  }
  store.close();
  return file;
}

describe('a read-only store', () => {
  it('reads runs and creates nothing beside the file, not even -wal or -shm', () => {
    const file = history(3);
    const before = readFileSync(file);
    const store = openRunStore(file, { readonly: true });
    expect(store.listRuns().map((run) => run.seed)).toEqual([2, 1, 0]);
    expect(store.getRun(store.listRuns()[0]!.id)?.result).toEqual(makeResult({ seed: 2 }));
    expect(filesOf(file)).toEqual([path.basename(file)]);
    store.close();
    expect(filesOf(file)).toEqual([path.basename(file)]);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses writes, and leaves another process’s active runs alone', () => {
    const file = history(1);
    const writer = openRunStore(file);
    const running = writer.createRun(input);
    const reader = openRunStore(file, { readonly: true });
    expect(reader.interrupted).toEqual([]);
    expect(reader.getRun(running)?.status).toBe('running');
    expect(() => reader.createRun(input)).toThrow(/readonly/i);
    reader.close();
    writer.close();
  });

  it('creates no database where there is none, nor a folder', () => {
    const file = path.join(folder, 'missing', 'runs.sqlite');
    expect(() => openRunStore(file, { readonly: true })).toThrow(`${file}: no run database there`);
    expect(readdirSync(folder)).not.toContain('missing');
  });

  it('reports a damaged database and moves nothing', () => {
    const file = history(30);
    truncateSync(file, 4096 * 2);
    expect(() => openRunStore(file, { readonly: true })).toThrow(RunDatabaseError);
    expect(() => openRunStore(file, { readonly: true })).toThrow(/is damaged \(.*\); nothing was changed/);
    expect(filesOf(file)).toEqual([path.basename(file)]);
  });

  it('refuses a file that is not SQLite, or empty', () => {
    const text = freshPath();
    writeFileSync(text, 'services: []');
    expect(() => openRunStore(text, { readonly: true })).toThrow(
      `${text}: not a run database (not an SQLite file); nothing was changed`,
    );
    const empty = freshPath();
    writeFileSync(empty, '');
    expect(() => openRunStore(empty, { readonly: true })).toThrow(/the file is empty/);
  });
});

describe('moving a damaged file aside', () => {
  it('is done for a corrupt archsim database; any other file is refused untouched', () => {
    const ours = history(30);
    const bytes = readFileSync(ours);
    bytes.fill(0xa5, 4096 * 3, 4096 * 5);
    writeFileSync(ours, bytes);
    const store = openRunStore(ours);
    expect(store.recovered?.movedTo).toMatch(/\.corrupt-/);
    store.close();

    const theirs = freshPath();
    const foreign = Buffer.from('SQLite format 3\0'.padEnd(4096, '\0'), 'latin1');
    writeFileSync(theirs, foreign);
    expect(() => openRunStore(theirs)).toThrow(RunDatabaseError);
    expect(readFileSync(theirs).equals(foreign)).toBe(true);
  });

  it('is never done with recover: never, and always in archsim’s own folder (recover: any)', () => {
    const ours = history(30);
    truncateSync(ours, 4096 * 2);
    expect(() => openRunStore(ours, { recover: 'never' })).toThrow(/is damaged .*left untouched/);
    const notOurs = freshPath();
    writeFileSync(notOurs, 'a shopping list');
    const store = openRunStore(notOurs, { recover: 'any' });
    expect(store.recovered?.reason).toMatch(/not a SQLite database/);
    store.close();
  });

  it('a database that must exist is not created', () => {
    const file = freshPath();
    expect(() => openRunStore(file, { mustExist: true })).toThrow(`${file}: no run database there`);
    expect(filesOf(file)).toEqual([]);
  });
});
