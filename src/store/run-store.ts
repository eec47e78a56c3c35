/**
 * The run store: every simulation run in a local SQLite database (DESIGN.md §4). The Electron main
 * process, the web host and the CLI all use it; see ./types.ts for what it promises.
 *
 * Writes are transactions: a run's result is written whole or not at all, so a crash at any
 * moment loses at most the run in progress, which the next open marks failed.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ArchDocument } from '@shared/document/schema.ts';
import { RESULT_FORMAT, type RunOptionsUsed, type RunResult } from '@shared/results.ts';
import { documentHash } from './document-hash.ts';
import { headlineLatency, numberOrNull, readResult, writeResultRows } from './result-rows.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { MEMORY_PATH, openDatabase, type RecoverPolicy } from './open-database.ts';
import {
  ACTIVE_RUN_STATUSES,
  INTERRUPTED_REASON,
  RUN_STATUSES,
  RunDatabaseError,
  RunNotFoundError,
  RunStateError,
  type CreateGroupInput,
  type CreateRunInput,
  type GroupId,
  type GroupKind,
  type ListRunsOptions,
  type RunGroup,
  type RunGroupSummary,
  type RecoveredDatabase,
  type RunFilter,
  type RunId,
  type RunStatus,
  type RunStore,
  type RunSummary,
  type StoredRun,
} from './types.ts';

export interface OpenRunStoreOptions {
  /** How long to wait for another connection's write lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** The clock, in ms since the Unix epoch (default Date.now); tests fix it. */
  readonly now?: () => number;
  /**
   * The schema steps to apply (default MIGRATIONS). Tests pass a prefix to build an older
   * database, or an extended list to prove that an older database is brought forward.
   */
  readonly migrations?: readonly Migration[];
  /**
   * Open for reading only (the CLI's runs list, show, compare, export): nothing is created,
   * moved, migrated or written, so a read-only file or folder can be read. Writes throw.
   */
  readonly readonly?: boolean;
  /** Refuse a missing file rather than create a database there (default false). */
  readonly mustExist?: boolean;
  /**
   * Which damaged files are moved aside for a new database (default `archsim`: only a corrupt
   * archsim run database; `any` for archsim's own data folder; `never`). See RecoverPolicy.
   */
  readonly recover?: RecoverPolicy;
}

/**
 * Opens the run database at `file` (":memory:" for a throw-away one), creating it and its folder
 * if needed (unless `readonly` or `mustExist`).
 *
 * - A corrupt archsim database (or, with `recover: 'any'`, any unreadable file) is moved aside
 *   and replaced by a new database; `recovered` says where it went.
 * - Any other file that is not a run database, a database from a newer archsim, another
 *   program's database, or a file or folder that cannot be written, is refused with a
 *   RunDatabaseError that says why, and left untouched.
 * - Runs that a process which is gone left queued or running are marked failed
 *   (INTERRUPTED_REASON); `interrupted` lists them.
 */
export function openRunStore(file: string, options: OpenRunStoreOptions = {}): RunStore {
  const target = file === MEMORY_PATH ? file : path.resolve(file);
  const now = options.now ?? Date.now;
  const opened = openDatabase(target, {
    migrations: options.migrations ?? MIGRATIONS,
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    now,
    readonly: options.readonly ?? false,
    mustExist: options.mustExist ?? false,
    recover: options.readonly ? 'never' : (options.recover ?? 'archsim'),
  });
  try {
    return new SqliteRunStore(
      target,
      opened.database,
      opened.schemaVersion,
      opened.recovered,
      now,
      options.readonly ?? false,
    );
  } catch (error) {
    opened.database.close();
    throw error;
  }
}

/**
 * Owners (`pid:token`) of the stores open in this process. A run records the store that runs it;
 * at open, an active run whose owner is neither open here nor a live process elsewhere was
 * interrupted.
 */
const openOwners = new Set<string>();

/**
 * Whether the store that owns an active run may still be working on it.
 * NOTE: a process id can be reused after its process ended (after a reboot, say); such a run then
 * stays active until a later open finds that process gone too. Failing a live run of another
 * archsim (the studio while the CLI opens the same file) would be worse.
 */
function ownerMayBeAlive(owner: string | null): boolean {
  if (owner === null) return false;
  const pid = Number(owner.slice(0, owner.indexOf(':')));
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return openOwners.has(owner);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The schema version that brought groups of runs (migrations.ts). */
const GROUPS_SCHEMA_VERSION = 2;

const RUN_COLUMNS = `runs.id, runs.status, runs.label, runs.arch, runs.scenario, runs.seed,
  runs.engine_version, runs.document_hash, runs.created_at, runs.started_at, runs.finished_at,
  runs.failure_reason, runs.duration_s, runs.rate, runs.p50_ms, runs.p99_ms, runs.summary_json`;

interface RunRow {
  id: number;
  status: RunStatus;
  label: string | null;
  arch: string;
  scenario: string | null;
  seed: number;
  engine_version: string;
  document_hash: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  failure_reason: string | null;
  duration_s: number | null;
  rate: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  summary_json: string | null;
}

interface FullRunRow extends RunRow {
  options_json: string;
  document_json: string;
}

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

function defaultArch(document: ArchDocument): string {
  return typeof document.arch === 'string' && document.arch !== '' ? document.arch : 'unnamed';
}

function checkWhole(name: string, value: number, minimum: number): void {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be a whole number ≥ ${minimum}, not ${String(value)}`);
  }
}

/**
 * NOTE: transactions that write are IMMEDIATE: they take the write lock up front, waiting through
 * the busy timeout for another process's write. A deferred one that read first could not upgrade
 * its lock once another connection had written, and would fail at once with SQLITE_BUSY.
 */
class SqliteRunStore implements RunStore {
  readonly interrupted: readonly RunId[];
  private readonly owner = `${process.pid}:${randomUUID()}`;
  private readonly listStatements = new Map<string, Database.Statement>();
  private readonly statements;
  /** Statements of groups: null in a database without them (see insertRun). */
  private readonly groupStatements;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly database: Database.Database,
    readonly schemaVersion: number,
    readonly recovered: RecoveredDatabase | null,
    private readonly now: () => number,
    private readonly readonly: boolean,
  ) {
    const prepare = (sql: string) => database.prepare(sql);
    this.statements = {
      insertDocument: prepare('INSERT OR IGNORE INTO documents (hash, json, created_at) VALUES (?, ?, ?)'),
      deleteUnusedDocument: prepare(
        'DELETE FROM documents WHERE hash = @hash AND NOT EXISTS (SELECT 1 FROM runs WHERE document_hash = @hash)',
      ),
      // NOTE: a store opened with fewer migrations (tests building an older database) has no
      // group columns; it stores runs as the first schema did and has no groups.
      insertRun: prepare(
        schemaVersion >= GROUPS_SCHEMA_VERSION
          ? `INSERT INTO runs (status, label, arch, scenario, seed, engine_version, document_hash,
        created_at, started_at, duration_s, rate, owner, options_json, group_id, group_position)
        VALUES (@status, @label, @arch, @scenario, @seed, @engineVersion, @documentHash, @createdAt,
        @startedAt, @durationS, @rate, @owner, @optionsJson, @groupId, @groupPosition)`
          : `INSERT INTO runs (status, label, arch, scenario, seed, engine_version, document_hash,
        created_at, started_at, duration_s, rate, owner, options_json)
        VALUES (@status, @label, @arch, @scenario, @seed, @engineVersion, @documentHash, @createdAt,
        @startedAt, @durationS, @rate, @owner, @optionsJson)`,
      ),
      runState: prepare('SELECT status, document_hash FROM runs WHERE id = ?'),
      start: prepare("UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'"),
      finish: prepare(`UPDATE runs SET status = ?, failure_reason = ?, finished_at = ?, owner = NULL
        WHERE id = ? AND status IN ('queued', 'running')`),
      complete: prepare(`UPDATE runs SET status = 'done', arch = @arch, scenario = @scenario,
        seed = @seed, engine_version = @engineVersion, document_hash = @documentHash,
        started_at = coalesce(started_at, @finishedAt), finished_at = @finishedAt,
        duration_s = @durationS, rate = @rate, p50_ms = @p50, p99_ms = @p99, owner = NULL,
        options_json = @optionsJson, summary_json = @summaryJson WHERE id = @id`),
      insertResult: prepare('INSERT INTO run_results (run_id, json) VALUES (?, ?)'),
      insertEntry: prepare(`INSERT INTO run_entries (run_id, position, name, requests, completed, errors,
        response_mean, response_p50, response_p90, response_p99, response_p999, response_max, json)
        VALUES (${placeholders(13)})`),
      insertService: prepare(`INSERT INTO run_services (run_id, position, name, package, instances,
        requests, errors, latency_mean, latency_p50, latency_p90, latency_p99, latency_p999,
        latency_max, utilisation, json) VALUES (${placeholders(15)})`),
      insertEdge: prepare(`INSERT INTO run_edges (run_id, position, caller, callee, calls, errors,
        response_mean, response_p50, response_p90, response_p99, response_p999, response_max, json)
        VALUES (${placeholders(13)})`),
      insertHistogram: prepare(
        'INSERT INTO run_histograms (run_id, kind, position, name, encoded) VALUES (?, ?, ?, ?, ?)',
      ),
      insertTimeline: prepare('INSERT INTO run_timeline (run_id, bucket_seconds, json) VALUES (?, ?, ?)'),
      insertTraces: prepare('INSERT INTO run_traces (run_id, span_count, json) VALUES (?, ?, ?)'),
      insertEvent: prepare(
        'INSERT INTO run_events (run_id, position, at_s, kind, json) VALUES (?, ?, ?, ?, ?)',
      ),
      getRun: prepare(`SELECT ${RUN_COLUMNS}, runs.options_json, documents.json AS document_json
        FROM runs JOIN documents ON documents.hash = runs.document_hash WHERE runs.id = ?`),
      result: prepare('SELECT json FROM run_results WHERE run_id = ?').pluck(),
      entries: prepare('SELECT json FROM run_entries WHERE run_id = ? ORDER BY position').pluck(),
      services: prepare('SELECT json FROM run_services WHERE run_id = ? ORDER BY position').pluck(),
      edges: prepare('SELECT json FROM run_edges WHERE run_id = ? ORDER BY position').pluck(),
      histograms: prepare(
        'SELECT kind, name, encoded FROM run_histograms WHERE run_id = ? ORDER BY kind, position',
      ),
      timeline: prepare('SELECT bucket_seconds, json FROM run_timeline WHERE run_id = ?'),
      traces: prepare('SELECT json FROM run_traces WHERE run_id = ?').pluck(),
      events: prepare('SELECT json FROM run_events WHERE run_id = ? ORDER BY position').pluck(),
      deleteRun: prepare('DELETE FROM runs WHERE id = ?'),
      activeRuns: prepare("SELECT id, owner FROM runs WHERE status IN ('queued', 'running')"),
    };
    this.groupStatements =
      schemaVersion >= GROUPS_SCHEMA_VERSION
        ? {
            insertGroup: prepare(`INSERT INTO run_groups (kind, label, arch, created_at, plan_json)
              VALUES (@kind, @label, @arch, @createdAt, @planJson)`),
            listGroups: prepare(`SELECT run_groups.id, run_groups.kind, run_groups.label, run_groups.arch,
              run_groups.created_at, count(runs.id) AS runs, count(CASE WHEN runs.status = 'done' THEN 1 END) AS done
              FROM run_groups LEFT JOIN runs ON runs.group_id = run_groups.id
              GROUP BY run_groups.id ORDER BY run_groups.created_at DESC, run_groups.id DESC LIMIT ?`),
            getGroup: prepare(
              `SELECT id, kind, label, arch, created_at, plan_json FROM run_groups WHERE id = ?`,
            ),
            groupMembers: prepare(`SELECT id, group_position, status FROM runs WHERE group_id = ?
              ORDER BY group_position, id`),
            deleteGroupRuns: prepare('DELETE FROM runs WHERE group_id = ?'),
            deleteGroup: prepare('DELETE FROM run_groups WHERE id = ?'),
            groupDocuments: prepare('SELECT DISTINCT document_hash FROM runs WHERE group_id = ?').pluck(),
          }
        : null;
    // A reader changes nothing, not even the runs another process left behind.
    this.interrupted = readonly ? [] : this.recoverInterrupted();
    openOwners.add(this.owner);
  }

  /** Marks failed the active runs whose store is gone (see ownerMayBeAlive). */
  private recoverInterrupted(): RunId[] {
    const active = this.statements.activeRuns.all() as { id: number; owner: string | null }[];
    const lost = active.filter((run) => !ownerMayBeAlive(run.owner)).map((run) => run.id as RunId);
    if (lost.length > 0) {
      const finishedAt = this.now();
      this.database
        .transaction(() => {
          for (const id of lost) this.statements.finish.run('failed', INTERRUPTED_REASON, finishedAt, id);
        })
        .immediate();
    }
    return lost;
  }

  createRun(input: CreateRunInput): RunId {
    checkWhole('seed', input.seed, 0);
    const status = input.status ?? 'running';
    if (status !== 'running' && status !== 'queued') {
      throw new RangeError(`a new run is queued or running, not ${String(status)}`);
    }
    const hash = documentHash(input.document);
    const createdAt = this.now();
    const options = input.options ?? {};
    return this.database
      .transaction(() => {
        this.statements.insertDocument.run(hash, JSON.stringify(input.document), createdAt);
        const inserted = this.statements.insertRun.run({
          status,
          label: input.label ?? null,
          arch: input.arch ?? defaultArch(input.document),
          scenario: input.scenario ?? null,
          seed: input.seed,
          engineVersion: input.engineVersion,
          documentHash: hash,
          createdAt,
          startedAt: status === 'running' ? createdAt : null,
          durationS: options.durationS ?? null,
          rate: options.rate ?? null,
          owner: this.owner,
          optionsJson: JSON.stringify(options),
          groupId: input.group?.id ?? null,
          groupPosition: input.group?.position ?? null,
        });
        return Number(inserted.lastInsertRowid) as RunId;
      })
      .immediate();
  }

  startRun(id: RunId): void {
    const changed = this.statements.start.run(this.now(), id).changes;
    if (changed === 0) throw this.stateError(id, 'start it');
  }

  completeRun(id: RunId, result: RunResult): void {
    if (result.format !== RESULT_FORMAT) {
      throw new Error(`cannot store a result of format ${String(result.format)}; expected ${RESULT_FORMAT}`);
    }
    const finishedAt = this.now();
    this.database
      .transaction(() => {
        const state = this.statements.runState.get(id) as
          { status: RunStatus; document_hash: string } | undefined;
        if (state === undefined) throw new RunNotFoundError(id);
        if (!ACTIVE_RUN_STATUSES.includes(state.status)) {
          throw new RunStateError(id, state.status, 'store a result');
        }
        // The result carries the document the engine actually ran: that is the one to keep.
        const hash = documentHash(result.document);
        if (hash !== state.document_hash) {
          this.statements.insertDocument.run(hash, JSON.stringify(result.document), finishedAt);
        }
        writeResultRows(this.statements, id, result);
        const headline = headlineLatency(result.entries);
        this.statements.complete.run({
          id,
          arch: result.arch,
          scenario: result.scenario,
          seed: result.options.seed,
          engineVersion: result.engineVersion,
          documentHash: hash,
          finishedAt,
          durationS: numberOrNull(result.options.durationS),
          rate: numberOrNull(result.options.rate),
          p50: numberOrNull(headline?.p50),
          p99: numberOrNull(headline?.p99),
          optionsJson: JSON.stringify(result.options),
          summaryJson: JSON.stringify(result.summary),
        });
        if (hash !== state.document_hash)
          this.statements.deleteUnusedDocument.run({ hash: state.document_hash });
      })
      .immediate();
  }

  cancelRun(id: RunId): boolean {
    return this.finish(id, 'cancelled', null);
  }

  failRun(id: RunId, reason: string): boolean {
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new RangeError('a failed run needs a reason');
    return this.finish(id, 'failed', reason);
  }

  private finish(id: RunId, status: 'cancelled' | 'failed', reason: string | null): boolean {
    const changed = this.statements.finish.run(status, reason, this.now(), id).changes;
    if (changed === 0 && this.statements.runState.get(id) === undefined) throw new RunNotFoundError(id);
    return changed > 0;
  }

  listRuns(options: ListRunsOptions = {}): RunSummary[] {
    const limit = options.limit ?? 100;
    const offset = options.offset ?? 0;
    checkWhole('limit', limit, 0);
    checkWhole('offset', offset, 0);
    const { where, parameters } = filterClause(options);
    const statement = this.listStatement(
      `SELECT ${RUN_COLUMNS} FROM runs ${where} ORDER BY runs.created_at DESC, runs.id DESC LIMIT ? OFFSET ?`,
    );
    return (statement.all(...parameters, limit, offset) as RunRow[]).map(toSummary);
  }

  countRuns(filter: RunFilter = {}): number {
    const { where, parameters } = filterClause(filter);
    return this.listStatement(`SELECT count(*) FROM runs ${where}`)
      .pluck()
      .get(...parameters) as number;
  }

  private listStatement(sql: string): Database.Statement {
    let statement = this.listStatements.get(sql);
    if (statement === undefined) {
      statement = this.database.prepare(sql);
      this.listStatements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `work` as one transaction: every write in it is stored, or none (an import of many
   * files). The store's own writes nest in it.
   */
  batch<T>(work: () => T): T {
    return this.database.transaction(work).immediate();
  }

  getRun(id: RunId): StoredRun | null {
    return this.database.transaction(() => {
      const row = this.statements.getRun.get(id) as FullRunRow | undefined;
      if (row === undefined) return null;
      try {
        const summary = toSummary(row);
        const document = JSON.parse(row.document_json) as ArchDocument;
        const options = JSON.parse(row.options_json) as Partial<RunOptionsUsed>;
        const result =
          summary.status === 'done' ? readResult(this.statements, id, summary, options, document) : null;
        return { ...summary, document, options, result };
      } catch (cause) {
        // SQLite found nothing wrong, but a stored JSON text does not parse: say which run.
        if (!(cause instanceof SyntaxError)) throw cause;
        throw new RunDatabaseError(
          `${this.path}: run ${id} is damaged (its stored JSON does not parse: ${cause.message}); ` +
            `other runs can still be read, and "archsim runs delete ${id}" removes it`,
        );
      }
    })();
  }

  deleteRun(id: RunId): boolean {
    return this.database
      .transaction(() => {
        const state = this.statements.runState.get(id) as
          { status: RunStatus; document_hash: string } | undefined;
        if (state === undefined) return false;
        if (ACTIVE_RUN_STATUSES.includes(state.status)) {
          throw new RunStateError(id, state.status, 'delete it (cancel it first)');
        }
        this.statements.deleteRun.run(id);
        this.statements.deleteUnusedDocument.run({ hash: state.document_hash });
        return true;
      })
      .immediate();
  }

  renameRun(id: RunId, label: string | null): boolean {
    const value = label === null || label.trim() === '' ? null : label.trim();
    return this.listStatement('UPDATE runs SET label = ? WHERE id = ?').run(value, id).changes > 0;
  }

  runFacets(): { archs: string[]; scenarios: string[] } {
    const distinct = (column: string) =>
      this.listStatement(`SELECT DISTINCT ${column} FROM runs WHERE ${column} IS NOT NULL ORDER BY ${column}`)
        .pluck()
        .all() as string[];
    return { archs: distinct('arch'), scenarios: distinct('scenario') };
  }

  /** The group statements; throws in a database without groups. */
  private groups(): NonNullable<typeof this.groupStatements> {
    if (this.groupStatements === null)
      throw new RunDatabaseError(`${this.path} has no groups of runs (schema version ${this.schemaVersion})`);
    return this.groupStatements;
  }

  createGroup(input: CreateGroupInput): GroupId {
    const inserted = this.groups().insertGroup.run({
      kind: input.kind,
      label: input.label ?? null,
      arch: input.arch,
      createdAt: this.now(),
      planJson: JSON.stringify(input.plan ?? null),
    });
    return Number(inserted.lastInsertRowid) as GroupId;
  }

  listGroups(options: { readonly limit?: number } = {}): RunGroupSummary[] {
    const limit = options.limit ?? 100;
    checkWhole('limit', limit, 0);
    return (this.groups().listGroups.all(limit) as GroupRow[]).map(toGroupSummary);
  }

  getGroup(id: GroupId): RunGroup | null {
    return this.database.transaction(() => {
      const row = this.groups().getGroup.get(id) as
        (Omit<GroupRow, 'runs' | 'done'> & { plan_json: string }) | undefined;
      if (row === undefined) return null;
      const members = (
        this.groups().groupMembers.all(id) as { id: number; group_position: number; status: RunStatus }[]
      ).map((member) => ({
        runId: member.id as RunId,
        position: member.group_position,
        status: member.status,
      }));
      return {
        ...toGroupSummary({
          ...row,
          runs: members.length,
          done: members.filter((member) => member.status === 'done').length,
        }),
        plan: JSON.parse(row.plan_json) as unknown,
        members,
      };
    })();
  }

  deleteGroup(id: GroupId): boolean {
    return this.database
      .transaction(() => {
        if (this.groups().getGroup.get(id) === undefined) return false;
        const members = this.groups().groupMembers.all(id) as { id: number; status: RunStatus }[];
        const active = members.find((member) => ACTIVE_RUN_STATUSES.includes(member.status));
        if (active) throw new RunStateError(active.id, active.status, `delete group ${id} (cancel it first)`);
        const documents = this.groups().groupDocuments.all(id) as string[];
        this.groups().deleteGroupRuns.run(id);
        this.groups().deleteGroup.run(id);
        for (const hash of documents) this.statements.deleteUnusedDocument.run({ hash });
        return true;
      })
      .immediate();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    openOwners.delete(this.owner);
    try {
      if (!this.readonly) this.database.pragma('optimize');
    } finally {
      this.database.close();
    }
  }

  /** Why a status change did not happen: no such run, or a status that does not allow it. */
  private stateError(id: RunId, action: string): Error {
    const state = this.statements.runState.get(id) as { status: RunStatus } | undefined;
    return state === undefined ? new RunNotFoundError(id) : new RunStateError(id, state.status, action);
  }
}

function filterClause(filter: RunFilter): { where: string; parameters: (string | number)[] } {
  const conditions: string[] = [];
  const parameters: string[] = [];
  if (filter.arch !== undefined) {
    conditions.push('runs.arch = ?');
    parameters.push(filter.arch);
  }
  if (filter.scenario === null) {
    conditions.push('runs.scenario IS NULL');
  } else if (filter.scenario !== undefined) {
    conditions.push('runs.scenario = ?');
    parameters.push(filter.scenario);
  }
  if (filter.status !== undefined) {
    const statuses: readonly RunStatus[] =
      typeof filter.status === 'string' ? [filter.status] : filter.status;
    for (const status of statuses) {
      if (!RUN_STATUSES.includes(status)) throw new RangeError(`unknown run status ${String(status)}`);
    }
    conditions.push(`runs.status IN (${placeholders(statuses.length)})`);
    parameters.push(...statuses);
  }
  return { where: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, parameters };
}

interface GroupRow {
  id: number;
  kind: GroupKind;
  label: string | null;
  arch: string;
  created_at: number;
  runs: number;
  done: number;
}

function toGroupSummary(row: GroupRow): RunGroupSummary {
  return {
    id: row.id as GroupId,
    kind: row.kind,
    label: row.label,
    arch: row.arch,
    createdAt: row.created_at,
    runs: row.runs,
    done: row.done,
  };
}

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id as RunId,
    label: row.label,
    arch: row.arch,
    scenario: row.scenario,
    seed: row.seed,
    engineVersion: row.engine_version,
    documentHash: row.document_hash,
    status: row.status,
    failureReason: row.failure_reason,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationS: row.duration_s,
    rate: row.rate,
    summary: parseSummary(row.summary_json),
    p50Ms: row.p50_ms,
    p99Ms: row.p99_ms,
  };
}

/** A run's stored headline numbers; null when there are none or their text is damaged (the list
 * shows the run without them; reading the run itself says what is wrong). */
function parseSummary(json: string | null): RunResult['summary'] | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as RunResult['summary'];
  } catch {
    return null;
  }
}
