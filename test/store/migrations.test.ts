/**
 * Opening a run database: an empty file gets the whole schema; an older database is brought
 * forward keeping its runs; a newer one, or another program's, is refused and left untouched.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  RUN_DATABASE_APPLICATION_ID,
  RunDatabaseError,
  openRunStore,
  type Migration,
} from '@store/index.ts';
import { lampDocument, makeResult, ENGINE_VERSION } from './fixtures.ts';
import { inspect, temporaryFolder } from './support.ts';

const folder = temporaryFolder();
let counter = 0;
const freshPath = () => path.join(folder, `runs-${++counter}.db`);

/** A test-only step after the real ones: it adds a column with a default and a table. */
const laterStep: Migration = {
  version: MIGRATIONS.length + 1,
  description: 'test: run notes',
  sql: `ALTER TABLE runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
        CREATE TABLE run_tags (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE, tag TEXT NOT NULL) STRICT;`,
};

describe('a new database', () => {
  it('is created with every migration, in WAL mode, with foreign keys on', () => {
    const file = freshPath();
    const store = openRunStore(file);
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    expect(store.recovered).toBeNull();
    expect(store.interrupted).toEqual([]);
    expect(store.path).toBe(path.resolve(file));
    store.close();
    inspect(file, (database) => {
      expect(database.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(database.pragma('application_id', { simple: true })).toBe(RUN_DATABASE_APPLICATION_ID);
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = database
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual([
        'documents',
        'run_edges',
        'run_entries',
        'run_events',
        'run_groups',
        'run_histograms',
        'run_results',
        'run_services',
        'run_timeline',
        'run_traces',
        'runs',
      ]);
    });
  });

  it('is created from an existing empty file', () => {
    const file = freshPath();
    writeFileSync(file, '');
    const store = openRunStore(file);
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    expect(store.recovered).toBeNull();
    store.close();
  });

  it('is created in a folder that does not exist yet', () => {
    const file = path.join(folder, 'not', 'yet', 'there', 'runs.db');
    const store = openRunStore(file);
    expect(store.listRuns()).toEqual([]);
    store.close();
    expect(statSync(file).isFile()).toBe(true);
  });

  it('can live in memory, for tools and tests that keep nothing', () => {
    const store = openRunStore(':memory:');
    expect(store.path).toBe(':memory:');
    const id = store.createRun({ document: lampDocument(), seed: 1, engineVersion: ENGINE_VERSION });
    store.completeRun(id, makeResult({ seed: 1 }));
    expect(store.getRun(id)?.result).toEqual(makeResult({ seed: 1 }));
    store.close();
  });

  it('applies migrations only once: reopening changes nothing', () => {
    const file = freshPath();
    openRunStore(file).close();
    const before = inspect(file, (database) => database.prepare('SELECT sql FROM sqlite_schema').all());
    const store = openRunStore(file);
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    store.close();
    expect(inspect(file, (database) => database.prepare('SELECT sql FROM sqlite_schema').all())).toEqual(
      before,
    );
  });
});

describe('an older database', () => {
  it('is brought forward step by step, keeping its runs', () => {
    const file = freshPath();
    // A database as the first release left it: only migration 1 applied, with a finished run.
    const old = openRunStore(file, { migrations: MIGRATIONS.slice(0, 1) });
    expect(old.schemaVersion).toBe(1);
    const id = old.createRun({
      label: 'before the upgrade',
      document: lampDocument(),
      seed: 7,
      engineVersion: ENGINE_VERSION,
    });
    old.completeRun(id, makeResult());
    const stored = old.getRun(id);
    old.close();

    // This build's migrations plus one more: the database gets every later step.
    const migrations = [...MIGRATIONS, laterStep];
    const upgraded = openRunStore(file, { migrations });
    expect(upgraded.schemaVersion).toBe(migrations.length);
    expect(upgraded.getRun(id)).toEqual(stored);
    expect(upgraded.listRuns().map((run) => run.label)).toEqual(['before the upgrade']);
    // New runs work on the upgraded schema.
    const next = upgraded.createRun({ document: lampDocument(), seed: 8, engineVersion: ENGINE_VERSION });
    upgraded.completeRun(next, makeResult({ seed: 8 }));
    upgraded.close();

    inspect(file, (database) => {
      expect(database.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(database.prepare('SELECT id, notes FROM runs ORDER BY id').all()).toEqual([
        { id, notes: '' },
        { id: next, notes: '' },
      ]);
    });
  });

  it('is left at its version when a step fails, with nothing of that step applied', () => {
    const file = freshPath();
    const old = openRunStore(file);
    old.createRun({ document: lampDocument(), seed: 1, engineVersion: ENGINE_VERSION, status: 'queued' });
    old.close();
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      description: 'test: fails halfway',
      sql: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);',
    };
    expect(() => openRunStore(file, { migrations: [...MIGRATIONS, broken] })).toThrow(
      /Could not upgrade the run database to version \d+ \(test: fails halfway\).*no such table.*left at version/,
    );
    inspect(file, (database) => {
      expect(database.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(
        database.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").pluck().get(),
      ).toBe(0);
    });
    // The current build still opens it.
    const store = openRunStore(file);
    expect(store.countRuns()).toBe(1);
    store.close();
  });

  it('rejects a migration list that is not numbered 1, 2, 3…', () => {
    const misnumbered = [...MIGRATIONS, { ...laterStep, version: MIGRATIONS.length + 2 }];
    expect(() => openRunStore(':memory:', { migrations: misnumbered })).toThrow(/is numbered/);
  });
});

describe('a database this build cannot use', () => {
  it('is refused when a newer archsim wrote it, and left untouched', () => {
    const file = freshPath();
    openRunStore(file, { migrations: [...MIGRATIONS, laterStep] }).close();
    const bytes = readFileSync(file);

    let error: unknown;
    try {
      openRunStore(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RunDatabaseError);
    expect((error as Error).message).toBe(
      `The run database ${path.resolve(file)} has schema version ${MIGRATIONS.length + 1}, but this archsim ` +
        `only knows versions up to ${MIGRATIONS.length}: it was written by a newer archsim. It was left ` +
        'untouched; update archsim, or choose another database file.',
    );
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}.corrupt`)).toBe(false);
  });

  it('is refused when it is another program’s SQLite database', () => {
    const file = freshPath();
    const other = new Database(file);
    other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada');");
    other.close();
    const bytes = readFileSync(file);
    expect(() => openRunStore(file)).toThrow(RunDatabaseError);
    expect(() => openRunStore(file)).toThrow(/another program, not an archsim run database/);
    expect(readFileSync(file).equals(bytes)).toBe(true);

    const tagged = freshPath();
    const foreign = new Database(tagged);
    foreign.pragma('application_id = 42');
    foreign.close();
    expect(() => openRunStore(tagged)).toThrow(/another program/);
  });
});
