/** The sweep chart: a standalone SVG of the percentiles against the swept value, the knee marked. */
import { describe, expect, it } from 'vitest';
import { renderSweepSvg, sweepValueLabel, type SweepChartPoint } from '@shared/charts/sweep.ts';
import { byClass, dataNumbers, expectStandaloneChart, textContent } from './support.ts';

const points = (values: readonly unknown[], p99: readonly number[]): SweepChartPoint[] =>
  values.map((value, index) => ({
    value,
    latencyMs: { p50: (p99[index] as number) / 4, p90: (p99[index] as number) / 2, p99: p99[index] },
  }));

describe('the sweep chart', () => {
  it('draws each percentile through the points, at their values, with the knee marked', () => {
    const svg = renderSweepSvg(points([1000, 2000, 4000], [20, 22, 80]), {
      title: 'lamp: latency by rate',
      valueLabel: 'rate (requests/s)',
      kneeIndex: 2,
    });
    const root = expectStandaloneChart(svg);
    expect(root.attributes['data-chart']).toBe('sweep');
    const series = byClass(root, 'series', 'g');
    expect(series.map((each) => each.attributes['data-series'])).toEqual(['p50', 'p90', 'p99']);
    expect(dataNumbers(series[2]?.attributes['data-values-ms'])).toEqual([20, 22, 80]);
    expect(series[0]?.attributes['data-x']).toBe('1,000,2,000,4,000');
    expect(byClass(series[2] as never, 'point', 'circle')).toHaveLength(3);
    // x positions proportional to the values: 2,000 is a third of the way from 1,000 to 4,000.
    const xs = byClass(series[2] as never, 'point', 'circle').map((circle) =>
      Number(circle.attributes['cx']),
    );
    expect((xs[1] as number) - (xs[0] as number)).toBeCloseTo(((xs[2] as number) - (xs[0] as number)) / 3, 1);
    const knee = byClass(root, 'knee')[0];
    expect(knee?.attributes['data-label']).toBe('knee: 4,000');
    expect(textContent(root)).toContain('response time (ms)');
  });

  it('turns the latency axis logarithmic when the values span more than two decades', () => {
    const linear = expectStandaloneChart(renderSweepSvg(points([1, 2], [10, 200])));
    expect(textContent(linear)).not.toContain('log scale');
    const log = expectStandaloneChart(renderSweepSvg(points([1, 2], [10, 9000])));
    expect(textContent(log)).toContain('response time (ms, log scale)');
    const ticks = byClass(log, 'axis', 'g')
      .find((axis) => (axis.attributes['class'] ?? '').includes('y'))
      ?.children.map((tick) => tick.attributes['data-value'])
      .filter(Boolean);
    expect(ticks).toEqual(expect.arrayContaining(['1', '10', '100', '1000', '10000']));
  });

  it('spaces values that are not numbers evenly, labelled as they are', () => {
    const root = expectStandaloneChart(renderSweepSvg(points(['none', 'budget', 'storm'], [5, 6, 7])));
    const labels = byClass(root, 'tick', 'g').map((tick) => textContent(tick));
    expect(labels).toEqual(expect.arrayContaining(['none', 'budget', 'storm']));
    expect(sweepValueLabel(1234.5)).toBe('1,234.5');
    expect(sweepValueLabel({ a: 1 })).toBe('{"a":1}');
  });

  it('says so when no point finished', () => {
    const root = expectStandaloneChart(renderSweepSvg([]));
    expect(textContent(byClass(root, 'empty')[0] as never)).toBe('no points finished');
  });
});
