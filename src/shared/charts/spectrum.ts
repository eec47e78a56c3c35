/**
 * The HDR percentile spectrum (HdrHistogram's "percentile distribution" plot): latency against
 * percentile, the x axis 1/(1−p) on a log scale, so that 90 %, 99 %, 99.9 % and 99.99 % are a
 * decade apart each and the tail gets the room it deserves. Several series overlay (compare:
 * "run 3" and "run 4"), each with its colour and dash pattern.
 *
 * Markup: `<g class="series" data-series data-index data-colour data-dash data-points
 * data-max-ms>` per series, holding `<path class="line" data-percentiles data-values-ms>` (the
 * drawn points, comma separated); `<g class="axis x">` ticks carry `data-value` (the percentile)
 * and `data-x`.
 */
import { escapeXmlAttribute, escapeXmlText } from '../diagram/svg-metadata.ts';
import { svgNumber as n } from '../diagram/svg-shapes.ts';
import {
  chartSize,
  dashAttribute,
  dataList,
  emptyNote,
  openChart,
  xAxisMarkup,
  yAxisMarkup,
  type AxisTick,
  type ChartOptions,
  chartHead,
} from './frame.ts';
import type { SpectrumPoint } from './hdr.ts';
import { formatPercentile, formatTick, formatValue, linearTicks } from './scale.ts';
import { CHART_COLOURS, seriesStyle } from './theme.ts';

/** One line of the spectrum. */
export interface SpectrumSeries {
  readonly name: string;
  /** Points by ascending percentile (see `spectrumPoints`); a point at 100 % is not drawn. */
  readonly points: readonly SpectrumPoint[];
}

export interface SpectrumChartOptions extends ChartOptions {
  /**
   * Decades of 1/(1−p) on the x axis (4: 0 % to 99.99 %). Default: 4, or as many as the data
   * reaches (5 shows 99.999 %), at most 9.
   */
  readonly decades?: number;
  /** The y axis' upper end in ms (default: a nice value above the highest point). */
  readonly maxMs?: number;
  /** The y axis' title (default "latency (ms)"). */
  readonly valueLabel?: string;
}

/** 1/(1−p): the spectrum's x value of a percentile (0–100); Infinity at 100. */
export function spectrumX(percentile: number): number {
  return percentile >= 100 ? Number.POSITIVE_INFINITY : 1 / (1 - percentile / 100);
}

/** Where a percentile sits along the x axis, from 0 (0 %) to 1 (the last decade). */
export function spectrumPosition(percentile: number, decades: number): number {
  return Math.log10(spectrumX(Math.max(0, percentile))) / decades;
}

const MIN_DECADES = 4;
const MAX_DECADES = 9;

/** The decades the x axis needs for these series (see `SpectrumChartOptions.decades`). */
export function spectrumDecades(series: readonly SpectrumSeries[]): number {
  let highest = 1;
  for (const line of series) {
    for (const point of line.points) {
      if (point.percentile < 100) highest = Math.max(highest, spectrumX(point.percentile));
    }
  }
  const needed = Math.ceil(Math.log10(highest) - 1e-9);
  return Math.min(MAX_DECADES, Math.max(MIN_DECADES, needed));
}

/** The percentile of the x axis' tick at `decade` (0 → 0, 1 → 90, 2 → 99, 3 → 99.9…). */
export const percentileOfDecade = (decade: number): number => Number((100 * (1 - 10 ** -decade)).toFixed(9));

/** The drawn points: below 100 %, and no further right than the axis reaches. */
function drawnPoints(points: readonly SpectrumPoint[], decades: number): SpectrumPoint[] {
  return points.filter(
    (point) =>
      point.percentile >= 0 &&
      point.percentile < 100 &&
      Number.isFinite(point.valueMs) &&
      spectrumPosition(point.percentile, decades) <= 1 + 1e-9,
  );
}

/** The value at the first point at or above `percentile` (the spectrum's steps), or null. */
function valueAt(points: readonly SpectrumPoint[], percentile: number): number | null {
  for (const point of points) if (point.percentile >= percentile) return point.valueMs;
  return null;
}

function describeSeries(series: SpectrumSeries): string {
  if (series.points.length === 0) return `${series.name}: no values`;
  const parts = ([50, 99, 99.9] as const).flatMap((percentile) => {
    const value = valueAt(series.points, percentile);
    return value === null ? [] : [`p${percentile} ${formatValue(value)} ms`];
  });
  const max = Math.max(...series.points.map((point) => point.valueMs));
  return `${series.name}: ${[...parts, `max ${formatValue(max)} ms`].join(', ')}`;
}

/** The percentile spectrum of `series` as a standalone SVG document (see the module's notes). */
export function renderSpectrumSvg(
  series: readonly SpectrumSeries[],
  options: SpectrumChartOptions = {},
): string {
  const theme = options.theme ?? 'light';
  const colours = CHART_COLOURS[theme];
  const size = chartSize(options, 720, 400);
  const title = options.title ?? 'Latency by percentile';
  const decades =
    options.decades !== undefined
      ? Math.min(MAX_DECADES, Math.max(1, Math.round(options.decades)))
      : spectrumDecades(series);
  const lines = series.map((line) => ({ line, points: drawnPoints(line.points, decades) }));
  const highest = Math.max(0, ...lines.flatMap(({ points }) => points.map((point) => point.valueMs)));
  const yTicks = linearTicks(0, options.maxMs ?? highest, 5);

  const parts = openChart(
    'spectrum',
    options,
    size,
    title,
    `${title}: latency against percentile, the percentile axis logarithmic in 1/(1−p). ${series.map(describeSeries).join('; ')}.`,
  );
  const yLabels = yTicks.ticks.map((value) => formatTick(value, yTicks.step));
  const head = chartHead(
    title,
    options.subtitle,
    size,
    theme,
    { names: series.map((line) => line.name), swatch: 'line' },
    yLabels,
  );
  parts.push(head.markup);
  const area = head.area;
  const xOf = (percentile: number) =>
    area.left + spectrumPosition(percentile, decades) * (area.right - area.left);
  const yOf = (valueMs: number) =>
    area.bottom - (valueMs / (yTicks.max - yTicks.min || 1)) * (area.bottom - area.top);

  const xTicks: AxisTick[] = [];
  for (let decade = 0; decade <= decades; decade++) {
    const percentile = percentileOfDecade(decade);
    xTicks.push({
      at: area.left + (decade / decades) * (area.right - area.left),
      label: formatPercentile(percentile),
      value: percentile,
    });
  }
  const yAxisTicks: AxisTick[] = yTicks.ticks.map((value, index) => ({
    at: yOf(value),
    label: yLabels[index] as string,
    value,
  }));
  parts.push(
    yAxisMarkup(area, yAxisTicks, options.valueLabel ?? 'latency (ms)', colours),
    xAxisMarkup(area, xTicks, 'percentile', colours),
  );

  parts.push('<g class="series-list">');
  lines.forEach(({ line, points }, index) => {
    const style = seriesStyle(index, theme);
    const max = line.points.length === 0 ? 0 : Math.max(...line.points.map((point) => point.valueMs));
    parts.push(
      `<g class="series" data-series="${escapeXmlAttribute(line.name)}" data-index="${index}" data-colour="${style.colour}" data-dash="${style.dash}" data-points="${points.length}" data-max-ms="${max}">`,
      `<title>${escapeXmlText(describeSeries(line))}</title>`,
    );
    if (points.length > 0) {
      const d = points
        .map(
          (point, pointIndex) =>
            `${pointIndex === 0 ? 'M' : 'L'}${n(xOf(point.percentile))},${n(yOf(point.valueMs))}`,
        )
        .join(' ');
      parts.push(
        `<path class="line" d="${d}" fill="none" stroke="${style.colour}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"${dashAttribute(style.dash)} data-percentiles="${dataList(points.map((point) => point.percentile))}" data-values-ms="${dataList(points.map((point) => point.valueMs))}"/>`,
      );
      if (points.length === 1) {
        const [only] = points as [SpectrumPoint];
        parts.push(
          `<circle class="point" cx="${n(xOf(only.percentile))}" cy="${n(yOf(only.valueMs))}" r="3" fill="${style.colour}"/>`,
        );
      }
    }
    parts.push('</g>');
  });
  parts.push('</g>');
  if (lines.every(({ points }) => points.length === 0))
    parts.push(emptyNote(area, 'no values recorded', colours));
  parts.push('</svg>', '');
  return parts.join('\n');
}
