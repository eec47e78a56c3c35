/** Temporary folders and raw database access for the store tests. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';

/**
 * A fresh temporary folder, removed after the test file. `inMemory` puts it on a RAM file system
 * where there is one (/dev/shm), so that a test writing thousands of runs does not wait for
 * thousands of fsyncs; SQLite behaves the same there.
 */
export function temporaryFolder(prefix = 'archsim-store-', options: { inMemory?: boolean } = {}): string {
  const base = options.inMemory === true && existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const folder = mkdtempSync(path.join(base, prefix));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** Runs `read` on a separate connection to the file, as another program would see it. */
export function inspect<T>(file: string, read: (database: Database.Database) => T): T {
  const database = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(database);
  } finally {
    database.close();
  }
}

/** Rows per table of a run database. */
export function rowCounts(file: string): Record<string, number> {
  return inspect(file, (database) => {
    const tables = database
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((table) => [
        table,
        database.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number,
      ]),
    );
  });
}
