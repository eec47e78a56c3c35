/**
 * A process that dies the hard way in the middle of writing a result, for recovery.test.ts:
 * `node bin/run-ts.js test/store/crash-child.ts DATABASE`.
 *
 * It stores one finished run, starts a second, begins writing that run's rows on its own
 * connection (enough of them that SQLite spills pages into the WAL before any commit) and then
 * kills itself with SIGKILL: no close, no rollback, no exit handlers.
 */
import Database from 'better-sqlite3';
import { openRunStore } from '@store/index.ts';
import { ENGINE_VERSION, lampDocument, makeResult } from './fixtures.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-child.ts DATABASE');

const store = openRunStore(file);
const finished = store.createRun({
  label: 'finished before the crash',
  document: lampDocument(),
  seed: 1,
  engineVersion: ENGINE_VERSION,
});
store.completeRun(finished, makeResult({ seed: 1 }));
const running = store.createRun({
  label: 'running at the crash',
  document: lampDocument(),
  seed: 2,
  engineVersion: ENGINE_VERSION,
});

const writer = new Database(file);
writer.pragma('cache_size = 2');
writer.exec('BEGIN IMMEDIATE');
const insert = writer.prepare(
  "INSERT INTO run_histograms (run_id, kind, position, name, encoded) VALUES (?, 'service', ?, ?, ?)",
);
for (let position = 0; position < 2000; position++) {
  insert.run(running, position, `service-${position}`, 'x'.repeat(2000));
}
process.kill(process.pid, 'SIGKILL');
