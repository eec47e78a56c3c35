/** The value chain on the command line: evolve, owm, import of a map, diagram --view value-chain. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { fromOwm } from '@shared/value-chain/owm.ts';
import { cli, smallDocument, workspace } from './support.ts';
import { repositoryRoot } from '../support/spigo.ts';

const files = workspace('archsim-value-chain-');
const netflixoss = path.join(repositoryRoot, 'resources/examples/netflixoss.json');
const handWritten = path.join(repositoryRoot, 'test/fixtures/owm/streaming.owm');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The small document whose store is to become a commodity cache with a new latency. */
const evolving = () =>
  files.file('evolving.json', {
    ...smallDocument(),
    services: smallDocument().services.map((service) =>
      service.name === 'db'
        ? {
            ...service,
            evolve: { evolution: 'commodity', package: 'cache', latency: { type: 'constant', value: 1 } },
          }
        : service,
    ),
  });

describe('archsim evolve', () => {
  it('writes the variant with every evolve arrow applied and lists what evolved', async () => {
    const input = evolving();
    const out = files.path('variant.json');
    const result = await cli('evolve', input, '--out', out);
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr:
        `${out}: small-evolved, 1 service evolved\n` +
        '  db: store → cache, product 0.55 → commodity 0.85, new latency\n',
    });
    const variant = JSON.parse(readFileSync(out, 'utf8')) as {
      arch: string;
      services: Record<string, unknown>[];
    };
    expect(variant.arch).toBe('small-evolved');
    expect(variant.services[0]).toEqual({
      name: 'db',
      package: 'cache',
      count: 2,
      regions: 1,
      dependencies: [],
      evolution: 'commodity',
      latency: { type: 'constant', value: 1 },
    });
    expect((await cli('validate', out)).code).toBe(0);
  });

  it('writes to standard output without --out, and keeps an existing file unless --force', async () => {
    const input = evolving();
    const printed = await cli('evolve', input);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ arch: 'small-evolved' });
    const out = files.file('taken.json', '{}');
    expect(await cli('evolve', input, '--out', out)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${out}: the file exists; add --force to replace it (--out)\n`,
    });
    expect((await cli('evolve', input, '--out', out, '--force')).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(printed.stdout));
    const same = await cli('evolve', input, '--out', input, '--force');
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('that is the input file');
  });

  it('says so when no service has an evolve arrow (exit 1)', async () => {
    const plain = files.file('plain.json', smallDocument());
    expect(await cli('evolve', plain, '--out', files.path('never.json'))).toEqual({
      code: 1,
      stdout: '',
      stderr: `${plain}: no service has an evolve arrow, so there is no variant to make (give a service "evolve": {"evolution": "commodity", …})\n`,
    });
  });

  it('refuses a document with errors (1) and a file it cannot read (2), naming where', async () => {
    const bad = files.file('bad-evolve.json', {
      ...smallDocument(),
      services: smallDocument().services.map((service) =>
        service.name === 'db' ? { ...service, evolve: { evolution: 0.9, package: 'dynamo' } } : service,
      ),
    });
    const result = await cli('evolve', bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^.*bad-evolve\.json: \$\.services\[0\]\.evolve\.package: unknown package "dynamo" to evolve to/,
    );
    const missing = files.path('missing.json');
    expect(await cli('evolve', missing)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${missing}: cannot read file: no such file\n`,
    });
    expect((await cli('evolve')).code).toBe(2);
  });
});

describe('archsim owm', () => {
  it('prints the value chain as OnlineWardleyMaps text', async () => {
    const result = await cli('owm', netflixoss);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('title netflixoss');
    expect(lines).toContainEqual(expect.stringMatching(/^component www \[0\.82, 0\.85\] \/\/ archsim /));
    expect(lines).toContain('www->www-elb');
  });

  it('writes --out that archsim import reads back to the same document', async () => {
    const out = files.path('netflixoss.owm');
    expect(await cli('owm', netflixoss, '--out', out)).toEqual({
      code: 0,
      stdout: '',
      stderr: `${out}: 8 components (OnlineWardleyMaps)\n`,
    });
    expect((await cli('owm', netflixoss, '--out', out)).code).toBe(2);
    expect((await cli('owm', netflixoss, '--out', out, '--force')).code).toBe(0);
    const json = files.path('netflixoss-back.json');
    expect(await cli('import', out, '--out', json)).toEqual({
      code: 0,
      stdout: '',
      stderr: `imported 8 services from ${out} (OnlineWardleyMaps map) to ${json}\n`,
    });
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(JSON.parse(readFileSync(netflixoss, 'utf8')));
  });

  it('refuses a document with errors', async () => {
    const bad = files.file('bad-owm.json', smallDocument({}, { package: 'nonsense' }));
    const result = await cli('owm', bad);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('$.services[1].package: unknown package "nonsense"');
  });
});

describe('archsim import map.owm', () => {
  it('imports a hand-written map, listing what it did not keep with line numbers', async () => {
    const result = await cli('import', handWritten);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(fromOwm(readFileSync(handWritten, 'utf8')).document);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`${handWritten}:6: warning: inertia of "Recommendations [beta]" is not kept`);
    expect(lines).toContain(
      `${handWritten}:41: warning: not OnlineWardleyMaps syntax archsim reads: "this line is not OWM"`,
    );
    expect(lines.at(-1)).toBe(`imported 11 services from ${handWritten} (OnlineWardleyMaps map)`);
  });

  it('refuses a map without components (1)', async () => {
    const empty = files.file('empty.owm', 'title Nothing\n');
    expect(await cli('import', empty)).toEqual({
      code: 1,
      stdout: '',
      stderr: `${empty}: not an OnlineWardleyMaps map with components (no "component NAME [visibility, maturity]" line)\n`,
    });
  });
});

describe('archsim diagram --view value-chain', () => {
  it('draws the value chain as SVG with the stage labels and the document embedded', async () => {
    const result = await cli('diagram', netflixoss, '--view', 'value-chain');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    for (const label of ['Genesis', 'Custom-built', 'Product (+rental)', 'Commodity (+utility)']) {
      expect(result.stdout).toContain(`>${label}</text>`);
    }
    expect(result.stdout).toContain('data-service="cassSubscriber"');
    const out = files.path('map.svg');
    expect(await cli('diagram', netflixoss, '--view', 'value-chain', '--out', out, '--eureka')).toEqual({
      code: 0,
      stdout: '',
      stderr: `${out}: value chain of 9 services (svg)\n`,
    });
    const json = files.path('map.json');
    expect((await cli('import', out, '--out', json)).code).toBe(0);
    expect(readFileSync(json)).toEqual(readFileSync(netflixoss));
  });

  it('renders PNG, draws documents with errors as far as they go, and checks its options', async () => {
    const png = files.path('map.png');
    const drawn = await cli('diagram', evolving(), '--view', 'value-chain', '--out', png, '--theme', 'dark');
    expect(drawn).toEqual({
      code: 0,
      stdout: '',
      stderr: `${png}: value chain of 3 services, 1 evolve arrow (png)\n`,
    });
    expect([...readFileSync(png).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const broken = files.file(
      'broken-map.json',
      smallDocument({}, { package: 'nonsense', evolution: 'later' }),
    );
    const partial = await cli('diagram', broken, '--view', 'value-chain');
    expect(partial.code).toBe(0);
    expect(partial.stdout).toContain('data-service="web"');
    expect(partial.stderr).toContain('drawn as far as it can be read (2 errors)');
    const wrong = await cli('diagram', netflixoss, '--view', 'wardley');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /^archsim diagram: --view must be topology or value-chain \(got "wardley"\)\n/,
    );
    const badges = await cli('diagram', netflixoss, '--view', 'value-chain', '--problems');
    expect(badges.code).toBe(2);
    expect(badges.stderr).toContain('--problems marks services of the topology view');
  });

  it('keeps the topology view the default', async () => {
    expect((await cli('diagram', netflixoss)).stdout).toBe(
      (await cli('diagram', netflixoss, '--view', 'topology')).stdout,
    );
    expect((await cli('diagram', netflixoss)).stdout).not.toContain('Commodity (+utility)');
  });
});

describe('archsim help', () => {
  it('lists evolve and owm, each with its usage', async () => {
    const help = await cli('help');
    expect(help.stdout).toContain('evolve FILE      the variant with every evolve arrow applied');
    expect(help.stdout).toContain('owm FILE         the value chain as OnlineWardleyMaps text');
    expect((await cli('evolve', '--help')).stdout).toMatch(
      /^usage: archsim evolve FILE \[--out F\] \[--force\]/,
    );
    expect((await cli('help', 'owm')).stdout).toMatch(/^usage: archsim owm FILE/);
  });
});
