import { describe, expect, it } from 'vitest';
import { histogramBins, sharedHistogramBins } from '@shared/charts/hdr.ts';
import { renderHistogramSvg } from '@shared/charts/histogram.ts';
import { byClass, encodeMicros, expectStandaloneChart, parseSvg, random, textContent } from './support.ts';

function tailed(count: number, seed: number): number[] {
  const next = random(seed);
  return Array.from({ length: count }, () =>
    Math.round(4000 * Math.exp(next() * 1.5) * (next() < 0.02 ? 50 : 1)),
  );
}

describe('renderHistogramSvg', () => {
  it('draws a bar per non-empty bin with its range and count, on a log axis for a long tail', () => {
    const bins = histogramBins(encodeMicros(tailed(5000, 1)));
    const svg = renderHistogramSvg([{ name: 'www', bins }], { title: 'www' });
    const root = expectStandaloneChart(svg);
    expect(root.attributes['data-chart']).toBe('histogram');
    const bars = byClass(root, 'bar', 'rect');
    expect(bars).toHaveLength(bins.filter((bin) => bin.count > 0).length);
    expect(bars.reduce((sum, bar) => sum + Number(bar.attributes['data-count']), 0)).toBe(5000);
    expect(byClass(root, 'series', 'g')[0]!.attributes['data-total']).toBe('5000');
    // Taller bars for larger counts, all standing on the same axis.
    const [low, high] = [...bars].sort(
      (a, b) => Number(a.attributes['data-count']) - Number(b.attributes['data-count']),
    );
    const bottom = (bar: typeof low) => Number(bar!.attributes['y']) + Number(bar!.attributes['height']);
    expect(Number(high!.attributes['height'])).toBeGreaterThanOrEqual(Number(low!.attributes['height']));
    expect(bottom(low)).toBeCloseTo(bottom(bars[bars.length - 1]), 1);
    // Log axis: decades equally far apart.
    const ticks = byClass(byClass(root, 'x', 'g')[0]!, 'tick', 'g').map((tick) => ({
      label: textContent(tick).trim(),
      x: Number(tick.attributes['data-x']),
    }));
    const at = (label: string) => ticks.find((tick) => tick.label === label)!.x;
    expect(at('100') - at('10')).toBeCloseTo(at('50') - at('5'), 1);
    expect((at('100') - at('10')) / (at('20') - at('10'))).toBeCloseTo(1 / Math.log10(2), 1);
    expect(svg).toBe(renderHistogramSvg([{ name: 'www', bins }], { title: 'www' }));
  });

  it('uses a linear axis for values close together', () => {
    const bins = histogramBins(encodeMicros([10_000, 11_000, 12_000, 13_000]));
    const root = parseSvg(renderHistogramSvg([{ name: 'x', bins }]));
    const ticks = byClass(byClass(root, 'x', 'g')[0]!, 'tick', 'g').map((tick) =>
      Number(tick.attributes['data-x']),
    );
    const gaps = ticks.slice(1).map((x, index) => x - ticks[index]!);
    for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0]!, 1);
  });

  it('overlays several histograms with outlines and a legend', () => {
    const [first, second] = sharedHistogramBins([
      encodeMicros(tailed(2000, 2)),
      encodeMicros(tailed(2000, 3)),
    ]);
    const root = expectStandaloneChart(
      renderHistogramSvg(
        [
          { name: 'run 3', bins: first! },
          { name: 'run 4', bins: second! },
        ],
        { theme: 'dark' },
      ),
    );
    expect(byClass(root, 'outline', 'path')).toHaveLength(2);
    expect(byClass(root, 'legend-item', 'g').map(textContent)).toEqual(['run 3', 'run 4']);
  });

  it('draws an empty histogram', () => {
    const root = expectStandaloneChart(renderHistogramSvg([{ name: 'x', bins: [] }]));
    expect(textContent(byClass(root, 'empty', 'text')[0]!)).toBe('no values recorded');
  });
});
