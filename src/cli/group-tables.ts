/**
 * The tables of groups of runs: replications as mean ± 95 % confidence interval per measure, two
 * groups of replications side by side with the significance of each difference, and the points
 * of a sweep with its knee.
 */
import {
  REPLICATION_MEASURES,
  type MeasureComparison,
  type ReplicationSummary,
} from '@shared/replications.ts';
import type { Estimate } from '@shared/statistics.ts';
import { findKnee, sweptAxes, type Knee, type SweepAxis, type SweepRow } from '@shared/sweep.ts';
import { formatDelta, formatMs } from './result-tables.ts';
import { formatTable } from './table.ts';

const MEASURE_UNITS = new Map<string, string>(REPLICATION_MEASURES.map(({ key, unit }) => [key, unit]));
const MEASURE_LABELS = new Map<string, string>(REPLICATION_MEASURES.map(({ key, label }) => [key, label]));

/** A measure's label with its unit: "p99 ms", "requests". */
export function measureLabel(measure: string): string {
  const unit = MEASURE_UNITS.get(measure) ?? '';
  return `${MEASURE_LABELS.get(measure) ?? measure}${unit ? ` ${unit}` : ''}`;
}

/** A value as the measure shows it: ms with three significant digits, counts whole, rates to 0.1. */
export function formatMeasure(measure: string, value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-';
  const unit = MEASURE_UNITS.get(measure);
  if (unit === 'ms') return formatMs(value);
  return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 1 });
}

/** "29,817 ± 42" (the half-width of the 95 % confidence interval). */
export function formatEstimate(measure: string, value: Estimate): string {
  return `${formatMeasure(measure, value.mean)} ± ${formatMeasure(measure, value.halfWidth)}`;
}

/** Seeds as a range when they are consecutive: "seeds 1–10", else listed. */
export function describeSeeds(seeds: readonly number[]): string {
  if (seeds.length === 0) return 'no seeds';
  const consecutive = seeds.every((seed, index) => index === 0 || seed === (seeds[index - 1] as number) + 1);
  if (seeds.length === 1) return `seed ${seeds[0]}`;
  return consecutive ? `seeds ${seeds[0]}–${seeds[seeds.length - 1]}` : `seeds ${seeds.join(', ')}`;
}

/** The replications table: per entry and measure, the mean ± 95 % CI and the interval's ends. */
export function formatReplicationTable(summary: ReplicationSummary): string {
  const rows: string[][] = [];
  for (const entry of summary.entries) {
    REPLICATION_MEASURES.forEach(({ key }, index) => {
      const value = entry.measures[key];
      // One run has no interval (its half-width is infinite): "—", not "± ∞".
      const interval = Number.isFinite(value.halfWidth);
      rows.push([
        index === 0 ? entry.name : '',
        measureLabel(key),
        formatMeasure(key, value.mean),
        interval ? `± ${formatMeasure(key, value.halfWidth)}` : '—',
        interval ? formatMeasure(key, value.low) : '—',
        interval ? formatMeasure(key, value.high) : '—',
      ]);
    });
  }
  return formatTable(
    [
      { header: 'ENTRY' },
      { header: 'MEASURE' },
      { header: 'MEAN', numeric: true },
      { header: '95 % CI', numeric: true },
      { header: 'LOW', numeric: true },
      { header: 'HIGH', numeric: true },
    ],
    rows,
  );
}

/** The p-value as shown: three significant digits, "<0.001" below that. */
export function formatP(p: number): string {
  if (p < 0.001) return '<0.001';
  return p >= 0.995 ? '1' : p.toPrecision(2);
}

/** Two groups of replications: each measure's estimates, change, adjusted p and the call. */
export function formatGroupComparison(
  comparisons: readonly MeasureComparison[],
  first: string,
  second: string,
): string {
  let lastEntry = '';
  const rows = comparisons.map((row) => {
    const shownEntry = row.entry === lastEntry ? '' : row.entry;
    lastEntry = row.entry;
    const asMs = MEASURE_UNITS.get(row.measure) === 'ms';
    return [
      shownEntry,
      measureLabel(row.measure),
      formatEstimate(row.measure, row.first),
      formatEstimate(row.measure, row.second),
      formatDelta(row.first.mean, row.second.mean, asMs),
      formatP(row.adjustedP),
      row.significant ? 'yes' : 'no',
    ];
  });
  return formatTable(
    [
      { header: 'ENTRY' },
      { header: 'MEASURE' },
      { header: first, numeric: true },
      { header: second, numeric: true },
      { header: 'CHANGE', numeric: true },
      { header: 'p (Holm)', numeric: true },
      { header: 'SIGNIFICANT' },
    ],
    rows,
  );
}

/** An axis value as a table cell. */
function axisCell(value: unknown): string {
  if (typeof value === 'number') {
    return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) >= 100 ? 1 : 3 });
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The sweep table: a row per point (in order), the knee's row marked. */
export function formatSweepTable(
  axes: readonly SweepAxis[],
  rows: readonly (SweepRow | null)[],
  knee: Knee | null,
): string {
  const columns = [
    ...axes.map((axis) => ({
      header: axis.kind === 'param' ? axis.name : axis.name.toUpperCase(),
      numeric: true,
    })),
    { header: 'REQUESTS', numeric: true },
    { header: 'THROUGHPUT /s', numeric: true },
    { header: 'ERRORS', numeric: true },
    { header: 'ERRORS %', numeric: true },
    { header: 'P50 ms', numeric: true },
    { header: 'P90 ms', numeric: true },
    { header: 'P99 ms', numeric: true },
    { header: 'P99.9 ms', numeric: true },
    { header: 'MAX ms', numeric: true },
    { header: '' },
  ];
  const cells = rows.flatMap((row, index) => {
    if (row === null) return [[...axes.map(() => ''), `(point ${index} did not finish)`]];
    return [
      [
        ...axes.map((axis) => axisCell(row.values[axis.name])),
        row.requests.toLocaleString('en-US'),
        row.throughput.toLocaleString('en-US', { maximumFractionDigits: row.throughput >= 100 ? 0 : 1 }),
        row.errors.toLocaleString('en-US'),
        (row.errorRate * 100).toFixed(2),
        formatMs(row.p50),
        formatMs(row.p90),
        formatMs(row.p99),
        formatMs(row.p999),
        formatMs(row.max),
        knee?.row.index === row.index ? '← knee' : '',
      ],
    ];
  });
  return formatTable(columns, cells);
}

/** The knee in words, or why there is none. */
export function describeKnee(axes: readonly SweepAxis[], rows: readonly SweepRow[]): string {
  const swept = sweptAxes(axes);
  if (swept.length !== 1) {
    return swept.length === 0
      ? 'knee: none — a sweep of one point'
      : `knee: found along one axis only (this sweep varies ${swept.map((axis) => axis.name).join(' and ')})`;
  }
  const axis = swept[0] as SweepAxis;
  const knee = findKnee(rows);
  if (knee === null) return `knee: none — p99 stays within 1.5× its floor across ${axis.name}`;
  const value = axisCell(knee.row.values[axis.name]);
  return (
    `knee: at ${axis.name} ${value}, where p99 leaves its floor — ${formatMs(knee.row.p99)} ms, ` +
    `${(knee.row.p99 / knee.floorMs).toFixed(1)}× the ${formatMs(knee.floorMs)} ms of the points before`
  );
}
