import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { main } from '@cli/main.ts';
import { processIo, type CliIo } from '@cli/io.ts';
import { repositoryRoot, spigoFile } from '../support/spigo.ts';

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

const temporary = mkdtempSync(path.join(tmpdir(), 'archsim-diagram-'));
const inTemporary = (name: string) => path.join(temporary, name);
const write = (name: string, text: string) => {
  const file = inTemporary(name);
  writeFileSync(file, text);
  return file;
};
const netflixoss = spigoFile('json_arch', 'netflixoss_arch.json');
const votingApp = path.join(repositoryRoot, 'test/fixtures/compose/voting-app.yml');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('archsim diagram', () => {
  it('writes SVG to standard output, naming every service', async () => {
    const result = await run('diagram', netflixoss);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    for (const name of [
      'cassSubscriber',
      'evcacheSubscriber',
      'subscriber',
      'login',
      'homepage',
      'wwwproxy',
      'www-elb',
      'www',
    ]) {
      expect(result.stdout).toContain(`data-service="${name}"`);
    }
    expect(result.stdout).not.toContain('data-service="eureka"');
    expect(result.stdout).toContain('fill="#ffffff"');
  });

  it('writes the file named by --out, and the same picture each time', async () => {
    const out = inTemporary('netflixoss.svg');
    const result = await run('diagram', netflixoss, '--out', out);
    expect(result).toEqual({ code: 0, stdout: '', stderr: `${out}: 8 services, 9 dependencies (svg)\n` });
    const again = await run('diagram', netflixoss);
    expect(readFileSync(out, 'utf8')).toBe(again.stdout);
  });

  it('renders PNG by extension or --format', async () => {
    const out = inTemporary('netflixoss.png');
    const result = await run('diagram', netflixoss, '--out', out, '--theme', 'dark');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`${out}: 8 services, 9 dependencies (png)\n`);
    const png = readFileSync(out);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // Twice the SVG's size (zoom 2): the IHDR width is at bytes 16..19.
    const svgWidth = Number(/width="(\d+)"/.exec((await run('diagram', netflixoss)).stdout)![1]);
    expect(png.readUInt32BE(16)).toBe(svgWidth * 2);

    const forced = inTemporary('picture.out');
    expect((await run('diagram', netflixoss, '--out', forced, '--format', 'png')).code).toBe(0);
    expect([...readFileSync(forced).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  it('refuses to overwrite an existing file unless --force, and never the input', async () => {
    const out = write('taken.svg', 'keep me');
    const refused = await run('diagram', netflixoss, '--out', out);
    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr: `${out}: the file exists; add --force to replace it (--out)\n`,
    });
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect((await run('diagram', netflixoss, '--out', out, '--force')).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml/);

    const input = write('mine.json', readFileSync(netflixoss, 'utf8'));
    const same = await run(
      'diagram',
      input,
      '--out',
      path.join(temporary, '.', 'mine.json'),
      '--force',
      '--format',
      'svg',
    );
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/mine\.json: that is the input file; choose another file for --out/);
    expect(readFileSync(input, 'utf8')).toBe(readFileSync(netflixoss, 'utf8'));
  });

  it('draws eureka with --eureka and problem badges with --problems', async () => {
    const withEureka = await run('diagram', netflixoss, '--eureka');
    expect(withEureka.stdout).toContain('data-service="eureka"');
    const lamp = await run('diagram', spigoFile('json_arch', 'lamp_arch.json'), '--problems');
    expect(lamp.stdout).toMatch(/class="badge warnings"/);
  });

  it('draws a document with errors as far as it can be read, listing its errors', async () => {
    const broken = write(
      'broken.json',
      JSON.stringify({
        services: [
          { name: 'a', package: 'nonsense', dependencies: ['b', 'ghost'] },
          { name: 'b', package: 'store' },
        ],
      }),
    );
    const result = await run('diagram', broken, '--problems');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('data-service="a"');
    expect(result.stdout).toContain('class="badge errors"');
    expect(result.stderr).toContain(`${broken}: $.services[0].package: unknown package "nonsense"`);
    expect(result.stderr).toContain(`${broken}: $.services[0].dependencies[1]: unknown dependency "ghost"`);
    expect(result.stderr).toMatch(/drawn as far as it can be read \(2 errors\)\n$/);
  });

  it('refuses what is not an architecture (1), not JSON or unreadable (2), and bad options', async () => {
    expect(await run('diagram', write('list.json', '[1, 2]'))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/nothing to draw: not an architecture: it is not a JSON object\n$/),
    });
    const malformed = write(
      'malformed.json',
      '{\n  "services": [\n    {"name": "a" "package": "store"}\n  ]\n}\n',
    );
    expect(await run('diagram', malformed)).toMatchObject({
      code: 2,
      stderr: `${malformed}:3:18: malformed JSON at line 3, column 18: comma expected\n`,
    });
    expect(await run('diagram', inTemporary('missing.json'))).toMatchObject({
      code: 2,
      stderr: `${inTemporary('missing.json')}: cannot read file: no such file\n`,
    });
    for (const argv of [
      ['diagram', netflixoss, '--theme', 'blue'],
      ['diagram', netflixoss, '--format', 'gif'],
      ['diagram', netflixoss, '--format', 'png'],
      ['diagram', netflixoss, '--out', inTemporary('x.txt')],
      ['diagram'],
    ]) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toContain('usage: archsim diagram FILE');
    }
  });

  it('has help', async () => {
    const help = await run('help', 'diagram');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: archsim diagram FILE \[--view topology\|value-chain\] \[--out F\]/);
    expect((await run('help')).stdout).toMatch(/ {2}diagram FILE +draw the architecture/);
  });
});

describe('archsim import', () => {
  it('imports a docker-compose file to standard output, saying what it imported', async () => {
    const result = await run('import', votingApp);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`imported 7 services from ${votingApp} (docker-compose file)\n`);
    const document = JSON.parse(result.stdout) as { services: { name: string }[] };
    expect(document.services.map((service) => service.name)).toEqual([
      'voting-app',
      'www-voting-app',
      'result-app',
      'www-result-app',
      'worker',
      'redis',
      'db',
    ]);
    expect(result.stdout.endsWith('}\n')).toBe(true);
  });

  it('writes --out, refusing to overwrite without --force', async () => {
    const out = inTemporary('voting.json');
    expect(await run('import', votingApp, '--out', out)).toEqual({
      code: 0,
      stdout: '',
      stderr: `imported 7 services from ${votingApp} (docker-compose file) to ${out}\n`,
    });
    const written = readFileSync(out, 'utf8');
    expect((await run('validate', out)).code).toBe(0);
    expect(await run('import', votingApp, '--out', out)).toMatchObject({
      code: 2,
      stderr: `${out}: the file exists; add --force to replace it (--out)\n`,
    });
    expect((await run('import', votingApp, '--out', out, '--force')).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(written);
    const same = await run('import', out, '--out', out, '--force');
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('that is the input file');
  });

  it('round-trips: diagram, then import of the SVG, gives back the file byte for byte', async () => {
    const svg = inTemporary('round-trip.svg');
    const json = inTemporary('round-trip.json');
    expect((await run('diagram', netflixoss, '--out', svg)).code).toBe(0);
    const result = await run('import', svg, '--out', json);
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: `imported 8 services from ${svg} (archsim SVG) to ${json}\n`,
    });
    expect(readFileSync(json)).toEqual(readFileSync(netflixoss));
  });

  it('says where a file cannot be imported (1) and when it cannot be read (2)', async () => {
    const bad = write('bad.yml', 'services:\n  web:\n    image: nginx\n    depends_on: [app]\n');
    expect(await run('import', bad)).toEqual({
      code: 1,
      stdout: '',
      stderr: `${bad}:4:18: service "web" depends on "app", which is not a service in this file\n`,
    });
    const foreign = write('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(await run('import', foreign)).toEqual({
      code: 1,
      stdout: '',
      stderr: `${foreign}: this SVG was not exported by archsim (no embedded document)\n`,
    });
    expect(await run('import', inTemporary('nothing.yml'))).toEqual({
      code: 2,
      stdout: '',
      stderr: `${inTemporary('nothing.yml')}: cannot read file: no such file\n`,
    });
    expect(existsSync(inTemporary('nothing.yml'))).toBe(false);
  });

  it('lists the errors an imported document still has', async () => {
    const eureka = write('eureka.yml', 'services:\n  eureka:\n    image: netflixoss/eureka\n');
    const result = await run('import', eureka);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^imported 1 service from .*eureka\.yml \(docker-compose file\)\nthe imported document: \$\.services\[0\]\.name: /,
    );
  });

  it('has help', async () => {
    expect((await run('import', '--help')).stdout).toMatch(
      /^usage: archsim import FILE \[--out F\] \[--force\]/,
    );
    expect((await run('help')).stdout).toMatch(/ {2}import FILE +a docker-compose file/);
    expect((await run('import')).code).toBe(2);
  });
});
