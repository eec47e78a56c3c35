/**
 * The chart of a sweep (`archsim sweep --chart`): end-to-end latency percentiles (P50, P90, P99
 * by default) against the swept value — the rate, the scale, or a service's field — one point per
 * run, with the knee (where P99 leaves its floor) marked by a dashed vertical line. Drawn with the
 * frame, scales and palette every chart shares (./frame.ts, ./scale.ts, ./theme.ts), so it reads
 * like the spectrum and the timeline beside it.
 *
 * The x axis is linear in the swept value when every point has a number there; otherwise (string
 * values, e.g. a retry policy) the points stand evenly spaced, labelled with their values. The y
 * axis turns logarithmic when the latencies span more than two decades (a knee often takes P99
 * from milliseconds to seconds).
 *
 * Markup: `<g class="series" data-series data-index data-colour data-dash data-x data-values-ms>`
 * per percentile, holding a `<path class="line">` and a `<circle class="point">` per point; the
 * knee is `<g class="knee" data-x data-label>`.
 */
import { escapeXmlAttribute, escapeXmlText } from '../diagram/svg-metadata.ts';
import { svgNumber as n } from '../diagram/svg-shapes.ts';
import {
  MARGIN,
  TICK_SIZE,
  X_AXIS_HEIGHT,
  chartSize,
  dashAttribute,
  dataList,
  emptyNote,
  headingMarkup,
  legendMarkup,
  openChart,
  plotLeft,
  xAxisMarkup,
  yAxisMarkup,
  type AxisTick,
  type ChartOptions,
  type PlotArea,
} from './frame.ts';
import { formatLogTick, formatTick, formatValue, groupThousands, linearTicks, logTicks } from './scale.ts';
import { CHART_COLOURS, seriesStyle } from './theme.ts';

/** One point of the sweep: where it sits on the swept axis and its latencies (ms). */
export interface SweepChartPoint {
  /** The swept value: a number, or any other value (drawn evenly spaced, labelled). */
  readonly value: unknown;
  /** Percentile name ("p50", "p99"…) → ms; a missing or non-finite value is not drawn. */
  readonly latencyMs: Readonly<Record<string, number | null | undefined>>;
}

export interface SweepChartOptions extends ChartOptions {
  /** The x axis' title (default "swept value"). */
  readonly valueLabel?: string;
  /** The percentiles drawn, in legend order (default p50, p90, p99). */
  readonly percentiles?: readonly string[];
  /** The point (index into the points) named as the knee, if any. */
  readonly kneeIndex?: number | null;
  /** 'auto' (default): logarithmic when the values span more than two decades. */
  readonly yScale?: 'auto' | 'linear' | 'log';
}

const DEFAULT_PERCENTILES = ['p50', 'p90', 'p99'] as const;
/** How many decades of latency turn the y axis logarithmic (with yScale 'auto'). */
const LOG_SPAN_DECADES = 2;

/** A swept value as an axis label: numbers grouped ("10,000"), others as text or JSON. */
export function sweepValueLabel(value: unknown): string {
  if (typeof value === 'number') return groupThousands(String(Number(value.toFixed(3))));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The sweep chart as a standalone SVG document (see the module's notes). */
export function renderSweepSvg(points: readonly SweepChartPoint[], options: SweepChartOptions = {}): string {
  const theme = options.theme ?? 'light';
  const colours = CHART_COLOURS[theme];
  const size = chartSize(options, 720, 400);
  const { width, height } = size;
  const title = options.title ?? 'Latency by swept value';
  const percentiles = options.percentiles ?? DEFAULT_PERCENTILES;
  const numeric = points.length > 0 && points.every((point) => typeof point.value === 'number');
  const positions = points.map((point, index) => (numeric ? (point.value as number) : index));
  const valueOf = (point: SweepChartPoint, percentile: string): number | null => {
    const value = point.latencyMs[percentile];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };
  const drawn = percentiles.flatMap((percentile) =>
    points.map((point) => valueOf(point, percentile)).filter((value): value is number => value !== null),
  );
  const lowest = drawn.length === 0 ? 0 : Math.min(...drawn);
  const highest = drawn.length === 0 ? 0 : Math.max(...drawn);
  const logarithmic =
    options.yScale === 'log'
      ? lowest > 0
      : options.yScale !== 'linear' && lowest > 0 && Math.log10(highest / lowest) > LOG_SPAN_DECADES;

  let yTickValues: number[];
  let yLabels: string[];
  let yMin: number;
  let yMax: number;
  if (logarithmic) {
    yMin = 10 ** Math.floor(Math.log10(lowest) + 1e-9);
    yMax = 10 ** Math.ceil(Math.log10(highest) - 1e-9);
    if (yMax <= yMin) yMax = yMin * 10;
    yTickValues = logTicks(yMin, yMax);
    yLabels = yTickValues.map(formatLogTick);
  } else {
    const ticks = linearTicks(0, highest, 5);
    yMin = ticks.min;
    yMax = ticks.max;
    yTickValues = [...ticks.ticks];
    yLabels = yTickValues.map((value) => formatTick(value, ticks.step));
  }

  const knee =
    options.kneeIndex !== undefined && options.kneeIndex !== null ? points[options.kneeIndex] : undefined;
  const parts = openChart('sweep', options, size, title, describeSweep(points, percentiles, knee, options));
  const heading = headingMarkup(title, options.subtitle, width, colours);
  parts.push(heading.markup);
  const legend = legendMarkup(
    percentiles.map((name, index) => ({ name: name.toUpperCase(), index, swatch: 'line' as const })),
    theme,
    MARGIN,
    heading.bottom + 10,
    width - 2 * MARGIN,
  );
  parts.push(legend.markup);

  const area: PlotArea = {
    left: plotLeft(yLabels),
    right: width - MARGIN - 12,
    // Room above the plot for the knee's label.
    top: heading.bottom + 10 + legend.height + 6 + TICK_SIZE + 6,
    bottom: height - MARGIN - X_AXIS_HEIGHT,
  };
  const xLow = positions.length === 0 ? 0 : Math.min(...positions);
  const xHigh = positions.length === 0 ? 1 : Math.max(...positions);
  // Categories sit half a step in from the edges; numbers span the plot.
  const inset = numeric ? 0 : 0.5;
  const xOf = (position: number) =>
    xHigh === xLow && inset === 0
      ? (area.left + area.right) / 2
      : area.left + ((position - xLow + inset) / (xHigh - xLow + 2 * inset)) * (area.right - area.left);
  const yOf = (valueMs: number) => {
    const fraction = logarithmic
      ? (Math.log10(valueMs) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))
      : (valueMs - yMin) / (yMax - yMin || 1);
    return area.bottom - fraction * (area.bottom - area.top);
  };

  parts.push(
    yAxisMarkup(
      area,
      yTickValues.map((value, index) => ({ at: yOf(value), label: yLabels[index] as string, value })),
      logarithmic ? 'response time (ms, log scale)' : 'response time (ms)',
      colours,
    ),
    xAxisMarkup(
      area,
      xAxisTicks(points, positions, numeric, xLow, xHigh, xOf),
      options.valueLabel ?? 'swept value',
      colours,
    ),
  );

  if (knee !== undefined) {
    const index = options.kneeIndex as number;
    const x = xOf(positions[index] as number);
    const label = `knee: ${sweepValueLabel(knee.value)}`;
    parts.push(
      `<g class="knee" data-x="${escapeXmlAttribute(sweepValueLabel(knee.value))}" data-label="${escapeXmlAttribute(label)}">`,
      `<line x1="${n(x)}" y1="${n(area.top)}" x2="${n(x)}" y2="${n(area.bottom)}" stroke="${colours.failure}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
      `<text x="${n(x)}" y="${n(area.top - 6)}" text-anchor="middle" font-size="${TICK_SIZE}" fill="${colours.failureText}">${escapeXmlText(label)}</text>`,
      '</g>',
    );
  }

  parts.push('<g class="series-list">');
  percentiles.forEach((percentile, index) => {
    const style = seriesStyle(index, theme);
    const values = points.map((point) => valueOf(point, percentile));
    const visible = values
      .map((value, pointIndex) => ({ value, position: positions[pointIndex] as number }))
      .filter(
        (point): point is { value: number; position: number } =>
          point.value !== null && (!logarithmic || point.value > 0),
      );
    parts.push(
      `<g class="series" data-series="${escapeXmlAttribute(percentile)}" data-index="${index}" data-colour="${style.colour}" data-dash="${style.dash}" data-x="${escapeXmlAttribute(points.map((point) => sweepValueLabel(point.value)).join(','))}" data-values-ms="${dataList(values)}">`,
    );
    if (visible.length > 1) {
      const d = visible
        .map(
          (point, pointIndex) =>
            `${pointIndex === 0 ? 'M' : 'L'}${n(xOf(point.position))},${n(yOf(point.value))}`,
        )
        .join(' ');
      parts.push(
        `<path class="line" d="${d}" fill="none" stroke="${style.colour}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"${dashAttribute(style.dash)}/>`,
      );
    }
    for (const point of visible) {
      parts.push(
        `<circle class="point" cx="${n(xOf(point.position))}" cy="${n(yOf(point.value))}" r="3" fill="${style.colour}"/>`,
      );
    }
    parts.push('</g>');
  });
  parts.push('</g>');
  if (drawn.length === 0) parts.push(emptyNote(area, 'no points finished', colours));
  parts.push('</svg>', '');
  return parts.join('\n');
}

/** The x ticks: every point when they are few (or not numbers), else nice values. */
function xAxisTicks(
  points: readonly SweepChartPoint[],
  positions: readonly number[],
  numeric: boolean,
  low: number,
  high: number,
  xOf: (position: number) => number,
): AxisTick[] {
  if (!numeric || points.length <= 8) {
    return points.map((point, index) => ({
      at: xOf(positions[index] as number),
      label: sweepValueLabel(point.value),
      value: positions[index] as number,
    }));
  }
  const ticks = linearTicks(low, high, 6);
  return ticks.ticks
    .filter((value) => value >= low - 1e-9 && value <= high + 1e-9)
    .map((value) => ({ at: xOf(value), label: formatTick(value, ticks.step), value }));
}

/** The chart's `<desc>`: what is drawn, the range of P99, and the knee. */
function describeSweep(
  points: readonly SweepChartPoint[],
  percentiles: readonly string[],
  knee: SweepChartPoint | undefined,
  options: SweepChartOptions,
): string {
  if (points.length === 0) return 'A sweep with no points.';
  const last = percentiles[percentiles.length - 1] as string;
  const values = points
    .map((point) => point.latencyMs[last])
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  const range =
    values.length === 0
      ? ''
      : ` ${last.toUpperCase()} from ${formatValue(Math.min(...values))} to ${formatValue(Math.max(...values))} ms.`;
  return (
    `${percentiles.map((name) => name.toUpperCase()).join(', ')} response time against ${options.valueLabel ?? 'the swept value'}, ` +
    `${points.length} points from ${sweepValueLabel(points[0]?.value)} to ${sweepValueLabel(points[points.length - 1]?.value)}.${range}` +
    (knee ? ` Knee at ${sweepValueLabel(knee.value)}.` : ' No knee.')
  );
}
