/**
 * `archsim export ID --chart spectrum|timeline --out F` and `archsim compare ID ID… --chart …`:
 * the studio's charts written by the command line, from runs stored in a database made here.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { cli, smallDocument, workspace } from './support.ts';
import { byClass, parseSvg, textContent, type Element } from '../shared/charts/support.ts';

const files = workspace('archsim-charts-cli-');
const db = files.path('runs.sqlite');
const architecture = files.file(
  'small.json',
  smallDocument({
    scenarios: [{ name: 'db-down', failures: [{ type: 'kill-instances', service: 'db', count: 1, atS: 1 }] }],
  }),
);

beforeAll(async () => {
  const stored = await cli(
    'run',
    architecture,
    '--scenario',
    'all',
    '--duration',
    '2s',
    '--quiet',
    '--db',
    db,
  );
  expect(stored.stderr).toContain('stored as runs 1, 2');
}, 60_000);

/** The chart in `file`: well-formed, standalone, parsed. */
function readChart(file: string): { svg: string; root: Element } {
  const svg = readFileSync(file, 'utf8');
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg).not.toMatch(/foreignObject|<image\b|\bhref\s*=|url\(/i);
  return { svg, root: parseSvg(svg) };
}

const seriesNames = (root: Element) =>
  byClass(root, 'series', 'g').map((group) => group.attributes['data-series']);

describe('export --chart', () => {
  it("writes the spectrum of the run's entries", async () => {
    const out = files.path('spectrum.svg');
    const result = await cli('export', '2', '--db', db, '--chart', 'spectrum', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`${out}: spectrum of 1 histogram (svg)\n`);
    const { root } = readChart(out);
    expect(root.attributes['data-chart']).toBe('spectrum');
    expect(root.children[0]!.text).toBe('Run 2: response time by percentile');
    expect(textContent(byClass(root, 'subtitle', 'text')[0]!)).toBe(
      'small · scenario db-down · seed 1 · 2 s at 100 req/s',
    );
    expect(seriesNames(root)).toEqual(['www']);
    expect(Number(byClass(root, 'series', 'g')[0]!.attributes['data-points'])).toBeGreaterThan(10);
  });

  it('draws the histograms --histogram names, in that order, with a legend', async () => {
    const out = files.path('spectrum-chosen.svg');
    const result = await cli(
      'export',
      '2',
      '--db',
      db,
      '--chart',
      'spectrum',
      '--histogram',
      'service:web',
      '--histogram',
      'entry:www',
      '--out',
      out,
      '--theme',
      'dark',
      '--width',
      '900',
      '--height',
      '500',
    );
    expect(result.code).toBe(0);
    const { root } = readChart(out);
    expect(seriesNames(root)).toEqual(['service:web', 'entry:www']);
    expect(byClass(root, 'legend-item', 'g').map(textContent)).toEqual(['service:web', 'entry:www']);
    expect([root.attributes['data-theme'], root.attributes['width'], root.attributes['height']]).toEqual([
      'dark',
      '900',
      '500',
    ]);
  });

  it('writes the timeline: throughput and p99 of the entries, the failure window shaded', async () => {
    const out = files.path('timeline.svg');
    const result = await cli('export', '2', '--db', db, '--chart', 'timeline', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`^${out}: timeline of 1 series over \\d+ seconds \\(svg\\)\\n$`),
    );
    const { root } = readChart(out);
    expect(root.children[0]!.text).toBe('Run 2: throughput and p99 per second');
    expect(byClass(root, 'panel', 'g').map((panel) => panel.attributes['data-metric'])).toEqual([
      'throughput',
      'p99',
    ]);
    expect(seriesNames(root)).toEqual(['www', 'www']);
    const windows = byClass(root, 'failure-window', 'g');
    expect(windows).toHaveLength(1);
    expect(windows[0]!.attributes['data-start-s']).toBe('1');
    expect(windows[0]!.attributes['data-label']).toMatch(/^kill-instances: 1 instance of db$/);
  });

  it('draws the metrics and series asked for', async () => {
    const out = files.path('timeline-errors.svg');
    const result = await cli(
      'export',
      '1',
      '--db',
      db,
      '--chart',
      'timeline',
      '--metric',
      'errors,p50',
      '--metric',
      'p90',
      '--series',
      'service:web',
      '--series',
      'entry:www',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    const { root } = readChart(out);
    expect(byClass(root, 'panel', 'g').map((panel) => panel.attributes['data-metric'])).toEqual([
      'errors',
      'p50',
      'p90',
    ]);
    expect(seriesNames(root).slice(0, 2)).toEqual(['service:web', 'entry:www']);
    expect(byClass(root, 'failure-window', 'g')).toEqual([]);
  });

  it('gives the same file twice, and keeps an existing file without --force', async () => {
    const first = files.path('again-1.svg');
    const second = files.path('again-2.svg');
    await cli('export', '2', '--db', db, '--chart', 'timeline', '--out', first);
    await cli('export', '2', '--db', db, '--chart', 'timeline', '--out', second);
    expect(readFileSync(first, 'utf8')).toBe(readFileSync(second, 'utf8'));

    const existing = files.file('existing.svg', 'keep me');
    const refused = await cli('export', '2', '--db', db, '--chart', 'spectrum', '--out', existing);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`${existing}: the file exists; add --force to replace it (--out)\n`);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const forced = await cli('export', '2', '--db', db, '--chart', 'spectrum', '--out', existing, '--force');
    expect(forced.code).toBe(0);
    readChart(existing);

    const database = await cli('export', '2', '--db', db, '--chart', 'spectrum', '--out', db, '--force');
    expect(database.code).toBe(2);
    // (Refused before it is looked at: a chart is SVG, and the database is not named .svg.)
    expect(database.stderr).toContain('charts are written as SVG; name the file .svg');
  });

  it('refuses what it cannot draw, writing nothing', async () => {
    const out = files.path('never.svg');
    const cases: [string[], RegExp][] = [
      [['--chart', 'spectrum'], /--chart spectrum needs --out FILE\.svg/],
      [['--out', out], /--out names the file of a chart: give --chart too/],
      [['--chart', 'pie', '--out', out], /--chart must be spectrum or timeline \(got "pie"\)/],
      [
        ['--chart', 'spectrum', '--metric', 'p99', '--out', out],
        /--metric chooses what --chart timeline draws/,
      ],
      [
        ['--chart', 'timeline', '--metric', 'p42', '--out', out],
        /--metric must be throughput, errors, p50, p90, p99 \(got "p42"\)/,
      ],
      [['--chart', 'timeline', '--theme', 'sepia', '--out', out], /--theme must be light or dark/],
      [
        ['--chart', 'spectrum', '--out', files.path('chart.png')],
        /--out \S+chart\.png: charts are written as SVG; name the file \.svg/,
      ],
      [
        ['--chart', 'timeline', '--width', '12', '--out', out],
        /--width must be a whole number of px from 240 to 10000/,
      ],
      [
        ['--chart', 'spectrum', '--histogram', 'service:nope', '--out', out],
        /^run 2 has no histogram "service:nope" \(known: entry:www, .*all\)\n$/,
      ],
      [
        ['--chart', 'timeline', '--series', 'service:nope', '--out', out],
        /^run 2 has no timeline series "service:nope" \(known: entry:www, service:/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await cli('export', '2', '--db', db, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
  });
});

describe('compare --chart', () => {
  it("overlays the runs' spectra of their busiest entry, named by run", async () => {
    const out = files.path('compare-spectrum.svg');
    const result = await cli('compare', '1', '2', '--db', db, '--chart', 'spectrum', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${out}: spectrum of 2 runs (svg)\n`);
    const { root } = readChart(out);
    expect(root.children[0]!.text).toBe('Runs 1 and 2: response time of www by percentile');
    expect(seriesNames(root)).toEqual(['run 1', 'run 2']);
    expect(byClass(root, 'line', 'path')).toHaveLength(2);
    expect(byClass(root, 'legend-item', 'g').map(textContent)).toEqual(['run 1', 'run 2']);
  });

  it('overlays the spectra of the histogram --histogram names', async () => {
    const out = files.path('compare-web.svg');
    const result = await cli(
      'compare',
      '1',
      '2',
      '--db',
      db,
      '--chart',
      'spectrum',
      '--histogram',
      'service:web',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    const { root } = readChart(out);
    expect(root.children[0]!.text).toBe('Runs 1 and 2: service:web by percentile');
    const missing = await cli(
      'compare',
      '1',
      '2',
      '--db',
      db,
      '--chart',
      'spectrum',
      '--histogram',
      'entry:api',
      '--out',
      files.path('no.svg'),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^run 1 has no histogram "entry:api" \(known: entry:www, /);
    expect(existsSync(files.path('no.svg'))).toBe(false);
  });

  it("overlays the runs' timelines with the failure window of the run that had it", async () => {
    const out = files.path('compare-timeline.svg');
    const result = await cli(
      'compare',
      '1',
      '2',
      '--db',
      db,
      '--chart',
      'timeline',
      '--metric',
      'p99',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    const { root } = readChart(out);
    expect(seriesNames(root)).toEqual(['run 1', 'run 2']);
    expect(byClass(root, 'failure-window', 'g').map((window) => window.attributes['data-label'])).toEqual([
      'run 2: kill-instances: 1 instance of db',
    ]);
  });

  it('keeps an existing file without --force, and the tables without --chart', async () => {
    const existing = files.path('compare-existing.svg');
    writeFileSync(existing, 'keep me');
    const refused = await cli('compare', '1', '2', '--db', db, '--chart', 'spectrum', '--out', existing);
    expect(refused.code).toBe(2);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    expect(
      (await cli('compare', '1', '2', '--db', db, '--chart', 'spectrum', '--out', existing, '--force')).code,
    ).toBe(0);
    expect((await cli('compare', '1', '2', '--db', db, '--chart', 'spectrum')).stderr).toMatch(
      /needs --out FILE\.svg/,
    );
    expect(
      (
        await cli(
          'compare',
          '1',
          '2',
          '--db',
          db,
          '--chart',
          'spectrum',
          '--json',
          '--out',
          files.path('j.svg'),
        )
      ).code,
    ).toBe(2);
    const tables = await cli('compare', '1', '2', '--db', db);
    expect(tables.code).toBe(0);
    expect(tables.stdout).toContain('ENTRY');
  });
});
