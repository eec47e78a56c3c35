/**
 * Opening a run database: create its folder, check it is an intact SQLite file (moving a corrupt
 * one aside), check it is archsim's and not from a newer archsim, set the connection up and bring
 * the schema up to date.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { checkMigrations, RUN_DATABASE_APPLICATION_ID, type Migration } from './migrations.ts';
import { RunDatabaseError, type RecoveredDatabase } from './types.ts';

export const MEMORY_PATH = ':memory:';

/** Side files SQLite keeps next to a database; they belong to it and move with it. */
const SIDE_FILE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

export interface OpenDatabaseOptions {
  readonly migrations: readonly Migration[];
  readonly busyTimeoutMs: number;
  readonly now: () => number;
}

export interface OpenedDatabase {
  readonly database: Database.Database;
  readonly schemaVersion: number;
  readonly recovered: RecoveredDatabase | null;
}

/** SQLite's verdict that a file is not an intact database. */
class CorruptDatabaseError extends Error {}

/**
 * Opens (creating if needed) the database at `file` ready for use. A file that SQLite cannot read
 * as a database, or that fails `PRAGMA quick_check`, is moved aside with its side files and a new
 * database is created in its place. Any other problem (permissions, a newer schema, a database of
 * another program) is thrown and the file is left as it was.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions): OpenedDatabase {
  checkMigrations(options.migrations);
  if (file !== MEMORY_PATH) mkdirSync(path.dirname(file), { recursive: true });

  const reason = file === MEMORY_PATH ? null : corruption(file, options.busyTimeoutMs);
  const recovered = reason === null ? null : moveAside(file, reason, options.now());
  const database = new Database(file, { timeout: options.busyTimeoutMs });

  try {
    checkIdentity(database, file, options.migrations.length);
    if (file !== MEMORY_PATH) database.pragma('journal_mode = WAL');
    // NOTE: synchronous stays FULL (SQLite's default): a run is written a handful of times, and a
    // finished run should survive a power cut, not only a crash of archsim.
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    const schemaVersion = migrate(database, options.migrations);
    return { database, schemaVersion, recovered };
  } catch (error) {
    database.close();
    throw error;
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Why the file is not an intact database, or null if it is one (or is missing or empty, which
 * SQLite treats as a new database). Throws for anything else, such as a file that cannot be read.
 *
 * NOTE: SQLite is only let near a file whose header is SQLite's, and then through a read-only
 * connection: closing a read-write connection checkpoints and deletes the -wal file, which would
 * change the very files that are about to be kept aside for inspection.
 */
function corruption(file: string, busyTimeoutMs: number): string | null {
  let handle: number;
  try {
    handle = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let size: number;
  try {
    size = fstatSync(handle).size;
    readSync(handle, header, 0, header.length, 0);
  } finally {
    closeSync(handle);
  }
  if (size === 0) return null;
  if (!header.equals(SQLITE_HEADER)) return 'the file is not a SQLite database (it lacks the SQLite header)';

  const check = new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
  try {
    checkIntegrity(check);
    return null;
  } catch (error) {
    const reason = corruptionReason(error);
    if (reason === null) throw error;
    return reason;
  } finally {
    check.close();
  }
}

/** Throws CorruptDatabaseError, or SQLite's own corruption error, for a damaged file. */
function checkIntegrity(database: Database.Database): void {
  const rows = database.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((row) => row.quick_check).filter((text) => text !== 'ok');
  if (problems.length > 0) {
    throw new CorruptDatabaseError(`quick_check failed: ${problems.slice(0, 5).join('; ')}`);
  }
}

/** Why the error means the file is corrupt, or null if it means something else. */
function corruptionReason(error: unknown): string | null {
  if (error instanceof CorruptDatabaseError) return error.message;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))) {
    return `${(error as Error).message} (${code})`;
  }
  return null;
}

/**
 * Renames the database to `<name>.corrupt-<time>` and its side files to the same name plus their
 * suffix, so that SQLite tools still see them together. Never deletes anything.
 */
function moveAside(file: string, reason: string, now: number): RecoveredDatabase {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let movedTo = `${file}.corrupt-${stamp}`;
  for (let attempt = 1; [movedTo, ...sideFiles(movedTo)].some((name) => existsSync(name)); attempt++) {
    movedTo = `${file}.corrupt-${stamp}-${attempt}`;
  }
  renameSync(file, movedTo);
  const sideFilesMovedTo: string[] = [];
  for (const suffix of SIDE_FILE_SUFFIXES) {
    if (existsSync(file + suffix)) {
      renameSync(file + suffix, movedTo + suffix);
      sideFilesMovedTo.push(movedTo + suffix);
    }
  }
  return { movedTo, sideFilesMovedTo, reason };
}

function sideFiles(file: string): string[] {
  return SIDE_FILE_SUFFIXES.map((suffix) => file + suffix);
}

/** Refuses databases of other programs and of newer archsims, before anything is written. */
function checkIdentity(database: Database.Database, file: string, knownVersion: number): void {
  const version = database.pragma('user_version', { simple: true }) as number;
  const applicationId = database.pragma('application_id', { simple: true }) as number;
  if (applicationId !== RUN_DATABASE_APPLICATION_ID) {
    const tables = database
      .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")
      .pluck()
      .get() as number;
    if (applicationId !== 0 || version !== 0 || tables > 0) {
      throw new RunDatabaseError(
        `${file} is a SQLite database of another program, not an archsim run database; ` +
          'it was left untouched. Choose another database file.',
      );
    }
  }
  if (version > knownVersion) {
    throw new RunDatabaseError(
      `The run database ${file} has schema version ${version}, but this archsim only knows ` +
        `versions up to ${knownVersion}: it was written by a newer archsim. It was left untouched; ` +
        'update archsim, or choose another database file.',
    );
  }
}

/**
 * Applies the migrations the database lacks, each in its own immediate transaction that also
 * records its version, and returns the final version. Another process migrating the same file at
 * the same time is harmless: each step re-reads the version under the write lock.
 */
function migrate(database: Database.Database, migrations: readonly Migration[]): number {
  const readVersion = () => database.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations.slice(readVersion())) {
    const step = database.transaction(() => {
      const current = readVersion();
      if (current >= migration.version) return;
      database.exec(migration.sql);
      database.pragma(`user_version = ${migration.version}`);
    });
    try {
      step.immediate();
    } catch (error) {
      throw new RunDatabaseError(
        `Could not upgrade the run database to version ${migration.version} ` +
          `(${migration.description}): ${(error as Error).message}. It was left at version ${readVersion()}.`,
        { cause: error },
      );
    }
  }
  return readVersion();
}
