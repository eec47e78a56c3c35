/**
 * The run database's schema, as numbered migrations. Migration N brings a database from
 * `PRAGMA user_version` N − 1 to N; each is applied in one transaction together with the new
 * user_version, so a database is always exactly at one version.
 *
 * NOTE: a migration that has shipped is never edited: databases in the field were built by it.
 * Change the schema by appending a migration.
 */

/** One schema step. */
export interface Migration {
  /** The user_version this step leads to: 1 for the first, consecutive after that. */
  readonly version: number;
  /** What the step does, for error messages. */
  readonly description: string;
  /** SQL statements, run with `exec` inside the step's transaction. */
  readonly sql: string;
}

/**
 * `PRAGMA application_id` of an archsim run database ("arch" in ASCII). A SQLite file with a
 * different application id belongs to another program and is never migrated or moved.
 */
export const RUN_DATABASE_APPLICATION_ID = 0x61726368;

/**
 * Tables (all STRICT, so a wrong type is an error rather than a silent conversion):
 *
 * - documents: each distinct architecture document once, keyed by the sha256 of its canonical
 *   JSON. Runs of the same document (other seeds, scenarios) share it.
 * - runs: one row per run, small enough to list 10,000 of them quickly. The list's columns come
 *   first and the JSON columns last, so listing never reads past them.
 * - run_results: the rest of a result (format, failures…), as JSON whose keys keep the result's
 *   order: the parts kept in other tables stand there as null placeholders.
 * - run_entries, run_services, run_edges: one row per entry, service and edge, in the engine's
 *   order (`position`). `json` is the object exactly as the engine returned it; the columns
 *   beside it are copies of the numbers a comparison asks for (nullable, so that a result format
 *   without one of them is still stored), there to be queried and indexed in SQL.
 * - run_histograms: HdrHistogram compressed base64 per entry, service and edge.
 * - run_timeline, run_traces: the per-second timeline and the sampled Zipkin spans, as JSON.
 * - run_events: what happened during a run (failures starting and ending, instances going down,
 *   breakers opening), in the engine's order.
 *
 * Every run_* table cascades from runs, so deleting a run deletes all of it.
 */
const V1 = `
CREATE TABLE documents (
  hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
  json TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'cancelled', 'failed')),
  label TEXT,
  arch TEXT NOT NULL,
  scenario TEXT,
  seed INTEGER NOT NULL,
  engine_version TEXT NOT NULL,
  document_hash TEXT NOT NULL REFERENCES documents (hash),
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  failure_reason TEXT,
  duration_s REAL,
  rate REAL,
  p50_ms REAL,
  p99_ms REAL,
  owner TEXT,
  options_json TEXT NOT NULL,
  summary_json TEXT,
  CHECK ((status = 'failed') = (failure_reason IS NOT NULL)),
  CHECK (status <> 'done' OR summary_json IS NOT NULL),
  CHECK (status IN ('queued', 'running') OR owner IS NULL)
) STRICT;

CREATE INDEX runs_by_created ON runs (created_at DESC, id DESC);
CREATE INDEX runs_by_arch ON runs (arch, created_at DESC, id DESC);
CREATE INDEX runs_by_status ON runs (status, created_at DESC, id DESC);
CREATE INDEX runs_by_document ON runs (document_hash);

CREATE TABLE run_results (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  json TEXT NOT NULL
) STRICT;

CREATE TABLE run_entries (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  requests INTEGER CHECK (requests >= 0),
  completed INTEGER CHECK (completed >= 0),
  errors INTEGER CHECK (errors >= 0),
  response_mean REAL,
  response_p50 REAL,
  response_p90 REAL,
  response_p99 REAL,
  response_p999 REAL,
  response_max REAL,
  json TEXT NOT NULL,
  PRIMARY KEY (run_id, position),
  UNIQUE (run_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE run_services (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  package TEXT,
  instances INTEGER CHECK (instances >= 0),
  requests INTEGER CHECK (requests >= 0),
  errors INTEGER CHECK (errors >= 0),
  latency_mean REAL,
  latency_p50 REAL,
  latency_p90 REAL,
  latency_p99 REAL,
  latency_p999 REAL,
  latency_max REAL,
  utilisation REAL,
  json TEXT NOT NULL,
  PRIMARY KEY (run_id, position),
  UNIQUE (run_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE run_edges (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  caller TEXT NOT NULL,
  callee TEXT NOT NULL,
  calls INTEGER CHECK (calls >= 0),
  errors INTEGER CHECK (errors >= 0),
  response_mean REAL,
  response_p50 REAL,
  response_p90 REAL,
  response_p99 REAL,
  response_p999 REAL,
  response_max REAL,
  json TEXT NOT NULL,
  PRIMARY KEY (run_id, position),
  UNIQUE (run_id, caller, callee)
) STRICT, WITHOUT ROWID;

CREATE TABLE run_histograms (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  kind TEXT NOT NULL
    CHECK (kind IN ('entry', 'service', 'edge-response', 'edge-service', 'edge-network')),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  encoded TEXT NOT NULL,
  UNIQUE (run_id, kind, name)
) STRICT;

CREATE TABLE run_timeline (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  bucket_seconds REAL NOT NULL,
  json TEXT NOT NULL
) STRICT;

CREATE TABLE run_traces (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  span_count INTEGER NOT NULL,
  json TEXT NOT NULL
) STRICT;

CREATE TABLE run_events (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  at_s REAL NOT NULL,
  kind TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
) STRICT, WITHOUT ROWID;

PRAGMA application_id = ${RUN_DATABASE_APPLICATION_ID};
`;

/**
 * Groups of runs made together: the replications of one run (seeds seed…seed+N−1) or the points
 * of a sweep. A group keeps its plan (what was asked: seeds, axes, points) as JSON, so that a
 * group cut short (Ctrl+C) still says what it was meant to hold; each of its runs names the group
 * and its position in it (the replication's or the point's index). Deleting a group deletes its
 * runs (the store does it: a run's group_id is a plain reference).
 */
const V2 = `
CREATE TABLE run_groups (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('replications', 'sweep')),
  label TEXT,
  arch TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  plan_json TEXT NOT NULL
) STRICT;

ALTER TABLE runs ADD COLUMN group_id INTEGER REFERENCES run_groups (id);
ALTER TABLE runs ADD COLUMN group_position INTEGER;
CREATE INDEX runs_by_group ON runs (group_id, group_position) WHERE group_id IS NOT NULL;
`;

/** The migrations this build knows, in order. Its schema version is the last one's. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'runs, their documents, results and events', sql: V1 },
  { version: 2, description: 'groups of runs (replications, sweeps)', sql: V2 },
];

/** Throws unless the list is numbered 1, 2, 3… (a programming error, caught by the tests). */
export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration ${index + 1} ("${migration.description}") is numbered ${migration.version}`);
    }
  });
}
