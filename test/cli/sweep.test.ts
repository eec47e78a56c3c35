/**
 * `archsim sweep`: one run per point in parallel, a table per point with the knee named, the
 * chart, the points stored as one group; `--emit k8s` writes an Indexed Job whose pods run the
 * points one each (checked against a schema of the fields used, and by running its pods' command
 * here); `runs import DIR` brings result files into a store.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openRunStore, toGroupId } from '@store/index.ts';
import type { RunResult } from '@shared/results.ts';
import type { SweepRow } from '@shared/sweep.ts';
import { repositoryRoot } from '../support/spigo.ts';
import { byClass, dataNumbers, expectStandaloneChart } from '../shared/charts/support.ts';
import { cli, smallDocument, workspace } from './support.ts';

const space = workspace('archsim-sweep-');
const lamp = path.join(repositoryRoot, 'resources', 'examples', 'lamp.json');
/** LAMP with two workers per web server: its p99 leaves the floor between 800 and 1,100 req/s. */
const SWEEP = ['--rate', '200:2000:7', '--param', 'webserver.capacity.concurrency=2', '--duration', '3s'];

describe('sweep', () => {
  const database = space.path('sweep.db');
  const chart = space.path('sweep.svg');
  const results = space.path('results');

  it('runs every point in parallel: a row each, the knee named, the chart, the result files and one group', async () => {
    const sweep = await cli(
      'sweep',
      lamp,
      ...SWEEP,
      '--jobs',
      '2',
      '--chart',
      chart,
      '--results',
      results,
      '--db',
      database,
    );
    expect(sweep.code).toBe(0);
    expect(sweep.stderr).toMatch(/7 of 7 points in [\d.]+ s wall time on 2 worker threads/);
    const lines = sweep.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^\s*RATE\s+webserver\.capacity\.concurrency\s+REQUESTS\s+THROUGHPUT \/s\s+ERRORS/,
    );
    expect(lines.slice(1, 8).map((line) => line.trim().split(/\s+/)[0])).toEqual([
      '200',
      '500',
      '800',
      '1,100',
      '1,400',
      '1,700',
      '2,000',
    ]);
    expect(lines.find((line) => line.includes('← knee'))?.trim()).toMatch(/^1,100 /);
    expect(sweep.stdout).toMatch(
      /knee: at rate 1,100, where p99 leaves its floor — \S+ ms, [\d.]+× the \S+ ms/,
    );

    // The chart: three percentiles over seven points, the knee marked.
    const root = expectStandaloneChart(readFileSync(chart, 'utf8'));
    const series = byClass(root, 'series', 'g');
    expect(series.map((each) => each.attributes['data-series'])).toEqual(['p50', 'p90', 'p99']);
    expect(dataNumbers(series[2]?.attributes['data-values-ms'])).toHaveLength(7);
    expect(byClass(root, 'knee')[0]?.attributes['data-x']).toBe('1,100');

    // The result files and the plan, the same file a point's pod writes.
    expect(readdirSync(results).sort()).toEqual([
      'point-0000.json',
      'point-0001.json',
      'point-0002.json',
      'point-0003.json',
      'point-0004.json',
      'point-0005.json',
      'point-0006.json',
      'sweep.json',
    ]);

    // The group: seven runs in point order; `runs show gID` prints the table again.
    const store = openRunStore(database, { readonly: true });
    const group = store.getGroup(toGroupId(1));
    store.close();
    expect(group).toMatchObject({ kind: 'sweep', arch: 'lamp', runs: 7, done: 7 });
    expect(group?.members.map((member) => member.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const shown = await cli('runs', 'show', 'g1', '--db', database);
    expect(shown.stdout).toContain('group g1: sweep of lamp');
    expect(shown.stdout).toMatch(/1,100 .*← knee/);
  });

  it('runs each point as the single run with those options would', async () => {
    const single = space.path('rate-800.json');
    const run = await cli(
      'run',
      lamp,
      '--rate',
      '800',
      '--duration',
      '3s',
      '--out',
      single,
      '--quiet',
      ...['--seed', '1'],
    );
    expect(run.code).toBe(0);
    // The point's document has the swept field set; a single run needs it in the file.
    const document = JSON.parse(readFileSync(lamp, 'utf8')) as { services: { name: string }[] };
    const changed = {
      ...document,
      services: document.services.map((service) =>
        service.name === 'webserver' ? { ...service, capacity: { concurrency: 2 } } : service,
      ),
    };
    const file = space.file('lamp.json', changed);
    expect(
      (await cli('run', file, '--rate', '800', '--duration', '3s', '--out', single, '--force', '--quiet'))
        .code,
    ).toBe(0);
    const point = JSON.parse(readFileSync(path.join(results, 'point-0002.json'), 'utf8')) as RunResult;
    const expected = JSON.parse(readFileSync(single, 'utf8')) as RunResult;
    expect(point.summary).toEqual(expected.summary);
    expect(point.entries).toEqual(expected.entries);
    expect(point.services).toEqual(expected.services);
  });

  it('prints the plan, the rows and the knee as JSON', async () => {
    const result = await cli('sweep', lamp, ...SWEEP, '--jobs', '2', '--json', '--quiet');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      rows: SweepRow[];
      knee: { row: SweepRow; floorMs: number };
    };
    expect(report.rows.map((row) => row.values['rate'])).toEqual([200, 500, 800, 1100, 1400, 1700, 2000]);
    expect(report.knee.row.values['rate']).toBe(1100);
    expect(report.knee.row.p99).toBeGreaterThan(1.5 * report.knee.floorMs);
  });

  it('names no knee when several axes vary, and none when p99 stays on its floor', async () => {
    const two = await cli(
      'sweep',
      lamp,
      '--rate',
      '100:200:2',
      '--param',
      'webserver.capacity.concurrency=4,8',
      '--duration',
      '1s',
      '--quiet',
    );
    expect(two.code).toBe(0);
    expect(two.stdout.trim().split('\n')).toHaveLength(1 + 4 + 2);
    expect(two.stdout).toContain(
      'knee: found along one axis only (this sweep varies rate and webserver.capacity.concurrency)',
    );
    const flat = await cli('sweep', lamp, '--rate', '100:300:3', '--duration', '2s', '--quiet');
    expect(flat.stdout).toContain('knee: none — p99 stays within 1.5× its floor across rate');
  });

  it.each([
    [[], /sweep needs an axis/],
    [['--rate', '100:200'], /--rate takes FROM:TO:STEPS/],
    [['--rate', '100:200:0'], /STEPS must be a whole number from 1/],
    [['--rate', '1:2:2', '--param', 'web'], /--param takes SERVICE\.FIELD=a,b,c/],
    [['--rate', '1:2:2', '--param', 'nosuch.timeoutMs=1,2'], /the document has no service "nosuch"/],
    [['--rate', '1:2:2', '--emit', 'helm'], /--emit takes k8s/],
    [['--rate', '1:2:2', '--point', '2', '--results', 'out'], /--point must be a whole number from 0 to 1/],
    [['--rate', '1:2:2', '--point', '0'], /--point N writes its result to --results DIR/],
    [['--rate', '1:2:2', '--out', 'job.yaml'], /--out names the manifest of --emit k8s/],
    [['--rate', '1:2:2', '--scenario', 'nosuch'], /unknown scenario "nosuch" \(the document has none\)/],
    [['--rate', '1:2:2', '--chart', 'knee.png'], /--chart knee\.png: charts are written as SVG/],
    [['--rate', '1:2:2', '--emit', 'k8s', '--image', ''], /--image must name a container image/],
    [
      ['--rate', '1:2:2', '--emit', 'k8s', '--results-claim', 'UPPER_case'],
      /--results-claim must be a Kubernetes name/,
    ],
    [['--rate', '1:2:2', '--param', 'webserver.nosuchfield=1,2'], /a service has no field "nosuchfield"/],
    [
      ['--param', 'webserver.count=1,2', '--param', 'webserver.count=3,4'],
      /--param webserver\.count is given twice/,
    ],
  ])('refuses %j before any work (exit 2)', async (flags, message) => {
    const result = await cli('sweep', lamp, ...flags);
    expect(result.code).toBe(2);
    // The line that says what is wrong (after the document's own warnings, once it is read).
    expect(result.stderr.split('\n').find((line) => line.startsWith('archsim sweep: '))).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('keeps an existing chart unless --force, and says so before running anything', async () => {
    const existing = space.file('existing.svg', 'keep me');
    const result = await cli(
      'sweep',
      lamp,
      '--rate',
      '100:200:2',
      '--duration',
      '1s',
      '--chart',
      existing,
      '--db',
      space.path('unused.db'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/existing\.svg.*exists.*--force/);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    expect(existsSync(space.path('unused.db'))).toBe(false);
  });
});

/** The fields of the manifest archsim writes and a cluster reads: a zod schema of each. */
const configMapSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('ConfigMap'),
  metadata: z.object({ name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/) }),
  data: z.object({ 'document.json': z.string() }),
});
const jobSchema = z.object({
  apiVersion: z.literal('batch/v1'),
  kind: z.literal('Job'),
  metadata: z.object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
    labels: z.record(z.string(), z.string()),
  }),
  spec: z.object({
    completionMode: z.literal('Indexed'),
    completions: z.number().int().positive(),
    parallelism: z.number().int().positive(),
    backoffLimitPerIndex: z.number().int().nonnegative(),
    maxFailedIndexes: z.number().int().nonnegative(),
    template: z.object({
      metadata: z.object({ labels: z.record(z.string(), z.string()) }),
      spec: z.object({
        restartPolicy: z.literal('Never'),
        containers: z
          .array(
            z.object({
              name: z.string(),
              image: z.string().min(1),
              command: z.array(z.string()),
              args: z.array(z.string()),
              env: z.array(
                z.object({
                  name: z.string(),
                  valueFrom: z.object({ fieldRef: z.object({ fieldPath: z.string() }) }),
                }),
              ),
              resources: z.object({ requests: z.object({ cpu: z.string(), memory: z.string() }) }),
              volumeMounts: z.array(
                z.object({ name: z.string(), mountPath: z.string(), readOnly: z.boolean().optional() }),
              ),
            }),
          )
          .length(1),
        volumes: z.array(
          z.union([
            z.object({ name: z.string(), configMap: z.object({ name: z.string() }) }),
            z.object({ name: z.string(), persistentVolumeClaim: z.object({ claimName: z.string() }) }),
          ]),
        ),
      }),
    }),
  }),
});

describe('sweep --emit k8s and runs import', () => {
  const manifest = space.path('job.yaml');

  it('writes an Indexed Job with one completion per point, whose pods run the points one each', async () => {
    const file = space.file('small.json', smallDocument({ load: { rate: 100, durationS: 1 } }));
    const emitted = await cli(
      'sweep',
      file,
      '--rate',
      '100:400:4',
      '--duration',
      '1s',
      '--jobs',
      '3',
      '--emit',
      'k8s',
      '--image',
      'registry.example/archsim:1',
      '--out',
      manifest,
    );
    expect(emitted.code).toBe(0);
    expect(emitted.stderr).toContain('Kubernetes Indexed Job of 4 points');
    const documents = parseAllDocuments(readFileSync(manifest, 'utf8')).map(
      (document) => document.toJS() as unknown,
    );
    expect(documents).toHaveLength(2);
    const configMap = configMapSchema.parse(documents[0]);
    const job = jobSchema.parse(documents[1]);
    expect(configMap.data['document.json']).toBe(readFileSync(file, 'utf8'));
    expect(job.metadata.name).toBe(configMap.metadata.name);
    expect(job.spec).toMatchObject({ completions: 4, parallelism: 3 });
    const [container] = job.spec.template.spec.containers;
    expect(container?.image).toBe('registry.example/archsim:1');
    expect(container?.env[0]).toEqual({
      name: 'ARCHSIM_POINT',
      valueFrom: {
        fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
      },
    });
    expect(container?.args).toEqual([
      'sweep',
      '/archsim/document.json',
      '--rate',
      '100:400:4',
      '--duration',
      '1s',
      '--point',
      '$(ARCHSIM_POINT)',
      '--results',
      '/results',
      '--quiet',
    ]);
    expect(job.spec.template.spec.volumes).toContainEqual({
      name: 'document',
      configMap: { name: configMap.metadata.name },
    });

    // The pods' command, run here for points 0 and 3 (the document and the volume as local paths).
    const folder = space.path('pods');
    mkdirSync(folder);
    for (const point of ['0', '3']) {
      const args = (container?.args ?? []).map((argument) =>
        argument === '/archsim/document.json'
          ? file
          : argument === '/results'
            ? folder
            : argument === '$(ARCHSIM_POINT)'
              ? point
              : argument,
      );
      const pod = await cli(...args);
      expect(pod.code).toBe(0);
    }
    expect(readdirSync(folder).sort()).toEqual(['point-0000.json', 'point-0003.json', 'sweep.json']);

    // Brought into a store: one sweep group with the two points at their positions.
    const database = space.path('imported.db');
    const imported = await cli('runs', 'import', folder, '--db', database);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/imported 2 runs \(1, 2\) from .* as group g1 \(sweep of 4 points\)/);
    const shown = await cli('runs', 'show', 'g1', '--db', database);
    expect(shown.stdout).toContain('(2 done of 4 planned)');
    expect(shown.stdout).toContain('(point 1 did not finish)');
    const store = openRunStore(database, { readonly: true });
    const group = store.getGroup(toGroupId(1));
    const point = store.getRun(group?.members[1]?.runId as never)?.result;
    store.close();
    expect(group?.members.map((member) => member.position)).toEqual([0, 3]);
    expect(point).toEqual(JSON.parse(readFileSync(path.join(folder, 'point-0003.json'), 'utf8')));

    // A point file of another sweep (another architecture, or another rate) does not join the group.
    const mixed = space.path('mixed-points');
    mkdirSync(mixed);
    for (const name of ['sweep.json', 'point-0000.json'])
      writeFileSync(path.join(mixed, name), readFileSync(path.join(folder, name)));
    const other = JSON.parse(readFileSync(path.join(folder, 'point-0003.json'), 'utf8')) as RunResult;
    writeFileSync(path.join(mixed, 'point-0001.json'), JSON.stringify({ ...other, arch: 'retry-storm' }));
    writeFileSync(path.join(mixed, 'point-0002.json'), JSON.stringify(other));
    const strict = await cli('runs', 'import', mixed, '--db', space.path('mixed-points.db'));
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(
      /point-0001\.json: not a point of sweep\.json \(it is of retry-storm, the sweep of \S+\); skipped/,
    );
    expect(strict.stderr).toMatch(
      /point-0002\.json: not a point of sweep\.json \(its rate is \S+, point 2's \S+\); skipped/,
    );
    expect(strict.stdout).toMatch(/imported 1 run \(1\) from .* as group g1/);
  });

  it('keeps an existing manifest unless --force', async () => {
    const result = await cli('sweep', lamp, '--rate', '1:2:2', '--emit', 'k8s', '--out', manifest);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/exists.*--force/);
  });

  it('imports the result files of a folder as runs, skipping (and naming) what is not one', async () => {
    const folder = space.path('mixed');
    mkdirSync(folder);
    const file = space.file('small-import.json', smallDocument({ load: { rate: 50, durationS: 1 } }));
    expect((await cli('run', file, '--out', path.join(folder, 'a.json'), '--quiet')).code).toBe(0);
    writeFileSync(path.join(folder, 'broken.json'), '{ not json');
    writeFileSync(path.join(folder, 'other.json'), JSON.stringify({ hello: 'world' }));
    writeFileSync(path.join(folder, 'notes.txt'), 'ignored: not .json');
    const database = space.path('mixed.db');
    const result = await cli('runs', 'import', folder, '--db', database);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^imported 1 run \(1\) from /);
    expect(result.stderr).toMatch(/broken\.json: not JSON .*; skipped/);
    expect(result.stderr).toMatch(/other\.json: not an archsim result file .*; skipped/);
    const listed = await cli('runs', 'list', '--db', database);
    expect(listed.stdout).toMatch(/done\s.*small-import/);
  });

  it('checks counts and histograms before storing, and stores all the files or none', async () => {
    const folder = space.path('checked');
    mkdirSync(folder);
    const file = space.file('small-checked.json', smallDocument({ load: { rate: 50, durationS: 1 } }));
    const good = path.join(folder, 'a.json');
    expect((await cli('run', file, '--out', good, '--quiet')).code).toBe(0);
    const result = JSON.parse(readFileSync(good, 'utf8')) as RunResult;
    const entry = result.entries[0]!;
    const withEntry = (changes: object) => ({ ...result, entries: [{ ...entry, ...changes }] });
    writeFileSync(path.join(folder, 'b.json'), JSON.stringify(withEntry({ requests: -7 })));
    writeFileSync(path.join(folder, 'c.json'), JSON.stringify(withEntry({ requests: 1e300 })));
    const [name] = Object.keys(result.histograms.entries);
    writeFileSync(
      path.join(folder, 'd.json'),
      JSON.stringify({
        ...result,
        histograms: { ...result.histograms, entries: { [name!]: 'HISTFAAAAgarbage' } },
      }),
    );
    const database = space.path('checked.db');
    const first = await cli('runs', 'import', folder, '--db', database);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/^imported 1 run \(1\) from /);
    expect(first.stderr).toMatch(/b\.json: not an archsim result file \(entries\.0\.requests: .*\); skipped/);
    expect(first.stderr).toMatch(/c\.json: not an archsim result file \(entries\.0\.requests: .*\); skipped/);
    expect(first.stderr).toMatch(
      /d\.json: not an archsim result file \(histograms\.entries\.\S+: not an HdrHistogram encoding/,
    );

    // A file the database refuses (a service with -1 instances) stops the import: nothing of it is stored.
    const refused = space.path('refused');
    mkdirSync(refused);
    writeFileSync(path.join(refused, 'a.json'), JSON.stringify(result));
    const service = result.services[0]!;
    writeFileSync(
      path.join(refused, 'b.json'),
      JSON.stringify({ ...result, services: [{ ...service, instances: -1 }, ...result.services.slice(1)] }),
    );
    writeFileSync(path.join(refused, 'c.json'), JSON.stringify(result));
    const all = await cli('runs', 'import', refused, '--db', database);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/b\.json: cannot be stored \(.*\); nothing was imported/);
    const listed = await cli('runs', 'list', '--db', database);
    expect(listed.stdout.trim().split('\n')).toHaveLength(2); // the header and run 1
    expect(listed.stdout).not.toMatch(/running/);
  });

  it('says which run is damaged when its stored JSON no longer parses (exit 2, no trace)', async () => {
    const database = space.path('damaged.db');
    const file = space.file('small-damaged.json', smallDocument({ load: { rate: 50, durationS: 1 } }));
    expect((await cli('run', file, '--db', database, '--quiet')).code).toBe(0);
    // Damage SQLite cannot see: a stored JSON text that no longer parses.
    const raw = new Database(database);
    raw.prepare("UPDATE run_entries SET json = '{XX' WHERE run_id = 1").run();
    raw.close();
    for (const args of [
      ['runs', 'show', '1'],
      ['export', '1', '--csv', '-'],
    ]) {
      const result = await cli(...args, '--db', database);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/run 1 is damaged \(its stored JSON does not parse: .*\)/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect((await cli('runs', 'list', '--db', database)).code).toBe(0);
  });

  it('refuses a folder that is not there, and a missing --db (exit 2)', async () => {
    const missing = await cli('runs', 'import', space.path('nowhere'), '--db', space.path('x.db'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such folder/);
    const noDatabase = await cli('runs', 'import', space.folder);
    expect(noDatabase.code).toBe(2);
  });
});
