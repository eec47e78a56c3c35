import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '@cli/main.ts';
import { processIo, type CliIo } from '@cli/io.ts';
import { repositoryRoot, spigoFile } from '../support/spigo.ts';
import { PACKAGE_NAMES } from '@shared/document/packages.ts';

/** Runs the CLI in memory with the real file system; returns exit code and output. */
async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    ...processIo,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const temporary = mkdtempSync(path.join(tmpdir(), 'archsim-cli-'));
const write = (name: string, text: string) => {
  const file = path.join(temporary, name);
  writeFileSync(file, text);
  return file;
};

describe('archsim validate', () => {
  it('exits 0 for valid files, printing a line per file', async () => {
    const netflixoss = spigoFile('json_arch', 'netflixoss_arch.json');
    const result = await run('validate', netflixoss);
    expect(result).toEqual({ code: 0, stdout: `${netflixoss}: valid (8 services)\n`, stderr: '' });
  });

  it('exits 1 and lists every problem as FILE: PATH: MESSAGE', async () => {
    const bad = spigoFile('invalid', 'testBadPackage_arch.json');
    const missing = spigoFile('invalid', 'testMissingDep_arch.json');
    const result = await run('validate', bad, missing);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `${bad}: $.services[2].package: unknown package "unknown" (valid: ${PACKAGE_NAMES.join(', ')})`,
      `${missing}: $.services[3].dependencies[2]: unknown dependency "missing" (no service has that name)`,
      '',
    ]);
  });

  it('prints warnings but still exits 0', async () => {
    const file = spigoFile('json_arch', 'testyaml_arch.json');
    const result = await run('validate', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${file}: $.services: warning: no denominator service`);
  });

  it('exits 2 for malformed JSON, naming line and column', async () => {
    const file = write('broken.json', '{\n  "services": [\n    {"name": "a" "package": "store"}\n  ]\n}\n');
    const result = await run('validate', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${file}:3:18: malformed JSON at line 3, column 18: comma expected\n`);
  });

  it('exits 2 for unreadable files, even alongside invalid ones', async () => {
    const bad = spigoFile('invalid', 'testDuplicate_arch.json');
    const result = await run('validate', bad, path.join(temporary, 'nope.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${path.join(temporary, 'nope.json')}: cannot read file: no such file\n`);
  });

  it('prints the same problems as JSON with --json', async () => {
    const bad = spigoFile('invalid', 'testDuplicate_arch.json');
    const result = await run('validate', '--json', bad, path.join(temporary, 'nope.json'));
    expect(result.code).toBe(2);
    const problems = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(problems).toEqual([
      {
        file: bad,
        severity: 'error',
        code: 'duplicate-name',
        path: '$.services[3].name',
        message: 'duplicate service name "signup-node" (first defined at $.services[2])',
        line: 12,
        column: 19,
      },
      {
        file: path.join(temporary, 'nope.json'),
        severity: 'error',
        code: 'unreadable',
        path: '$',
        message: 'cannot read file: no such file',
        line: null,
        column: null,
      },
    ]);
  });

  it('validates the bundled examples', async () => {
    const names = ['lamp', 'riak', 'netflixoss', 'storage', 'retry-storm', 'retry-budget'];
    const examples = names.map((name) => path.join(repositoryRoot, 'resources/examples', `${name}.json`));
    const result = await run('validate', ...examples);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((line) => / valid \(/.test(line))).toHaveLength(names.length);
  });

  it('rejects bad options with exit 2 and the usage', async () => {
    const result = await run('validate', '--scale', '0', spigoFile('json_arch', 'lamp_arch.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--scale must be a whole number ≥ 1 (got "0")');
    expect(result.stderr).toContain('usage: archsim validate');
    expect((await run('validate')).code).toBe(2);
    expect((await run('validate', '--frobnicate', 'x')).code).toBe(2);
    expect((await run('frobnicate')).stderr).toContain('unknown command "frobnicate"');
  });
});

describe('archsim expand', () => {
  const netflixoss = spigoFile('json_arch', 'netflixoss_arch.json');

  it('prints a summary per service, region and zone', async () => {
    const result = await run('expand', netflixoss);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      'netflixoss: 8 services, 65 instances (+3 eureka), 259 edges; scale 100 %, 1 region',
    );
    expect(lines[2]).toMatch(/^SERVICE\s+PACKAGE\s+REGION\s+zoneA\s+zoneB\s+zoneC\s+\*\s+TOTAL$/);
    expect(lines.find((line) => line.startsWith('homepage '))).toMatch(
      /^homepage\s+karyon\s+us-east-1\s+8\s+8\s+8\s+-\s+24$/,
    );
    expect(lines.find((line) => line.startsWith('www '))).toMatch(
      /^www\s+denominator\s+\*\s+-\s+-\s+-\s+1\s+1$/,
    );
  });

  it('writes the spigo graph to a file with --out, matching spigo’s counts for -p 200', async () => {
    const out = path.join(temporary, 'graph.json');
    const result = await run('expand', netflixoss, '--format', 'graph', '--scale', '200', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`${out}: 128 nodes, 1033 edges, 108 done\n`);
    const graph = JSON.parse(readFileSync(out, 'utf8')) as { arch: string; args: string; graph: unknown[] };
    expect(graph.arch).toBe('netflixoss');
    expect(graph.args).toBe(`[archsim expand ${netflixoss} --scale 200 --regions 1]`);
    expect(graph.graph).toHaveLength(128 + 1033 + 108);
  });

  it('writes the graph to standard output', async () => {
    const result = await run('expand', spigoFile('json_arch', 'storage_arch.json'), '--format', 'graph');
    const graph = JSON.parse(result.stdout) as { graph: { node?: string }[] };
    expect(graph.graph.filter((entry) => entry.node)).toHaveLength(6);
  });

  it('refuses an invalid file with exit 1 and its problems', async () => {
    const result = await run('expand', spigoFile('invalid', 'testBadPackage_arch.json'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\$\.services\[2\]\.package: unknown package "unknown"/);
    expect(result.stdout).toBe('');
  });

  it('refuses more regions than exist and unknown formats', async () => {
    const regions = await run('expand', netflixoss, '--regions', '7');
    expect(regions.code).toBe(1);
    expect(regions.stderr).toMatch(/needs 7 regions .* but only 6 exist/);
    expect((await run('expand', netflixoss, '--format', 'dot')).stderr).toContain(
      '--format must be graph or summary',
    );
  });
});
