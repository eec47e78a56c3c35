import { describe, expect, it } from 'vitest';
import type { FailureReport, RunEvent, TimelineSeries } from '@shared/results.ts';
import {
  failureWindows,
  renderTimelineSvg,
  timelineGeometry,
  timelinePanel,
  timelineValues,
  type TimelinePanel,
} from '@shared/charts/timeline.ts';
import { byClass, dataNumbers, expectStandaloneChart, parseSvg, textContent } from './support.ts';

function series(seconds: number, rate: number): TimelineSeries {
  return {
    requests: Array.from({ length: seconds }, (_, index) => (index === 5 ? 0 : rate + (index % 3))),
    errors: Array.from({ length: seconds }, (_, index) => (index >= 10 && index < 15 ? 7 : 0)),
    p50: Array.from({ length: seconds }, (_, index) => (index === 5 ? 0 : 4 + index / 10)),
    p90: Array.from({ length: seconds }, (_, index) => (index === 5 ? 0 : 8 + index / 10)),
    p99: Array.from({ length: seconds }, (_, index) => (index === 5 ? 0 : 20 + index)),
  };
}

const timeline = {
  bucketSeconds: 1,
  entries: { www: series(30, 100), api: series(30, 40) },
  services: { db: series(30, 60) },
};

const failure = (atS: number, durationS: number | null, type: string, target: string): FailureReport => ({
  scenario: 'zone-down',
  type,
  target,
  atS,
  durationS,
  impactStartS: null,
  impactEndS: null,
  timeToRecoverS: null,
  errorsDuringImpact: 0,
});

/** The x of the time axis' ticks, by their value in seconds. */
function secondsAxis(root: ReturnType<typeof parseSvg>): Map<number, number> {
  const panels = byClass(root, 'panel', 'g');
  const axis = byClass(panels[panels.length - 1]!, 'x', 'g')[0]!;
  return new Map(
    byClass(axis, 'tick', 'g').map((tick) => [
      Number(tick.attributes['data-value']),
      Number(tick.attributes['data-x']),
    ]),
  );
}

describe('timelineValues and timelinePanel', () => {
  it('gives throughput and errors per second, and percentiles with gaps where no request was', () => {
    const www = timeline.entries.www;
    expect(timelineValues(www, 'throughput').slice(0, 6)).toEqual([100, 101, 102, 100, 101, 0]);
    expect(timelineValues(www, 'throughput', 2).slice(0, 2)).toEqual([50, 50.5]);
    expect(timelineValues(www, 'errors').slice(9, 16)).toEqual([0, 7, 7, 7, 7, 7, 0]);
    expect(timelineValues(www, 'p99').slice(4, 7)).toEqual([24, null, 26]);
    const panel = timelinePanel({ timeline }, 'p50', {
      kind: 'entries',
      names: ['api', 'nope'],
      prefix: 'run 3 · ',
    });
    expect(panel.series.map((line) => line.name)).toEqual(['run 3 · api']);
    expect(timelinePanel({ timeline }, 'throughput').series.map((line) => line.name)).toEqual(['www', 'api']);
    expect(
      timelinePanel({ timeline }, 'throughput', { kind: 'services' }).series.map((line) => line.name),
    ).toEqual(['db']);
  });
});

describe('failureWindows', () => {
  it('reads the failure reports: start, end (none when permanent) and "type: target"', () => {
    expect(
      failureWindows({
        failures: [
          failure(10, 5, 'zone-outage', 'us-east-1/zoneA'),
          failure(20, null, 'kill-instances', '1 instance of db'),
        ],
        events: [],
      }),
    ).toEqual([
      { startS: 10, endS: 15, label: 'zone-outage: us-east-1/zoneA' },
      { startS: 20, endS: null, label: 'kill-instances: 1 instance of db' },
    ]);
  });

  it('falls back to the failure events', () => {
    const events: RunEvent[] = [
      { atS: 3, kind: 'failure-start', detail: 'latency: 2 instances of db' },
      { atS: 4, kind: 'instance-down', detail: 'db-1' },
      { atS: 6, kind: 'failure-start', detail: 'errors: api' },
      { atS: 9, kind: 'failure-end', detail: 'latency: 2 instances of db' },
    ];
    expect(failureWindows({ failures: [], events })).toEqual([
      { startS: 3, endS: 9, label: 'latency: 2 instances of db' },
      { startS: 6, endS: null, label: 'errors: api' },
    ]);
  });
});

describe('renderTimelineSvg', () => {
  const panels: TimelinePanel[] = [
    timelinePanel({ timeline }, 'throughput'),
    timelinePanel({ timeline }, 'p99'),
  ];
  const windows = [
    { startS: 10, endS: 15, label: 'zone-outage: us-east-1/zoneA' },
    { startS: 20, endS: null, label: 'kill-instances: 1 instance of <db>' },
  ];

  it('draws a panel per metric with a line per series, standalone and the same every time', () => {
    for (const theme of ['light', 'dark'] as const) {
      const svg = renderTimelineSvg(panels, { theme, windows, cursorS: 12 });
      const root = expectStandaloneChart(svg);
      expect(root.attributes['data-chart']).toBe('timeline');
      expect(root.children[0]!.text).toBe('Throughput and p99 per second');
      expect(root.children[1]!.text).toContain('zone-outage: us-east-1/zoneA from 10 s to 15 s');
      const drawn = byClass(root, 'panel', 'g');
      expect(drawn.map((panel) => panel.attributes['data-metric'])).toEqual(['throughput', 'p99']);
      for (const panel of drawn) {
        expect(byClass(panel, 'series', 'g').map((group) => group.attributes['data-series'])).toEqual([
          'www',
          'api',
        ]);
      }
      expect(byClass(root, 'legend-item', 'g').map(textContent)).toEqual(['www', 'api']);
      expect(svg).toBe(renderTimelineSvg(panels, { theme, windows, cursorS: 12 }));
    }
  });

  it('keeps a series its colour in every panel, and its values readable', () => {
    const root = parseSvg(renderTimelineSvg(panels));
    const [throughput, p99] = byClass(root, 'panel', 'g');
    const colour = (panel: typeof throughput, name: string) =>
      byClass(panel!, 'series', 'g').find((group) => group.attributes['data-series'] === name)!.attributes[
        'data-colour'
      ];
    expect(colour(throughput, 'api')).toBe(colour(p99, 'api'));
    expect(colour(throughput, 'www')).not.toBe(colour(throughput, 'api'));
    const line = byClass(p99!, 'line', 'path')[0]!;
    expect(dataNumbers(line.attributes['data-values']).slice(4, 7)).toEqual([24, null, 26]);
    // The gap at second 5 breaks the line: two moves.
    expect(line.attributes['d']!.match(/M/g)).toHaveLength(2);
  });

  it('shades each failure window from its start to its end (to the end of the run when permanent)', () => {
    const root = parseSvg(renderTimelineSvg(panels, { windows }));
    const axis = secondsAxis(root);
    const xOf = (second: number) => axis.get(0)! + ((axis.get(10)! - axis.get(0)!) / 10) * second;
    const shaded = byClass(root, 'failure-window', 'g');
    expect(shaded.map((window) => window.attributes['data-label'])).toEqual([
      'zone-outage: us-east-1/zoneA',
      'kill-instances: 1 instance of <db>',
    ]);
    for (const [window, [start, end]] of [
      [shaded[0]!, [10, 15]],
      [shaded[1]!, [20, 30]],
    ] as const) {
      const rects = window.children.filter((child) => child.tag === 'rect');
      expect(rects).toHaveLength(2);
      for (const rect of rects) {
        expect(Number(rect.attributes['x'])).toBeCloseTo(xOf(start), 0);
        expect(Number(rect.attributes['x']) + Number(rect.attributes['width'])).toBeCloseTo(xOf(end), 0);
      }
      expect(textContent(window.children.find((child) => child.tag === 'text')!)).toBe(
        window.attributes['data-label'],
      );
    }
  });

  it('draws the cursor at second t, where timelineGeometry says', () => {
    const root = parseSvg(renderTimelineSvg(panels, { cursorS: 12.5 }));
    const axis = secondsAxis(root);
    const cursor = byClass(root, 'cursor', 'g')[0]!;
    expect(cursor.attributes['data-second']).toBe('12.5');
    const x = Number(cursor.attributes['data-x']);
    expect(x).toBeCloseTo(axis.get(0)! + ((axis.get(10)! - axis.get(0)!) / 10) * 12.5, 1);
    expect(x).toBeCloseTo(timelineGeometry(panels, { cursorS: 12.5 }).xOfSecond(12.5), 1);
    expect(textContent(cursor).trim()).toBe('12.5 s');
    expect(byClass(parseSvg(renderTimelineSvg(panels)), 'cursor', 'g')).toEqual([]);
  });

  it('draws 600 seconds of 5 series in a few ms', () => {
    const many: TimelinePanel = {
      metric: 'p99',
      series: Array.from({ length: 5 }, (_, index) => ({
        name: `service ${index}`,
        values: Array.from(
          { length: 600 },
          (_, second) => Math.round((20 + index * 3 + Math.sin(second / 9) * 5) * 1000) / 1000,
        ),
      })),
    };
    const times: number[] = [];
    for (let round = 0; round < 15; round++) {
      const start = performance.now();
      renderTimelineSvg(many, { windows, cursorS: round * 10 });
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    // The median (about 3 ms here); generous, as the machine may be busy with other tests.
    expect(times[7]).toBeLessThan(25);
  });

  it('draws an empty timeline', () => {
    const root = expectStandaloneChart(renderTimelineSvg({ metric: 'throughput', series: [] }));
    expect(textContent(byClass(root, 'empty', 'text')[0]!)).toBe('no values');
  });
});
