/**
 * The latency histogram: how many requests took how long, as bars of counts per latency bin (see
 * `histogramBins`: log-spaced bins on a log axis for long-tailed latency, linear otherwise). One
 * series is drawn as filled bars; several (with the same bins: `sharedHistogramBins`) as
 * outlined steps over a light fill, so that each stays visible where they overlap.
 *
 * Markup: `<g class="series" data-series data-index data-colour data-total>` per series, holding
 * `<rect class="bar" data-low-ms data-high-ms data-count>` per non-empty bin (each with a
 * `<title>`), and for several series a `<path class="outline">`.
 */
import { escapeXmlAttribute, escapeXmlText } from '../diagram/svg-metadata.ts';
import { svgNumber as n } from '../diagram/svg-shapes.ts';
import {
  chartSize,
  dashAttribute,
  emptyNote,
  openChart,
  xAxisMarkup,
  yAxisMarkup,
  type AxisTick,
  type ChartOptions,
  chartHead,
} from './frame.ts';
import { chooseBinScale, type BinScale, type HistogramBin } from './hdr.ts';
import { formatLogTick, formatTick, formatValue, groupThousands, linearTicks, logTicks } from './scale.ts';
import { CHART_COLOURS, seriesStyle } from './theme.ts';

/** One histogram's bars. */
export interface HistogramSeries {
  readonly name: string;
  readonly bins: readonly HistogramBin[];
}

export interface HistogramChartOptions extends ChartOptions {
  /** The latency axis (default: log when the bins span more than a factor of 20, as the bins do). */
  readonly scale?: BinScale | 'auto';
  /** The x axis' title (default "latency (ms)"). */
  readonly valueLabel?: string;
}

const plural = (count: number, word: string) =>
  `${groupThousands(String(count))} ${word}${count === 1 ? '' : 's'}`;

/** The latency histogram of `series` as a standalone SVG document (see the module's notes). */
export function renderHistogramSvg(
  series: readonly HistogramSeries[],
  options: HistogramChartOptions = {},
): string {
  const theme = options.theme ?? 'light';
  const colours = CHART_COLOURS[theme];
  const size = chartSize(options, 720, 400);
  const title = options.title ?? 'Latency histogram';
  const all = series.flatMap((line) => line.bins);
  const lowest = all.length === 0 ? 0 : Math.min(...all.map((bin) => bin.lowMs));
  const highest = all.length === 0 ? 1 : Math.max(...all.map((bin) => bin.highMs));
  const scale =
    options.scale === undefined || options.scale === 'auto'
      ? lowest > 0
        ? chooseBinScale(lowest, highest)
        : 'linear'
      : options.scale === 'log' && lowest <= 0
        ? 'linear'
        : options.scale;
  const maxCount = Math.max(0, ...all.map((bin) => bin.count));
  const yTicks = linearTicks(0, maxCount, 5);
  // Counts are whole: a step below 1 would label 0.5 requests.
  const countTicks = yTicks.step < 1 ? linearTicks(0, Math.max(1, maxCount), Math.max(1, maxCount)) : yTicks;

  const totals = series.map((line) => line.bins.reduce((sum, bin) => sum + bin.count, 0));
  const description = `${title}: requests per latency bin (${scale} latency axis). ${series
    .map(
      (line, index) =>
        `${line.name}: ${plural(totals[index] as number, 'value')} in ${line.bins.length} bins`,
    )
    .join('; ')}.`;
  const parts = openChart('histogram', options, size, title, description);
  const yLabels = countTicks.ticks.map((value) => formatTick(value, countTicks.step));
  const head = chartHead(
    title,
    options.subtitle,
    size,
    theme,
    { names: series.map((line) => line.name), swatch: 'box' },
    yLabels,
  );
  parts.push(head.markup);
  const area = head.area;
  const xTicksLinear = linearTicks(lowest, highest, 6);
  const [xMin, xMax] =
    scale === 'log'
      ? [lowest, highest]
      : [Math.min(lowest, xTicksLinear.min), Math.max(highest, xTicksLinear.max)];
  const xOf =
    scale === 'log'
      ? (valueMs: number) =>
          area.left +
          ((Math.log10(valueMs) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin) || 1)) *
            (area.right - area.left)
      : (valueMs: number) => area.left + ((valueMs - xMin) / (xMax - xMin || 1)) * (area.right - area.left);
  const yOf = (count: number) => area.bottom - (count / (countTicks.max || 1)) * (area.bottom - area.top);

  const xTicks: AxisTick[] =
    all.length === 0
      ? []
      : scale === 'log'
        ? logTicks(xMin, xMax).map((value) => ({ at: xOf(value), label: formatLogTick(value), value }))
        : xTicksLinear.ticks
            .filter((value) => value >= xMin - 1e-9 && value <= xMax + 1e-9)
            .map((value) => ({ at: xOf(value), label: formatTick(value, xTicksLinear.step), value }));
  parts.push(
    yAxisMarkup(
      area,
      countTicks.ticks.map((value, index) => ({ at: yOf(value), label: yLabels[index] as string, value })),
      'requests',
      colours,
    ),
    xAxisMarkup(area, xTicks, options.valueLabel ?? 'latency (ms)', colours),
  );

  const overlaid = series.length > 1;
  parts.push('<g class="series-list">');
  series.forEach((line, index) => {
    const style = seriesStyle(index, theme);
    parts.push(
      `<g class="series" data-series="${escapeXmlAttribute(line.name)}" data-index="${index}" data-colour="${style.colour}" data-total="${totals[index]}">`,
      `<title>${escapeXmlText(`${line.name}: ${plural(totals[index] as number, 'value')}`)}</title>`,
    );
    for (const bin of line.bins) {
      if (bin.count === 0) continue;
      const left = xOf(bin.lowMs);
      const right = xOf(bin.highMs);
      const gap = overlaid ? 0 : Math.min(1, (right - left) / 4);
      parts.push(
        `<rect class="bar" x="${n(left + gap / 2)}" y="${n(yOf(bin.count))}" width="${n(Math.max(0.5, right - left - gap))}" height="${n(area.bottom - yOf(bin.count))}" fill="${style.colour}" fill-opacity="${overlaid ? 0.15 : 0.8}" data-low-ms="${bin.lowMs}" data-high-ms="${bin.highMs}" data-count="${bin.count}"><title>${escapeXmlText(`${line.name}: ${formatValue(bin.lowMs)}–${formatValue(bin.highMs)} ms: ${plural(bin.count, 'request')}`)}</title></rect>`,
      );
    }
    if (overlaid && line.bins.length > 0) {
      // The outline as steps: up and along each bin, down to the axis at the end.
      const first = line.bins[0] as HistogramBin;
      const steps = [`M${n(xOf(first.lowMs))},${n(area.bottom)}`];
      for (const bin of line.bins) {
        steps.push(
          `L${n(xOf(bin.lowMs))},${n(yOf(bin.count))}`,
          `L${n(xOf(bin.highMs))},${n(yOf(bin.count))}`,
        );
      }
      steps.push(`L${n(xOf((line.bins[line.bins.length - 1] as HistogramBin).highMs))},${n(area.bottom)}`);
      parts.push(
        `<path class="outline" d="${steps.join(' ')}" fill="none" stroke="${style.colour}" stroke-width="1.75" stroke-linejoin="round"${dashAttribute(style.dash)}/>`,
      );
    }
    parts.push('</g>');
  });
  parts.push('</g>');
  if (maxCount === 0) parts.push(emptyNote(area, 'no values recorded', colours));
  parts.push('</svg>', '');
  return parts.join('\n');
}
