import { describe, expect, it } from 'vitest';
import { spectrumPoints, type SpectrumPoint } from '@shared/charts/hdr.ts';
import { renderSpectrumSvg, spectrumDecades, spectrumX } from '@shared/charts/spectrum.ts';
import { CHART_COLOURS, seriesStyle } from '@shared/charts/theme.ts';
import {
  byClass,
  dataNumbers,
  encodeMicros,
  expectStandaloneChart,
  parseSvg,
  random,
  textContent,
} from './support.ts';

function sample(count: number, seed: number, scaleMicros: number): number[] {
  const next = random(seed);
  return Array.from({ length: count }, () => Math.round(scaleMicros * Math.exp(next() * 2)));
}

const run3 = spectrumPoints(encodeMicros(sample(20_000, 1, 2000)));
const run4 = spectrumPoints(encodeMicros(sample(20_000, 2, 3000)));

/** The x of each x-axis tick, by its label. */
function xTicks(svg: string): Map<string, number> {
  const axis = byClass(parseSvg(svg), 'x', 'g')[0]!;
  return new Map(
    byClass(axis, 'tick', 'g').map((tick) => [textContent(tick).trim(), Number(tick.attributes['data-x'])]),
  );
}

/** The points of a path's d attribute ("M1,2 L3,4 …"). */
const pathPoints = (d: string) =>
  [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((match) => ({
    x: Number(match[1]),
    y: Number(match[2]),
  }));

describe('renderSpectrumSvg', () => {
  it('draws standalone SVG with a title, a description, and the same bytes every time', () => {
    for (const theme of ['light', 'dark'] as const) {
      const svg = renderSpectrumSvg([{ name: 'www', points: run3 }], { theme, title: 'Run 3: www' });
      const root = expectStandaloneChart(svg);
      expect(root.attributes['data-chart']).toBe('spectrum');
      expect(root.children[0]!.text).toBe('Run 3: www');
      expect(root.children[1]!.text).toMatch(
        /^Run 3: www: latency against percentile.*www: p50 [\d.]+ ms, p99 [\d.]+ ms/,
      );
      expect(byClass(root, 'background', 'rect')[0]!.attributes['fill']).toBe(
        CHART_COLOURS[theme].background,
      );
      expect(svg).toBe(renderSpectrumSvg([{ name: 'www', points: run3 }], { theme, title: 'Run 3: www' }));
    }
  });

  it('puts 0 %, 90 %, 99 %, 99.9 % and 99.99 % a decade of 1/(1−p) apart', () => {
    const svg = renderSpectrumSvg([{ name: 'www', points: run3 }]);
    const ticks = xTicks(svg);
    expect([...ticks.keys()]).toEqual(['0 %', '90 %', '99 %', '99.9 %', '99.99 %']);
    const zero = ticks.get('0 %')!;
    const decade = ticks.get('90 %')! - zero;
    expect(decade).toBeGreaterThan(50);
    expect(ticks.get('99 %')! - zero).toBeCloseTo(2 * decade, 1);
    expect(ticks.get('99.9 %')! - zero).toBeCloseTo(3 * decade, 1);
    expect(ticks.get('99.99 %')! - zero).toBeCloseTo(4 * decade, 1);
  });

  it('places each point at log10(1/(1−p)) along that axis, and its value on a linear y axis', () => {
    const svg = renderSpectrumSvg([{ name: 'www', points: run3 }]);
    const root = parseSvg(svg);
    const ticks = xTicks(svg);
    const zero = ticks.get('0 %')!;
    const decade = ticks.get('90 %')! - zero;
    const line = byClass(root, 'line', 'path')[0]!;
    const percentiles = dataNumbers(line.attributes['data-percentiles']) as number[];
    const values = dataNumbers(line.attributes['data-values-ms']) as number[];
    const drawn = pathPoints(line.attributes['d']!);
    expect(drawn).toHaveLength(percentiles.length);
    // Every point of the spectrum but the 100 % one (1/(1−p) is infinite there).
    expect(percentiles).toEqual(
      run3.filter((point) => point.percentile < 100).map((point) => point.percentile),
    );
    drawn.forEach((point, index) => {
      expect(point.x).toBeCloseTo(zero + Math.log10(spectrumX(percentiles[index]!)) * decade, 1);
    });
    // y: linear in ms from the 0 tick.
    const yAxis = byClass(root, 'y', 'g')[0]!;
    const yTicks = byClass(yAxis, 'tick', 'g').map((tick) => ({
      value: Number(tick.attributes['data-value']),
      y: Number(tick.attributes['data-y']),
    }));
    expect(yTicks[0]!.value).toBe(0);
    const perMs = (yTicks[0]!.y - yTicks[yTicks.length - 1]!.y) / yTicks[yTicks.length - 1]!.value;
    drawn.forEach((point, index) => expect(point.y).toBeCloseTo(yTicks[0]!.y - values[index]! * perMs, 1));
    expect(Math.max(...values)).toBeLessThanOrEqual(yTicks[yTicks.length - 1]!.value);
  });

  it('adds 99.999 % when the data reaches it', () => {
    const many = spectrumPoints(encodeMicros(sample(200_000, 3, 1000)));
    expect(spectrumDecades([{ name: 'many', points: many }])).toBe(5);
    expect([...xTicks(renderSpectrumSvg([{ name: 'many', points: many }])).keys()]).toEqual([
      '0 %',
      '90 %',
      '99 %',
      '99.9 %',
      '99.99 %',
      '99.999 %',
    ]);
    expect(spectrumDecades([{ name: 'few', points: spectrumPoints(encodeMicros([1000, 2000])) }])).toBe(4);
  });

  it('overlays two series with their own colour and dash, and a legend naming both', () => {
    const svg = renderSpectrumSvg([
      { name: 'run 3', points: run3 },
      { name: 'run 4', points: run4 },
    ]);
    const root = expectStandaloneChart(svg);
    const series = byClass(root, 'series', 'g');
    expect(series.map((group) => group.attributes['data-series'])).toEqual(['run 3', 'run 4']);
    const lines = byClass(root, 'line', 'path');
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => line.attributes['stroke'])).toEqual([
      seriesStyle(0).colour,
      seriesStyle(1).colour,
    ]);
    expect(lines[0]!.attributes['stroke-dasharray']).toBeUndefined();
    expect(lines[1]!.attributes['stroke-dasharray']).toBe(seriesStyle(1).dash);
    const legend = byClass(root, 'legend-item', 'g');
    expect(legend.map((item) => textContent(item))).toEqual(['run 3', 'run 4']);
    // One series needs no legend.
    expect(byClass(parseSvg(renderSpectrumSvg([{ name: 'run 3', points: run3 }])), 'legend', 'g')).toEqual(
      [],
    );
  });

  it('escapes names and takes the size asked for', () => {
    const name = '<script>alert("x")</script> & co';
    const svg = renderSpectrumSvg(
      [
        { name, points: run3 },
        { name: 'b', points: run4 },
      ],
      { width: 500, height: 300, title: 'A & B < C' },
    );
    const root = expectStandaloneChart(svg);
    expect(root.attributes['width']).toBe('500');
    expect(root.attributes['height']).toBe('300');
    expect(root.attributes['viewBox']).toBe('0 0 500 300');
    expect(byClass(root, 'series', 'g')[0]!.attributes['data-series']).toBe(name);
    expect(root.children[0]!.text).toBe('A & B < C');
  });

  it('draws empty series and a lone value without failing', () => {
    const empty = renderSpectrumSvg([{ name: 'nothing', points: [] }]);
    const root = expectStandaloneChart(empty);
    expect(textContent(byClass(root, 'empty', 'text')[0]!)).toBe('no values recorded');
    const lone: SpectrumPoint[] = spectrumPoints(encodeMicros([5000]));
    const single = parseSvg(renderSpectrumSvg([{ name: 'one', points: lone }]));
    expect(byClass(single, 'point', 'circle')).toHaveLength(1);
  });

  it('can leave out the XML declaration, to be put inside a page', () => {
    const svg = renderSpectrumSvg([{ name: 'www', points: run3 }], { xmlDeclaration: false });
    expect(svg.startsWith('<svg ')).toBe(true);
  });
});
