/**
 * The hostile-input table (run by ./hostile-input.test.ts): each document or option a careless
 * user or a stranger gives, and the answer it must get — an exit status and a message that says
 * what is wrong, never a hang, a stack trace or a lost file. A new finding is one more row.
 *
 * In an argument, `{name}` stands for the path of the workspace file `name` (written from `files`
 * before the command runs, or made by `setup`); `{}` for the workspace itself.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { openRunStore } from '@store/index.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import { smallDocument, workspace, type CliResult } from './support.ts';

export const space = workspace('archsim-hostile-');

type Content = string | Buffer | object;

export interface HostileCase {
  readonly name: string;
  readonly files?: Record<string, Content>;
  /** Makes what `files` cannot (a FIFO, a huge sparse file, a run database). */
  readonly setup?: () => void;
  readonly argv: readonly string[];
  readonly code: number;
  /** What stderr must contain (strings) or match (patterns). */
  readonly stderr?: readonly (string | RegExp)[];
  readonly stdout?: readonly (string | RegExp)[];
  /** Further checks once the command is done (files unchanged, nothing created…). */
  readonly after?: (result: CliResult) => void;
}

const big = (count: number) =>
  smallDocument({}, { count }) as { services: { name: string; count: number }[] };
const nested = (depth: number) => `{"services": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
const lamp = readFileSync(new URL('../../resources/examples/lamp.json', import.meta.url), 'utf8');
const unchanged = (name: string, content: string) => () =>
  expect(readFileSync(space.path(name), 'utf8')).toBe(content);

/** 1,500 services that nothing calls, behind one that is called. */
const manyUnreachable = {
  services: [
    { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['web'] },
    { name: 'web', package: 'karyon', count: 2, regions: 1, dependencies: [] },
    ...Array.from({ length: 1500 }, (_, index) => ({
      name: `orphan${index}`,
      package: 'karyon',
      count: 2,
      regions: 1,
      dependencies: [],
    })),
  ],
};

export const CASES: readonly HostileCase[] = [
  // Unbounded work.
  {
    name: 'count 1e9: an error at the count, naming the limit and the count',
    files: { 'huge.json': big(1e9) },
    argv: ['validate', '{huge.json}'],
    code: 1,
    stdout: [
      '$.services[1].count: expands to 1,000,000,003 instances, more than the limit of 2,000,000',
      '--max-instances N',
    ],
  },
  {
    name: 'count 1e9, run: refused before anything is allocated',
    files: { 'huge.json': big(1e9) },
    argv: ['run', '{huge.json}', '--quiet'],
    code: 1,
    stderr: ['$.services[1].count: expands to 1,000,000,003 instances, more than the limit of 2,000,000'],
  },
  {
    name: 'count 1e9, expand: refused before anything is allocated',
    files: { 'huge.json': big(1e9) },
    argv: ['expand', '{huge.json}', '--format', 'graph'],
    code: 1,
    stderr: ['more than the limit of 2,000,000'],
    stdout: [/^$/],
  },
  {
    name: '--max-instances raises the limit',
    files: { 'large.json': big(3_000_000) },
    argv: ['validate', '{large.json}', '--max-instances', '4000000'],
    code: 0,
    stdout: ['valid (3 services'],
  },
  {
    name: 'a scale that multiplies past the limit',
    files: { 'small.json': smallDocument() },
    argv: ['validate', '{small.json}', '--scale', '1000000', '--max-instances', '1000'],
    code: 1,
    stdout: ['expands to 40,001 instances, more than the limit of 1,000'],
  },
  {
    name: 'load.rate 1e9 in the document',
    files: { 'rate.json': smallDocument({ load: { rate: 1e9 } }) },
    argv: ['validate', '{rate.json}'],
    code: 1,
    stdout: ['$.load.rate: must be ≤ 10000000 (got 1000000000)'],
  },
  {
    name: 'load.durationS of a million seconds',
    files: { 'long.json': smallDocument({ load: { durationS: 1e6 } }) },
    argv: ['validate', '{long.json}'],
    code: 1,
    stdout: ['$.load.durationS: must be ≤ 86400 (got 1000000)'],
  },
  {
    name: '--rate 1e9',
    files: { 'small.json': smallDocument() },
    argv: ['run', '{small.json}', '--rate', '1e9'],
    code: 2,
    stderr: ['--rate must be at most 10,000,000 (got "1e9")'],
  },
  {
    name: '--duration 1000000h',
    files: { 'small.json': smallDocument() },
    argv: ['run', '{small.json}', '--duration', '1000000h'],
    code: 2,
    stderr: ['--duration must be at most 86,400 s (24h)'],
  },
  {
    name: 'a run whose events dwarf what the machine can do: a warning with the estimate',
    files: { 'heavy.json': smallDocument({ load: { rate: 10_000_000, durationS: 86_400 } }) },
    argv: ['validate', '{heavy.json}'],
    code: 0,
    stdout: [
      /\$\.load: warning: a run of 86,400 s at 10,000,000 req\/s is about [\d.]+ trillion events .* days of computing/,
    ],
  },
  {
    name: 'validate /dev/zero: not a regular file',
    argv: ['validate', '/dev/zero'],
    code: 2,
    stderr: ['/dev/zero: cannot read file: not a regular file (a character device)'],
  },
  {
    name: 'validate a FIFO: not a regular file, and no wait for a writer',
    setup: () => void spawnSync('mkfifo', [space.path('pipe.json')]),
    argv: ['validate', '{pipe.json}'],
    code: 2,
    stderr: ['cannot read file: not a regular file (a FIFO)'],
  },
  {
    name: 'a 65 MiB file: over the size limit, not read',
    setup: () => {
      writeFileSync(space.path('vast.json'), '');
      truncateSync(space.path('vast.json'), 65 * 1024 * 1024);
    },
    argv: ['validate', '{vast.json}'],
    code: 2,
    stderr: ['cannot read file: larger than the 64 MiB limit for documents (65 MiB)'],
  },
  {
    name: 'a chain of 20,000 services: checked without exhausting the stack',
    files: {
      'chain.json': {
        services: [
          { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['s0'] },
          ...Array.from({ length: 20_000 }, (_, index) => ({
            name: `s${index}`,
            package: 'karyon',
            count: 1,
            regions: 1,
            dependencies: index + 1 < 20_000 ? [`s${index + 1}`] : [],
          })),
        ],
      },
    },
    argv: ['validate', '{chain.json}'],
    code: 0,
    stdout: ['chain.json: valid (20001 services'],
  },
  // Crashes that must be messages.
  {
    name: 'run --out into a folder that does not exist: said before the simulation',
    files: { 'small.json': smallDocument() },
    argv: ['run', '{small.json}', '--out', '{no/such/dir/x.json}'],
    code: 2,
    stderr: [/no\/such\/dir\/x\.json: cannot write file: no such folder\n$/],
    stdout: [/^$/],
  },
  {
    name: 'run --traces DIRECTORY',
    files: { 'small.json': smallDocument() },
    argv: ['run', '{small.json}', '--traces', '{}'],
    code: 2,
    stderr: ['cannot write file: is a directory'],
    stdout: [/^$/],
  },
  {
    name: 'expand --format graph --out into a folder that does not exist',
    files: { 'small.json': smallDocument() },
    argv: ['expand', '{small.json}', '--format', 'graph', '--out', '{no/such/dir/x.json}'],
    code: 2,
    stderr: ['cannot write file: no such folder'],
  },
  {
    name: 'JSON nested 100,000 deep: a located error, exit 2',
    files: { 'deep.json': nested(100_000) },
    argv: ['validate', '{deep.json}'],
    code: 2,
    stderr: [/deep\.json:1:1013: JSON nested more than 1000 levels deep at line 1, column 1013\n$/],
  },
  // Lost or replaced files.
  {
    name: 'expand X --format graph --out X: the input is never overwritten',
    files: { 'input.json': lamp },
    argv: ['expand', '{input.json}', '--format', 'graph', '--out', '{input.json}', '--force'],
    code: 2,
    stderr: ['input.json: that is the input file; choose another file for --out'],
    after: unchanged('input.json', lamp),
  },
  {
    name: 'run X --out X',
    files: { 'input.json': lamp },
    argv: ['run', '{input.json}', '--out', '{input.json}'],
    code: 2,
    stderr: ['that is the input file'],
    after: unchanged('input.json', lamp),
  },
  {
    name: 'run --out over an existing file without --force',
    files: { 'small.json': smallDocument(), 'kept.json': 'precious' },
    argv: ['run', '{small.json}', '--out', '{kept.json}'],
    code: 2,
    stderr: ['kept.json: the file exists; add --force to replace it (--out)'],
    after: unchanged('kept.json', 'precious'),
  },
  {
    name: 'run --out and --traces to one file',
    files: { 'small.json': smallDocument() },
    argv: ['run', '{small.json}', '--out', '{one.json}', '--traces', '{one.json}'],
    code: 2,
    stderr: ['one.json: --out and --traces both name this file; give each output its own file'],
  },
  {
    name: 'run --db on an architecture file: refused, the file left in place',
    files: { 'small.json': smallDocument(), 'lamp.json': lamp },
    argv: ['run', '{small.json}', '--quiet', '--db', '{lamp.json}'],
    code: 2,
    stderr: ['lamp.json: not a run database (not an SQLite file); nothing was changed'],
    after: () => {
      unchanged('lamp.json', lamp)();
      expect(readdirSync(space.folder).filter((name) => name.startsWith('lamp.json'))).toEqual(['lamp.json']);
    },
  },
  {
    name: 'runs list on a truncated run database: a read command moves nothing',
    setup: () => {
      const file = space.path('truncated.sqlite');
      const store = openRunStore(file);
      for (let seed = 0; seed < 30; seed++) {
        store.createRun({
          document: smallDocument() as unknown as ArchDocument,
          seed,
          engineVersion: 'test',
        });
      }
      store.close();
      truncateSync(file, 4096 * 2);
    },
    argv: ['runs', 'list', '--db', '{truncated.sqlite}'],
    code: 2,
    stderr: [/truncated\.sqlite is damaged \(.*\); nothing was changed/],
    after: () =>
      expect(readdirSync(space.folder).filter((name) => name.startsWith('truncated.sqlite'))).toEqual([
        'truncated.sqlite',
      ]),
  },
  {
    name: 'export over an existing file without --force',
    setup: () => writeFileSync(space.path('existing.csv'), 'keep me'),
    argv: ['export', '1', '--db', '{history.sqlite}', '--csv', '{existing.csv}'],
    code: 2,
    stderr: ['existing.csv: the file exists; add --force to replace it (--csv)'],
    after: unchanged('existing.csv', 'keep me'),
  },
  {
    name: 'export two outputs to one path',
    argv: ['export', '1', '--db', '{history.sqlite}', '--csv', '{a.json}', '--zipkin', '{a.json}'],
    code: 2,
    stderr: ['a.json: --zipkin and --csv both name this file'],
  },
  // Words.
  {
    name: '--duration -5s',
    files: { 'small.json': smallDocument() },
    argv: ['run', '{small.json}', '--duration', '-5s'],
    code: 2,
    stderr: ['--duration must be a positive duration such as 60s, 2m or 500ms (got "-5s")'],
  },
  {
    name: '--rate -1',
    files: { 'small.json': smallDocument() },
    argv: ['run', '{small.json}', '--rate', '-1'],
    code: 2,
    stderr: ['--rate must be a number ≥ 0 (got "-1")'],
  },
  {
    name: '--seed -1',
    files: { 'small.json': smallDocument() },
    argv: ['run', '{small.json}', '--seed', '-1'],
    code: 2,
    stderr: ['--seed must be a whole number from 0 to 4294967295 (got "-1")'],
  },
  {
    name: '--scale abc',
    files: { 'small.json': smallDocument() },
    argv: ['expand', '{small.json}', '--scale', 'abc'],
    code: 2,
    stderr: ['--scale must be a whole number ≥ 1 (got "abc")'],
  },
  {
    name: 'a UTF-8 byte order mark is read',
    files: { 'bom.json': `\uFEFF${JSON.stringify(smallDocument())}` },
    argv: ['validate', '{bom.json}'],
    code: 0,
    stdout: ['bom.json: valid (3 services)'],
  },
  {
    name: 'a service name with terminal escape sequences is printed escaped',
    files: {
      'escape.json': {
        services: [
          {
            name: 'www',
            package: 'denominator',
            count: 0,
            regions: 0,
            dependencies: ['clear\u001b[2J\u009b'],
          },
          {
            name: 'clear\u001b[2J\u009b',
            package: 'karyon',
            count: 2,
            regions: 1,
            dependencies: ['clear\u001b[2J\u009b'],
          },
        ],
      },
    },
    argv: ['validate', '{escape.json}'],
    code: 1,
    stdout: ['clear\\u001b[2J\\u009b → clear\\u001b[2J\\u009b'],
    after: (result) =>
      expect(result.stdout.includes('\u001b') || result.stdout.includes('\u009b')).toBe(false),
  },
  {
    name: 'a failure scheduled after the end of the run is a warning',
    files: {
      'late.json': smallDocument({
        load: { durationS: 30 },
        scenarios: [
          { name: 'late', failures: [{ type: 'kill-instances', service: 'db', count: 1, atS: 45 }] },
        ],
      }),
    },
    argv: ['validate', '{late.json}'],
    code: 0,
    stdout: [
      "$.scenarios[0].failures[0].atS: warning: starts at 45 s, at or after the run's end (30 s): it will not happen",
    ],
  },
  {
    name: 'a run of a scenario whose failure comes after its end warns, and its table says it did not happen',
    files: {
      'late-run.json': smallDocument({
        scenarios: [
          { name: 'late', failures: [{ type: 'kill-instances', service: 'db', count: 1, atS: 500 }] },
        ],
      }),
    },
    argv: ['run', '{late-run.json}', '--quiet', '--duration', '2s', '--scenario', 'late'],
    code: 0,
    stderr: ["$.scenarios[0].failures[0].atS: warning: starts at 500 s, at or after the run's end (2 s)"],
    stdout: [/kill-instances\s+500\s+permanent\s+after the end: did not happen/],
  },
  {
    name: '1,500 services no entry point reaches: one grouped line',
    files: { 'orphans.json': manyUnreachable },
    argv: ['validate', '{orphans.json}'],
    code: 0,
    stdout: [
      /orphans\.json: \$\.services\[2\]\.name and 1,499 more: warning: 1,500 services are not reached from any entry point \("orphan0", "orphan1", "orphan2", "orphan3", "orphan4" and 1,495 more; validate --json lists each\)\n/,
    ],
    after: (result) => expect(result.stdout.split('\n').length).toBeLessThan(5),
  },
  // Call cycles.
  {
    name: 'a karyon that depends on itself',
    files: { 'self.json': smallDocument({}, { dependencies: ['db', 'web'] }) },
    argv: ['validate', '{self.json}'],
    code: 1,
    stdout: [
      '$.services[1].dependencies[1]: call cycle web → web: every request that reaches "web" goes round it',
    ],
  },
  {
    name: 'a cycle of three services, located at the dependency that closes it',
    files: {
      'cycle.json': {
        services: [
          { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['orders'] },
          { name: 'orders', package: 'karyon', count: 2, regions: 1, dependencies: ['billing'] },
          { name: 'billing', package: 'monolith', count: 2, regions: 1, dependencies: ['ledger'] },
          { name: 'ledger', package: 'karyon', count: 2, regions: 1, dependencies: ['orders'] },
        ],
      },
    },
    argv: ['run', '{cycle.json}', '--quiet'],
    code: 1,
    stderr: ['$.services[3].dependencies[0]: call cycle orders → billing → ledger → orders'],
  },
  {
    name: 'rings and stores that list themselves stay legal',
    files: {
      'ring.json': {
        services: [
          { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['api'] },
          { name: 'api', package: 'karyon', count: 3, regions: 1, dependencies: ['cass', 'kafka'] },
          { name: 'cass', package: 'priamCassandra', count: 6, regions: 1, dependencies: ['cass', 'eureka'] },
          { name: 'kafka', package: 'store', count: 3, regions: 1, dependencies: ['kafka'] },
        ],
      },
    },
    argv: ['validate', '{ring.json}'],
    code: 0,
    stdout: ['ring.json: valid (4 services)'],
  },
  // Quiet emptiness.
  {
    name: 'run --traces that sampled no trace says so and names --trace-rate',
    files: { 'small.json': smallDocument() },
    argv: [
      'run',
      '{small.json}',
      '--quiet',
      '--duration',
      '1s',
      '--trace-rate',
      '0',
      '--traces',
      '{traces.json}',
    ],
    code: 0,
    stderr: [/traces\.json: no trace was sampled \(trace rate 0 of \d+ requests\).*raise --trace-rate/],
  },
  {
    name: 'run --out with no sampled trace says so too',
    files: { 'small.json': smallDocument() },
    argv: [
      'run',
      '{small.json}',
      '--quiet',
      '--duration',
      '1s',
      '--trace-rate',
      '0',
      '--out',
      '{result.json}',
    ],
    code: 0,
    stderr: [/result\.json: no trace was sampled .*raise --trace-rate/],
  },
  {
    name: 'export --zipkin of a run without traces is written, and says it is empty',
    setup: () => {
      writeFileSync(space.path('untraced.json'), JSON.stringify(smallDocument()));
    },
    argv: ['export', '1', '--db', '{history.sqlite}', '--zipkin', '{spans.json}'],
    code: 0,
    stderr: [
      /spans\.json: 0 spans in 0 traces — empty: run 1 sampled no trace \(trace rate 0\); .*--trace-rate/,
    ],
    after: () => expect(readFileSync(space.path('spans.json'), 'utf8')).toBe('[]\n'),
  },
  {
    name: 'CSV cells that would start a spreadsheet formula are neutralised',
    argv: ['export', '2', '--db', '{history.sqlite}', '--csv', '{formula.csv}'],
    code: 0,
    after: () => {
      const csv = readFileSync(space.path('formula.csv'), 'utf8');
      expect(csv).toContain(`\n2,"'=HYPERLINK(""http://evil"")",karyon,`);
      expect(csv).toContain("\n2,'+cmd,karyon,");
      expect(csv).toContain("\n2,'@sum,store,");
      expect(csv).not.toMatch(/\n2,"?[=+\-@]/);
    },
  },
  {
    name: 'a command named like a property of every object is unknown, not a crash',
    argv: ['constructor'],
    code: 2,
    stderr: ['archsim: unknown command "constructor"'],
  },
  {
    name: 'runs with its options before a sub-command says where the sub-command goes',
    argv: ['runs', '--db', 'x.db'],
    code: 2,
    stderr: ['runs needs a sub-command before its options', '"archsim runs list --db x.db"'],
  },
  {
    name: 'help for a command that does not exist says so',
    argv: ['help', 'bogus'],
    code: 2,
    stderr: ['archsim help: unknown command "bogus"'],
    stdout: [/^$/],
  },
  {
    name: 'run --out with an empty name is refused before the run',
    files: { 'empty-out.json': smallDocument() },
    argv: ['run', '{empty-out.json}', '--duration', '1s', '--out', ''],
    code: 2,
    stderr: ['--out: the file name is empty; name a file'],
    stdout: [/^$/],
  },
  {
    name: 'run --out - writes only the result JSON to standard output, the tables to stderr',
    files: { 'stdout-out.json': smallDocument() },
    argv: ['run', '{stdout-out.json}', '--duration', '1s', '--quiet', '--out', '-'],
    code: 0,
    stderr: ['P99 ms'],
    after: (result) => expect(JSON.parse(result.stdout)).toMatchObject({ format: expect.any(String) }),
  },
];
