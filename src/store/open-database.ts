/**
 * Opening a run database: create its folder, check it is an intact SQLite file (moving a corrupt
 * one of ours aside), check it is archsim's and not from a newer archsim, set the connection up
 * and bring the schema up to date — or, read-only, open it without changing anything at all.
 */
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { checkMigrations, RUN_DATABASE_APPLICATION_ID, type Migration } from './migrations.ts';
import { RunDatabaseError, type RecoveredDatabase } from './types.ts';

export const MEMORY_PATH = ':memory:';

/** Side files SQLite keeps next to a database; they belong to it and move with it. */
const SIDE_FILE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/**
 * Which damaged files are moved aside (never deleted) to make room for a new database:
 * - `archsim`: only an archsim run database (its SQLite application id says so) that is corrupt.
 *   Any other file is refused and left untouched: a path a user typed may name any of their files.
 * - `any`: whatever is there, for a file in archsim's own data folder (the studio's history).
 * - `never`: nothing; a damaged file is refused.
 */
export type RecoverPolicy = 'archsim' | 'any' | 'never';

export interface OpenDatabaseOptions {
  readonly migrations: readonly Migration[];
  readonly busyTimeoutMs: number;
  readonly now: () => number;
  /** Open for reading only: nothing is created, moved, migrated or written (no -wal either). */
  readonly readonly: boolean;
  /** Refuse a missing file rather than create a database there. */
  readonly mustExist: boolean;
  readonly recover: RecoverPolicy;
}

export interface OpenedDatabase {
  readonly database: Database.Database;
  readonly schemaVersion: number;
  readonly recovered: RecoveredDatabase | null;
}

/** SQLite's verdict that a file is not an intact database. */
class CorruptDatabaseError extends Error {}

/**
 * Opens the database at `file` ready for use (see OpenDatabaseOptions). A damaged file is moved
 * aside with its side files when the policy allows, else refused. Any other problem (permissions,
 * a read-only file or folder, a newer schema, a database of another program) is a
 * RunDatabaseError whose message says what to do, and the file is left as it was.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions): OpenedDatabase {
  checkMigrations(options.migrations);
  if (file === MEMORY_PATH) return prepare(new Database(file), file, options, null);
  if (options.readonly) return openReadOnly(file, options);

  const existing = statSync(file, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new RunDatabaseError(isFolder(file));
  if (existing === undefined && options.mustExist)
    throw new RunDatabaseError(`${file}: no run database there`);
  checkWritable(file, existing !== undefined);

  const examined = examine(file, options.busyTimeoutMs);
  let recovered: RecoveredDatabase | null = null;
  if (examined !== null) {
    const allowed = options.recover === 'any' || (options.recover === 'archsim' && examined.ours);
    if (!allowed) throw new RunDatabaseError(refusal(file, examined));
    recovered = moveAside(file, examined.reason, options.now());
  }
  return prepare(new Database(file, { timeout: options.busyTimeoutMs }), file, options, recovered);
}

/** Sets the connection up and migrates it; closes it again if that fails. */
function prepare(
  database: Database.Database,
  file: string,
  options: OpenDatabaseOptions,
  recovered: RecoveredDatabase | null,
): OpenedDatabase {
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

/**
 * Refuses, before SQLite is let near it, a database that could be read but not written: SQLite
 * would open it read-only without a word, fail at the first write, and leave -wal and -shm files
 * behind. WAL needs the folder writable too (for those side files).
 */
function checkWritable(file: string, exists: boolean): void {
  const folder = path.dirname(file);
  if (!exists) {
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw new RunDatabaseError(
        `cannot create the folder ${folder} for the run database ${file}: ${describeFileError(error)}.`,
        { cause: error },
      );
    }
  }
  for (const [target, what] of exists
    ? [
        [file, 'file'],
        [folder, 'folder'],
      ]
    : [[folder, 'folder']]) {
    try {
      accessSync(target as string, constants.W_OK);
    } catch (error) {
      throw new RunDatabaseError(
        exists
          ? `the run database ${file} is read-only (its ${what}: ${describeFileError(error)}); nothing was changed. ` +
              'Commands that only read it (archsim runs list, show, compare, export) still can.'
          : `cannot create the run database ${file}: its folder is read-only (${describeFileError(error)}).`,
        { cause: error },
      );
    }
  }
}

function describeFileError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'a read-only file system';
    case 'ENOTDIR':
      return 'a folder on its path is a file';
    default:
      return (error as Error).message;
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** Where SQLite keeps the application id in a database file's header (big-endian). */
const APPLICATION_ID_OFFSET = 68;

interface DamagedFile {
  readonly reason: string;
  /** It is an archsim run database (SQLite's header carries archsim's application id). */
  readonly ours: boolean;
  /** It is a SQLite file at all. */
  readonly sqlite: boolean;
}

/** Reads the first bytes of a file: its size and header. */
function readHeader(file: string): { size: number; header: Buffer } | null {
  let handle: number;
  try {
    handle = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const header = Buffer.alloc(100);
  try {
    const size = fstatSync(handle).size;
    const read = readSync(handle, header, 0, header.length, 0);
    return { size, header: header.subarray(0, read) };
  } finally {
    closeSync(handle);
  }
}

/**
 * What is wrong with the file, or null if it is an intact database (or is missing or empty, which
 * SQLite treats as a new database). Throws for anything else, such as a file that cannot be read.
 *
 * NOTE: SQLite is only let near a file whose header is SQLite's, and then through a read-only
 * connection: closing a read-write connection checkpoints and deletes the -wal file, which would
 * change the very files that are about to be kept aside for inspection.
 */
function examine(file: string, busyTimeoutMs: number): DamagedFile | null {
  const read = readHeader(file);
  if (read === null || read.size === 0) return null;
  const { header } = read;
  if (!header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    return {
      reason: 'the file is not a SQLite database (it lacks the SQLite header)',
      ours: false,
      sqlite: false,
    };
  }
  const ours =
    header.length >= APPLICATION_ID_OFFSET + 4 &&
    header.readUInt32BE(APPLICATION_ID_OFFSET) === RUN_DATABASE_APPLICATION_ID;
  const check = new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
  try {
    checkIntegrity(check);
    return null;
  } catch (error) {
    const reason = corruptionReason(error);
    if (reason === null) throw error;
    return { reason, ours, sqlite: true };
  } finally {
    check.close();
  }
}

const isFolder = (file: string) => `${file}: cannot open the run database: is a directory`;
const notSqlite = (file: string) => `${file}: not a run database (not an SQLite file); nothing was changed`;

function refusal(file: string, damaged: DamagedFile): string {
  if (!damaged.sqlite) {
    return notSqlite(file);
  }
  if (!damaged.ours) {
    return `${file} is a damaged SQLite file that is not an archsim run database (${damaged.reason}); it was left untouched. Choose another database file.`;
  }
  return `the run database ${file} is damaged (${damaged.reason}); it was left untouched.`;
}

/** Throws CorruptDatabaseError, or SQLite's own corruption error, for a damaged file. */
function checkIntegrity(database: Database.Database): void {
  const rows = database.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((row) => row.quick_check).filter((text) => text !== 'ok');
  if (problems.length > 0) {
    // The first problem only, cut short: the reason goes into one-line notices (a damaged page
    // can give hundreds of lines, thousands of characters); SQLite's own check says the rest.
    const first = problems[0] as string;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new CorruptDatabaseError(
      `quick_check failed: ${first.length > 120 ? `${first.slice(0, 119)}…` : first}${more}`,
    );
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
 * Opens an existing database for reading only, changing nothing: no folder, no -wal or -shm of
 * its own making, no migration, no recovery.
 */
function openReadOnly(file: string, options: OpenDatabaseOptions): OpenedDatabase {
  const existing = statSync(file, { throwIfNoEntry: false });
  if (existing === undefined) throw new RunDatabaseError(`${file}: no run database there`);
  if (existing.isDirectory()) throw new RunDatabaseError(isFolder(file));
  const read = readHeader(file);
  if (read === null) throw new RunDatabaseError(`${file}: no run database there`);
  if (read.size === 0) throw new RunDatabaseError(`${file}: the file is empty: it holds no runs yet`);
  if (!read.header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    throw new RunDatabaseError(notSqlite(file));
  }
  // NOTE: SQLite reads a WAL database through its -wal and -shm files, and makes them if they are
  // missing (and leaves them behind, as a reader may not delete them). Without a -wal there is
  // nothing beyond the file itself to read, so it is read from a copy in memory: nothing is
  // created, and a read-only folder or file is no obstacle.
  const database = existsSync(`${file}-wal`)
    ? openSharedReadOnly(file, options.busyTimeoutMs)
    : new Database(inMemoryCopy(file), { readonly: true });
  try {
    checkIntegrity(database);
    checkIdentity(database, file, options.migrations.length);
    const version = database.pragma('user_version', { simple: true }) as number;
    if (version === 0)
      throw new RunDatabaseError(`${file}: it holds no runs: not an archsim run database yet`);
    if (version < options.migrations.length) {
      throw new RunDatabaseError(
        `${file} was written by an older archsim (schema version ${version}); store a run in it ` +
          `(archsim run FILE --db ${file}) to bring it up to date, then read it.`,
      );
    }
    return { database, schemaVersion: version, recovered: null };
  } catch (error) {
    database.close();
    throw damagedOrRethrow(file, error);
  }
}

/** A read-only connection to a database another process may be writing (it has a -wal file). */
function openSharedReadOnly(file: string, busyTimeoutMs: number): Database.Database {
  try {
    const database = new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    database.pragma('schema_version'); // reads the header: fails here if the -shm cannot be used
    return database;
  } catch (error) {
    const code = String((error as { code?: unknown }).code);
    if (!code.startsWith('SQLITE_CANTOPEN') && code !== 'SQLITE_READONLY_CANTINIT') {
      throw damagedOrRethrow(file, error);
    }
    return new Database(inMemoryCopy(file), { readonly: true });
  }
}

function damagedOrRethrow(file: string, error: unknown): unknown {
  const reason = corruptionReason(error);
  if (reason === null) return error;
  return new RunDatabaseError(
    `the run database ${file} is damaged (${reason}); nothing was changed. Storing a run in it ` +
      '(archsim run FILE --db) moves it aside and starts a new one.',
    { cause: error },
  );
}

/**
 * The database file's bytes, for a connection that must not touch the file's folder. The header is
 * marked rollback-journal so that SQLite reads the copy on its own. NOTE: what a -wal file holds
 * beyond the last checkpoint is not in the copy; a database that archsim closed has none.
 */
function inMemoryCopy(file: string): Buffer {
  const bytes = readFileSync(file);
  if (bytes.length > 19) {
    bytes[18] = 1; // file format write version: legacy (not WAL)
    bytes[19] = 1; // file format read version
  }
  return bytes;
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
