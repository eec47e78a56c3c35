/**
 * The command line over the run store: `archsim run --db`, `runs list|show|delete`, `compare` and
 * `export`, run in memory against real SQLite files in a temporary folder.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '@cli/main.ts';
import { processIo, type CliIo } from '@cli/io.ts';
import { openRunStore, type RunSummary } from '@store/index.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import type { RunResult, ZipkinSpan } from '@shared/results.ts';

/** Runs the CLI in memory with the real file system; returns exit code and output. */
async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    ...processIo,
    isTerminal: false,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const temporary = mkdtempSync(path.join(tmpdir(), 'archsim-store-cli-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));
const inTemporary = (name: string) => path.join(temporary, name);

function document(webserverCount: number, description: string) {
  return {
    archsimVersion: 1,
    arch: 'lamp',
    description,
    version: 'arch-0.0',
    services: [
      { name: 'rds-mysql', package: 'store', count: 2, regions: 1, dependencies: [] },
      { name: 'memcache', package: 'store', count: 3, regions: 1, dependencies: [] },
      {
        name: 'webserver',
        package: 'monolith',
        count: webserverCount,
        regions: 1,
        dependencies: ['memcache', 'rds-mysql'],
      },
      { name: 'webserver-elb', package: 'elb', count: 0, regions: 1, dependencies: ['webserver'] },
      { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['webserver-elb'] },
    ],
    scenarios: [
      {
        name: 'mysql-down',
        failures: [{ type: 'kill-instances', service: 'rds-mysql', count: 1, atS: 1 }],
      },
    ],
    traceSampleRate: 0.05,
  };
}

const lamp = inTemporary('lamp.json');
writeFileSync(lamp, JSON.stringify(document(6, 'LAMP')));
/** The same architecture with more web servers and another description. */
const lampBigger = inTemporary('lamp-bigger.json');
writeFileSync(lampBigger, JSON.stringify(document(9, 'LAMP, more web servers')));

const SERVICES = ['rds-mysql', 'memcache', 'webserver', 'webserver-elb'];
const quick = ['--duration', '2s', '--quiet'];

describe('run --db, runs, compare, export, delete', () => {
  const db = inTemporary('history/runs.sqlite');

  it('stores a run with --db, printing its id and the usual tables', async () => {
    const first = await cli('run', lamp, ...quick, '--seed', '1', '--db', db);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`stored as run 1 in ${db}\n`);
    expect(first.stdout).toMatch(/^lamp: 2 s at 100 req\/s/);
    expect(existsSync(db)).toBe(true);

    const second = await cli('run', lamp, ...quick, '--seed', '2', '--rate', '150', '--db', db);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe(`stored as run 2 in ${db}\n`);
  });

  it('stores every run of --scenario all', async () => {
    const result = await cli('run', lamp, ...quick, '--scenario', 'all', '--db', db);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`stored as runs 3, 4 in ${db}\n`);
    expect(result.stdout).toContain('mysql-down');
  });

  it('lists the runs newest first', async () => {
    const result = await cli('runs', 'list', '--db', db);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(
      /^ID\s+STATUS\s+CREATED \(UTC\)\s+ARCH\s+SCENARIO\s+SEED\s+REQUESTS\s+ERRORS\s+P99 ms$/,
    );
    expect(rows).toHaveLength(4);
    expect(rows.map((row) => row.trim().split(/\s+/)[0])).toEqual(['4', '3', '2', '1']);
    expect(rows[0]).toMatch(
      /^ 4\s+done\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+lamp\s+mysql-down\s+1\s+\d+\s+\d+\s+[\d.]+$/,
    );
    expect(rows[3]).toMatch(/^ 1\s+done\s+\S+Z\s+lamp\s+-\s+1\s+\d+\s+0\s+[\d.]+$/);
  });

  it('lists as JSON, with --limit, --status and --arch', async () => {
    const json = await cli('runs', 'list', '--db', db, '--json');
    const runs = JSON.parse(json.stdout) as RunSummary[];
    expect(runs.map((run) => [run.id, run.seed, run.scenario])).toEqual([
      [4, 1, 'mysql-down'],
      [3, 1, null],
      [2, 2, null],
      [1, 1, null],
    ]);

    const limited = await cli('runs', 'list', '--db', db, '--limit', '1');
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(limited.stderr).toBe('showing the newest 1 of 4 runs (--limit N for more)\n');

    expect((await cli('runs', 'list', '--db', db, '--status', 'failed')).stdout).toBe(
      `no runs match in ${db}\n`,
    );
    expect((await cli('runs', 'list', '--db', db, '--arch', 'riak')).stdout).toBe(`no runs match in ${db}\n`);
    const done = await cli('runs', 'list', '--db', db, '--status', 'done,failed', '--arch', 'lamp', '--json');
    expect(JSON.parse(done.stdout)).toHaveLength(4);
  });

  it('shows a run: its details, then the per-entry and per-service tables', async () => {
    const result = await cli('runs', 'show', '2', '--db', db);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('run 2');
    expect(lines).toContain('  status    done');
    expect(lines).toContain('  seed      2');
    expect(lines).toContain('  options   2 s at 150 req/s (poisson), scale 100 %, 1 region, trace rate 0.05');
    expect(result.stdout).toMatch(/\n {2}document {2}sha256 [0-9a-f]{64}\n/);
    expect(result.stdout).toContain('\nlamp: 2 s at 150 req/s (poisson), seed 2');
    expect(result.stdout).toMatch(/\nENTRY\s+REQUESTS/);
    for (const service of SERVICES)
      expect(result.stdout).toMatch(new RegExp(`\\n${service}\\s+\\w+\\s+\\d+`));
  });

  it('shows the stored result as JSON', async () => {
    const result = await cli('runs', 'show', '1', '--db', db, '--json');
    expect(result.code).toBe(0);
    const stored = JSON.parse(result.stdout) as RunResult;
    expect(stored.format).toBe('archsim-result-1');
    expect(stored.options.seed).toBe(1);
    expect(stored.services.map((service) => service.name).sort()).toEqual([...SERVICES].sort());
    expect(Object.keys(stored.histograms.entries)).toEqual(['www']);
  });

  it('compares two runs with different seeds: values side by side, deltas, what differs', async () => {
    const result = await cli('compare', '1', '2', '--db', db);
    expect(result.code).toBe(0);
    const { stdout } = result;
    expect(stdout).toMatch(
      /^RUN\s+ARCH\s+SCENARIO\s+SEED\s+DURATION s\s+RATE \/s\s+DOCUMENT\s+CREATED \(UTC\)\n/,
    );
    expect(stdout).toContain('\nrun 2 vs run 1: same document; options rate 100 → 150, seed 1 → 2\n');
    expect(stdout).toMatch(/\nENTRY\s+MEASURE\s+RUN 1\s+RUN 2\s+Δ RUN 2\n/);
    expect(stdout).toMatch(/\nSERVICE\s+MEASURE\s+RUN 1\s+RUN 2\s+Δ RUN 2\n/);
    // 50 % more requests: the entry's request count grows, with its absolute and relative change.
    expect(stdout).toMatch(/\nwww\s+requests\s+(\d+)\s+(\d+)\s+\+\d+ \(\+\d+\.\d%\)\n/);
    for (const measure of ['errors', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms']) {
      expect(stdout).toContain(` ${measure} `);
    }
    // A latency delta with its percentage somewhere (seeds differ, so percentiles do).
    expect(stdout).toMatch(/p\d+(\.9)? ms\s+[\d.]+\s+[\d.]+\s+[+-][\d.]+ \([+-]\d+\.\d%\)/);
    for (const service of SERVICES) expect(stdout).toMatch(new RegExp(`\\n${service}\\s+requests\\s`));
  });

  it('compares as JSON and reports document and scenario differences', async () => {
    const bigger = await cli('run', lampBigger, ...quick, '--seed', '1', '--db', db);
    expect(bigger.stderr).toBe(`stored as run 5 in ${db}\n`);

    const result = await cli('compare', '1', '5', '4', '--db', db);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /\nrun 5 vs run 1: document differs \(sha256 [0-9a-f]{12} → [0-9a-f]{12}\): fields changed: description; services changed: webserver \(count\); same options\n/,
    );
    expect(result.stdout).toContain('\nrun 4 vs run 1: same document; options scenario none → mysql-down\n');
    expect(result.stdout).toMatch(/\nENTRY\s+MEASURE\s+RUN 1\s+RUN 5\s+Δ RUN 5\s+RUN 4\s+Δ RUN 4\n/);

    const json = await cli('compare', '1', '2', '--db', db, '--json');
    const report = JSON.parse(json.stdout) as {
      runs: { id: number; seed: number }[];
      differences: { run: number; from: number; document: { sameHash: boolean }; options: unknown[] }[];
      entries: { name: string; runs: ({ requests: number; p99: number } | null)[] }[];
      services: { name: string }[];
    };
    expect(report.runs.map((run) => [run.id, run.seed])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(report.differences).toEqual([
      {
        run: 2,
        from: 1,
        document: expect.objectContaining({ sameHash: true }),
        options: [
          { option: 'rate', from: 100, to: 150 },
          { option: 'seed', from: 1, to: 2 },
        ],
      },
    ]);
    expect(report.entries[0]?.name).toBe('www');
    expect(report.entries[0]?.runs.every((run) => run !== null && run.requests > 0)).toBe(true);
    expect(report.services.map((service) => service.name).sort()).toEqual([...SERVICES].sort());
  });

  it('exports traces as Zipkin JSON, services and timeline as CSV, histograms as .hgrm', async () => {
    const zipkin = inTemporary('out/traces.json');
    const csv = inTemporary('out/services.csv');
    const timeline = inTemporary('out/timeline.csv');
    const hgrm = inTemporary('out/latency.hgrm');
    mkdirSync(path.dirname(zipkin), { recursive: true });
    const result = await cli(
      'export',
      '1',
      '--db',
      db,
      '--zipkin',
      zipkin,
      '--csv',
      csv,
      '--timeline-csv',
      timeline,
      '--hgrm',
      hgrm,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');

    const spans = JSON.parse(readFileSync(zipkin, 'utf8')) as ZipkinSpan[];
    expect(Array.isArray(spans)).toBe(true);
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) {
      expect(span.traceId).toMatch(/^[0-9a-f]{16,32}$/);
      expect(typeof span.id).toBe('string');
      expect(typeof span.timestamp).toBe('number');
    }
    const traces = new Set(spans.map((span) => span.traceId)).size;
    expect(result.stderr).toContain(`${zipkin}: ${spans.length} spans in ${traces} trace`);

    const csvLines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(csvLines[0]).toMatch(
      /^run_id,service,package,instances,requests,errors,success_rate,.*,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,utilisation,/,
    );
    expect(csvLines).toHaveLength(1 + SERVICES.length);
    const columns = (csvLines[0] as string).split(',');
    const rows = csvLines.slice(1).map((line) => line.split(','));
    expect(rows.map((row) => row[columns.indexOf('service')]).sort()).toEqual([...SERVICES].sort());
    for (const row of rows) {
      expect(row).toHaveLength(columns.length);
      expect(row[0]).toBe('1');
      expect(Number(row[columns.indexOf('requests')])).toBeGreaterThan(0);
      expect(Number.isFinite(Number(row[columns.indexOf('p99_ms')]))).toBe(true);
    }
    expect(result.stderr).toContain(`${csv}: 4 services\n`);

    const timelineLines = readFileSync(timeline, 'utf8').trimEnd().split('\n');
    expect(timelineLines[0]).toBe('run_id,second,kind,name,requests,errors,p50_ms,p90_ms,p99_ms');
    expect(timelineLines[1]).toMatch(/^1,0,entry,www,\d+,\d+,[\d.]+,[\d.]+,[\d.]+$/);
    expect(timelineLines.some((line) => line.startsWith('1,1,service,webserver,'))).toBe(true);

    const text = readFileSync(hgrm, 'utf8');
    const sections = text.split('\n').filter((line) => line.startsWith('# '));
    expect(sections[0]).toBe('# entry:www');
    expect(sections.slice(1).sort()).toEqual(SERVICES.map((name) => `# service:${name}`).sort());
    expect(text.match(/^\s+Value\s+Percentile\s+TotalCount\s+1\/\(1-Percentile\)$/gm)).toHaveLength(
      1 + SERVICES.length,
    );
    expect(text).toMatch(/#\[Max\s+=\s+[\d.]+, Total count\s+=\s+\d+\]/);
    expect(result.stderr).toContain(`${hgrm}: 5 histograms\n`);
  });

  it('exports one chosen histogram to standard output, and refuses unknown ones', async () => {
    const one = await cli(
      'export',
      '1',
      '--db',
      db,
      '--hgrm',
      '-',
      '--histogram',
      'edge:webserver->memcache',
    );
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^# edge:webserver->memcache\n\s+Value\s+Percentile/);
    expect(one.stdout.match(/^# /gm)).toHaveLength(1);

    const all = await cli('export', '1', '--db', db, '--hgrm', '-', '--histogram', 'all');
    expect(all.stdout).toContain('# edge:webserver-elb->webserver:network\n');

    const unknown = await cli('export', '1', '--db', db, '--hgrm', '-', '--histogram', 'service:nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^run 1 has no histogram "service:nope" \(known: entry:www, service:/);
  });

  it('deletes runs, until the list is empty', async () => {
    const deleted = await cli('runs', 'delete', '2', '--db', db);
    expect(deleted).toEqual({ code: 0, stdout: 'deleted run 2\n', stderr: '' });
    const list = await cli('runs', 'list', '--db', db, '--json');
    expect((JSON.parse(list.stdout) as RunSummary[]).map((run) => run.id)).toEqual([5, 4, 3, 1]);

    expect((await cli('runs', 'show', '2', '--db', db)).code).toBe(1);
    const rest = await cli('runs', 'delete', '1', '3', '4', '5', '--db', db);
    expect(rest.code).toBe(0);
    expect(rest.stdout).toBe('deleted run 1\ndeleted run 3\ndeleted run 4\ndeleted run 5\n');
    expect(await cli('runs', 'list', '--db', db)).toEqual({
      code: 0,
      stdout: `no runs in ${db}\n`,
      stderr: '',
    });
    expect(JSON.parse((await cli('runs', 'list', '--db', db, '--json')).stdout)).toEqual([]);
  });
});

describe('store commands: errors', () => {
  const db = inTemporary('errors.sqlite');

  it('sets up a database with one done run', async () => {
    expect((await cli('run', lamp, ...quick, '--db', db)).code).toBe(0);
  });

  it('exits 1 for an unknown run id, naming it and the database', async () => {
    const message = `run 42 not found in ${db}\n`;
    expect(await cli('runs', 'show', '42', '--db', db)).toEqual({ code: 1, stdout: '', stderr: message });
    expect(await cli('runs', 'delete', '42', '--db', db)).toEqual({ code: 1, stdout: '', stderr: message });
    expect(await cli('compare', '1', '42', '--db', db)).toEqual({ code: 1, stdout: '', stderr: message });
    expect(await cli('export', '42', '--db', db, '--csv', '-')).toEqual({
      code: 1,
      stdout: '',
      stderr: message,
    });
  });

  it('exits 2 when --db is missing, naming the option', async () => {
    for (const argv of [
      ['runs', 'list'],
      ['runs', 'show', '1'],
      ['runs', 'delete', '1'],
      ['compare', '1', '2'],
      ['export', '1', '--csv', '-'],
    ]) {
      const result = await cli(...argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--db PATH is required');
      expect(result.stderr).toContain(`usage: archsim ${argv[0]}`);
    }
  });

  it('exits 2 for bad options and arguments', async () => {
    const cases: [string[], string][] = [
      [['runs'], 'runs needs a sub-command'],
      [['runs', 'frob', '--db', db], 'unknown sub-command "frob"'],
      [['runs', 'show', 'abc', '--db', db], 'a run id is a whole number ≥ 1 (got "abc")'],
      [['runs', 'show', '0', '--db', db], 'a run id is a whole number ≥ 1 (got "0")'],
      [['runs', 'show', '--db', db], 'runs show takes exactly one run ID'],
      [['runs', 'list', '--db', db, '--limit', '0'], '--limit must be a whole number ≥ 1 (got "0")'],
      [['runs', 'list', '--db', db, '--status', 'finished'], '--status must be one of queued, running, done'],
      [['runs', 'list', '--db', db, '--frob'], 'unknown option --frob'],
      [['runs', 'delete', '--db', db], 'runs delete takes one or more run IDs'],
      [['compare', '1', '--db', db], 'compare takes two or more run IDs'],
      [['export', '1', '--db', db], 'choose what to export'],
      [['export', '1', '--db', db, '--csv', '-', '--zipkin', '-'], 'only one output can be standard output'],
      [['export', '1', '--db', db, '--csv', '-', '--histogram', 'all'], 'give --hgrm F too'],
    ];
    for (const [argv, message] of cases) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toContain(message);
    }
  });

  it('prints help for each command', async () => {
    for (const command of ['runs', 'compare', 'export']) {
      const result = await cli(command, '--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`usage: archsim ${command}`);
      expect(result.stdout).toContain('--db PATH');
    }
    expect((await cli('help')).stdout).toMatch(/\n {2}compare ID ID…/);
    expect((await cli('run', '--help')).stdout).toContain('--db PATH');
  });

  it('exits 2 for a database that does not exist (without creating it) or cannot be opened', async () => {
    const missing = inTemporary('missing.sqlite');
    const result = await cli('runs', 'list', '--db', missing);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${missing}: no run database there`));
    expect(existsSync(missing)).toBe(false);

    const folder = inTemporary('a-folder');
    mkdirSync(folder);
    const listed = await cli('runs', 'list', '--db', folder);
    expect(listed).toEqual({
      code: 2,
      stdout: '',
      stderr: `${folder}: cannot open the run database: is a directory\n`,
    });
    const run = await cli('run', lamp, ...quick, '--db', folder);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${folder}: cannot open the run database: is a directory\n`);
  });

  it("exits 2 for another program's SQLite database, leaving it untouched", async () => {
    const other = inTemporary('other.sqlite');
    const database = new Database(other);
    database.exec('CREATE TABLE notes (text TEXT)');
    database.close();
    const result = await cli('runs', 'list', '--db', other);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a SQLite database of another program');
    expect(existsSync(other)).toBe(true);
  });

  it('refuses a file that is not SQLite in a read command, changing nothing', async () => {
    const folder = inTemporary('not-sqlite');
    mkdirSync(folder);
    const mistake = path.join(folder, 'lamp.json');
    writeFileSync(mistake, '{"services": []}');
    const result = await cli('runs', 'list', '--db', mistake);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${mistake}: not a run database (not an SQLite file); nothing was changed\n`);
    expect(readdirSync(folder)).toEqual(['lamp.json']);
  });

  it('moves a corrupt run database aside when storing a run, says so, and carries on with a new one', async () => {
    const folder = inTemporary('corrupt');
    mkdirSync(folder);
    const corrupt = path.join(folder, 'runs.sqlite');
    const store = openRunStore(corrupt);
    for (let seed = 0; seed < 20; seed++) {
      store.createRun({
        document: document(6, 'LAMP') as unknown as ArchDocument,
        seed,
        engineVersion: 'test',
      });
    }
    store.close();
    // Damage pages in the middle of the file: still archsim's (its header says so), no longer sound.
    const bytes = readFileSync(corrupt);
    bytes.fill(0xa5, 4096 * 2, 4096 * 4);
    writeFileSync(corrupt, bytes);
    const result = await cli('run', lamp, '--duration', '1s', '--quiet', '--db', corrupt);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(
        `^${corrupt}: the run database was corrupt \\(.*\\); it was moved to ${corrupt}\\.corrupt-\\S+ (\\(with .*\\) )?and a new, empty database was created in its place\\n`,
      ),
    );
    expect(result.stderr).toContain(`stored as run 1 in ${corrupt}`);
    const moved = readdirSync(folder).find((name) => /^runs\.sqlite\.corrupt-[^-]/.test(name)) as string;
    expect(readFileSync(path.join(folder, moved)).equals(bytes)).toBe(true);
  });

  it('refuses to store a run in a file that is not a run database, leaving it as it was', async () => {
    const folder = inTemporary('mistaken-db');
    mkdirSync(folder);
    const mistake = path.join(folder, 'lamp.json');
    writeFileSync(mistake, readFileSync(lamp));
    const result = await cli('run', lamp, '--duration', '1s', '--quiet', '--db', mistake);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `${mistake}: not a run database (not an SQLite file); nothing was changed\n`,
    });
    expect(readdirSync(folder)).toEqual(['lamp.json']);
    expect(readFileSync(mistake).equals(readFileSync(lamp))).toBe(true);
  });

  it('shows a failed run with its reason; it has nothing to compare or export', async () => {
    const store = openRunStore(db);
    const id = store.createRun({
      document: document(6, 'LAMP') as unknown as ArchDocument,
      seed: 3,
      engineVersion: 'test',
    });
    store.failRun(id, 'the engine failed: out of memory');
    store.close();

    const shown = await cli('runs', 'show', String(id), '--db', db);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`run ${id}\n  status    failed\n`);
    expect(shown.stdout).toContain('\n  failure   the engine failed: out of memory');
    expect(shown.stdout).not.toContain('SERVICE');

    const reason = `run ${id} is failed: it has no result`;
    const json = await cli('runs', 'show', String(id), '--db', db, '--json');
    expect(json).toEqual({ code: 1, stdout: '', stderr: `${reason} (the engine failed: out of memory)\n` });
    const compared = await cli('compare', '1', String(id), '--db', db);
    expect(compared.code).toBe(1);
    expect(compared.stderr).toBe(`${reason} to compare (the engine failed: out of memory)\n`);
    expect((await cli('export', String(id), '--db', db, '--csv', '-')).code).toBe(1);

    const listed = await cli('runs', 'list', '--db', db);
    expect(listed.stdout).toMatch(
      new RegExp(`\\n ?${id}\\s+failed\\s+\\S+Z\\s+lamp\\s+-\\s+3\\s+-\\s+-\\s+-\\n`),
    );
  });

  it('refuses to delete a running run, with the store’s message', async () => {
    const store = openRunStore(db);
    try {
      const id = store.createRun({
        document: document(6, 'LAMP') as unknown as ArchDocument,
        seed: 1,
        engineVersion: 'test',
      });
      const result = await cli('runs', 'delete', String(id), '--db', db);
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `run ${id} is running: cannot delete it (cancel it first)\n`,
      });
      store.cancelRun(id);
      expect((await cli('runs', 'delete', String(id), '--db', db)).stdout).toBe(`deleted run ${id}\n`);
    } finally {
      store.close();
    }
  });

  it('exits 2 when an export file cannot be written', async () => {
    const target = inTemporary('no-such-folder/services.csv');
    const result = await cli('export', '1', '--db', db, '--csv', target);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${target}: cannot write file: no such folder\n` });
  });
});
