/**
 * The timeline: one or more metrics per simulated second — throughput, errors, p50, p90, p99 —
 * each in a panel of its own over one shared time axis, one line per series (entries, services
 * or runs), with the run's failure windows shaded and labelled across the panels and an optional
 * cursor (a vertical line at second t: replay moves it).
 *
 * Rendering is a single pass of string building (600 seconds × 5 series in a few ms), so the
 * studio can draw the chart again for every cursor move; `timelineGeometry` gives the same x
 * scale to a caller that would rather move its own line.
 *
 * Markup: `<g class="panel" data-metric>` per panel with `<g class="series" data-series
 * data-index data-colour data-dash>` holding `<path class="line" data-values>` (one value per
 * bucket, empty where a second had no sample); `<g class="failure-window" data-start-s data-end-s
 * data-label>` with one `<rect>` per panel; `<g class="cursor" data-second data-x>`.
 */
import type { RunResult, TimelineSeries } from '../results.ts';
import { estimateTextWidth, fitText } from '../diagram/svg.ts';
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
  type ChartOptions,
  type PlotArea,
} from './frame.ts';
import { formatSeconds, formatTick, linearTicks, type LinearTicks } from './scale.ts';
import { CHART_COLOURS, seriesStyle } from './theme.ts';

/** What a timeline panel shows, per bucket (second). */
export const TIMELINE_METRICS = ['throughput', 'errors', 'p50', 'p90', 'p99'] as const;
export type TimelineMetric = (typeof TIMELINE_METRICS)[number];

/** Names of the metrics: in titles (in lower case), and on the y axes with their units. */
export const TIMELINE_METRIC_LABELS: Readonly<
  Record<TimelineMetric, { readonly name: string; readonly axis: string }>
> = {
  throughput: { name: 'throughput', axis: 'throughput (requests/s)' },
  errors: { name: 'errors', axis: 'errors/s' },
  p50: { name: 'p50', axis: 'p50 latency (ms)' },
  p90: { name: 'p90', axis: 'p90 latency (ms)' },
  p99: { name: 'p99', axis: 'p99 latency (ms)' },
};

/** One line: a value per bucket, null where there is none (a percentile of a second without requests). */
export interface TimelineChartSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

/** One panel: a metric and its lines. */
export interface TimelinePanel {
  readonly metric: TimelineMetric;
  readonly series: readonly TimelineChartSeries[];
}

/** A failure's time span (seconds from the run's start; endS null: it lasted to the end). */
export interface FailureWindow {
  readonly startS: number;
  readonly endS: number | null;
  readonly label: string;
}

export interface TimelineChartOptions extends ChartOptions {
  /** Seconds per value (default 1: `RunResult.timeline.bucketSeconds`). */
  readonly bucketSeconds?: number;
  /** The time axis' end (default: the longest series' buckets × bucketSeconds). */
  readonly durationS?: number;
  /** Shaded and labelled (see `failureWindows`). */
  readonly windows?: readonly FailureWindow[];
  /** A vertical line at this second (replay); none when null or absent. */
  readonly cursorS?: number | null;
}

/**
 * A metric's values per bucket from a stored timeline series: throughput and errors per second
 * (counts ÷ bucketSeconds); percentiles in ms, null in buckets without requests (the store keeps
 * 0 there, which is not a latency).
 */
export function timelineValues(
  series: TimelineSeries,
  metric: TimelineMetric,
  bucketSeconds = 1,
): (number | null)[] {
  const per = bucketSeconds > 0 ? bucketSeconds : 1;
  switch (metric) {
    case 'throughput':
      return series.requests.map((requests) => requests / per);
    case 'errors':
      return series.requests.map((_, index) => (series.errors[index] ?? 0) / per);
    case 'p50':
    case 'p90':
    case 'p99':
      return series.requests.map((requests, index) => (requests > 0 ? (series[metric][index] ?? 0) : null));
  }
}

/** Which stored series a panel shows. */
export interface TimelinePanelSelection {
  /** 'entries' (end-to-end, default) or 'services'. */
  readonly kind?: 'entries' | 'services';
  /** Only these names, in this order (default: all of the kind, in stored order). */
  readonly names?: readonly string[];
  /** Put before each series' name ("run 3 · "), for panels that hold several runs. */
  readonly prefix?: string;
}

/** A panel of `metric` from a stored result's timeline (see `TimelinePanelSelection`). */
export function timelinePanel(
  result: Pick<RunResult, 'timeline'>,
  metric: TimelineMetric,
  selection: TimelinePanelSelection = {},
): TimelinePanel {
  const stored = result.timeline[selection.kind ?? 'entries'];
  const names = selection.names ?? Object.keys(stored);
  return {
    metric,
    series: names.flatMap((name) => {
      const series = stored[name];
      return series === undefined
        ? []
        : [
            {
              name: `${selection.prefix ?? ''}${name}`,
              values: timelineValues(series, metric, result.timeline.bucketSeconds),
            },
          ];
    }),
  };
}

/**
 * The failure windows of a run: each injected failure from its start for its duration (to the
 * end when permanent), labelled "type: target" as the run's events name it. Read from
 * `result.failures`; from the failure-start/-end events when a result has no failure reports.
 */
export function failureWindows(result: Pick<RunResult, 'failures' | 'events'>): FailureWindow[] {
  if (result.failures.length > 0) {
    return result.failures.map((failure) => ({
      startS: failure.atS,
      endS: failure.durationS === null ? null : failure.atS + failure.durationS,
      label: failure.target === '' ? failure.type : `${failure.type}: ${failure.target}`,
    }));
  }
  const windows: FailureWindow[] = [];
  const open: { startS: number; label: string }[] = [];
  for (const event of result.events) {
    if (event.kind === 'failure-start') open.push({ startS: event.atS, label: event.detail });
    else if (event.kind === 'failure-end') {
      const index = open.findIndex((started) => started.label === event.detail);
      if (index < 0) continue;
      const [started] = open.splice(index, 1) as [{ startS: number; label: string }];
      windows.push({ startS: started.startS, endS: event.atS, label: started.label });
    }
  }
  for (const started of open) windows.push({ startS: started.startS, endS: null, label: started.label });
  return windows.sort((left, right) => left.startS - right.startS);
}

/** Where things are in a timeline chart of given panels and options. */
export interface TimelineGeometry {
  readonly width: number;
  readonly height: number;
  /** The time axis' range in seconds: 0 to this. */
  readonly durationS: number;
  readonly bucketSeconds: number;
  /** Plot areas, one per panel, top to bottom (same left and right). */
  readonly panels: readonly PlotArea[];
  /** The x of second `t` (clamped to the axis). */
  readonly xOfSecond: (second: number) => number;
}

const PANEL_GAP = 16;
const WINDOW_LABEL_ROW = 14;
const DEFAULT_PANEL_HEIGHT = 210;

interface Layout extends TimelineGeometry {
  readonly headingBottom: number;
  readonly legendTop: number;
  readonly legendNames: readonly string[];
  readonly yTicks: readonly LinearTicks[];
}

/** The series names of all panels, each once, in order of first appearance (their colour order). */
function seriesNames(panels: readonly TimelinePanel[]): string[] {
  const names: string[] = [];
  for (const panel of panels)
    for (const line of panel.series) if (!names.includes(line.name)) names.push(line.name);
  return names;
}

function layout(panels: readonly TimelinePanel[], options: TimelineChartOptions): Layout {
  const count = Math.max(1, panels.length);
  const size = chartSize(options, 720, 120 + count * DEFAULT_PANEL_HEIGHT);
  const bucketSeconds =
    options.bucketSeconds !== undefined && options.bucketSeconds > 0 ? options.bucketSeconds : 1;
  const longest = Math.max(0, ...panels.flatMap((panel) => panel.series.map((line) => line.values.length)));
  const durationS =
    options.durationS !== undefined && options.durationS > 0
      ? options.durationS
      : Math.max(1, longest * bucketSeconds);
  const headingBottom = headingMarkup('', options.subtitle, size.width, CHART_COLOURS.light).bottom;
  const legendNames = seriesNames(panels);
  // The legend's height, measured as legendMarkup lays it out.
  const legendHeight =
    legendNames.length > 1
      ? legendMarkup(
          legendNames.map((name, index) => ({ name, index, swatch: 'line' as const })),
          options.theme ?? 'light',
          0,
          0,
          size.width - 2 * MARGIN,
        ).height
      : 0;
  const legendTop = headingBottom + 10;
  const top = legendTop + legendHeight + (legendHeight > 0 ? 6 : 4) + 6;
  const bottom = size.height - MARGIN - X_AXIS_HEIGHT;
  const yTicks = panels.map((panel) => {
    const highest = Math.max(
      0,
      ...panel.series.flatMap((line) =>
        line.values.filter((value): value is number => value !== null && Number.isFinite(value)),
      ),
    );
    return linearTicks(0, highest, 4);
  });
  const left = plotLeft(yTicks.flatMap((ticks) => ticks.ticks.map((value) => formatTick(value, ticks.step))));
  const right = size.width - MARGIN - 12;
  const panelHeight = Math.max(40, (bottom - top - (count - 1) * PANEL_GAP) / count);
  const areas: PlotArea[] = [];
  for (let index = 0; index < count; index++) {
    const panelTop = top + index * (panelHeight + PANEL_GAP);
    areas.push({ left, right, top: panelTop, bottom: panelTop + panelHeight });
  }
  const xOfSecond = (second: number) =>
    left + (Math.min(Math.max(second, 0), durationS) / durationS) * (right - left);
  return {
    width: size.width,
    height: size.height,
    durationS,
    bucketSeconds,
    panels: areas,
    xOfSecond,
    headingBottom,
    legendTop,
    legendNames,
    yTicks,
  };
}

/** The geometry `renderTimelineSvg` uses for these panels and options (for overlays of a caller's own). */
export function timelineGeometry(
  panels: TimelinePanel | readonly TimelinePanel[],
  options: TimelineChartOptions = {},
): TimelineGeometry {
  const {
    width,
    height,
    durationS,
    bucketSeconds,
    panels: areas,
    xOfSecond,
  } = layout(asPanels(panels), options);
  return { width, height, durationS, bucketSeconds, panels: areas, xOfSecond };
}

const asPanels = (panels: TimelinePanel | readonly TimelinePanel[]): readonly TimelinePanel[] =>
  Array.isArray(panels) ? (panels as readonly TimelinePanel[]) : [panels as TimelinePanel];

/**
 * A line's path: segments through bucket middles, broken where values are missing. `middles`
 * holds the x of each bucket's middle, already written (shared by every line of the chart).
 */
function linePath(
  values: readonly (number | null)[],
  middles: readonly string[],
  bucketSeconds: number,
  xOfSecond: (second: number) => number,
  yOf: (value: number) => number,
): string {
  const segments: string[] = [];
  let runStart = -1;
  for (let index = 0; index <= values.length; index++) {
    const value = index < values.length ? values[index] : null;
    if (value !== null && value !== undefined && Number.isFinite(value)) {
      segments.push(
        `${runStart < 0 ? 'M' : 'L'}${middles[index] ?? n(xOfSecond((index + 0.5) * bucketSeconds))},${n(yOf(value))}`,
      );
      if (runStart < 0) runStart = index;
    } else if (runStart >= 0) {
      // A lone value between gaps: a short level stroke across its bucket, so it shows.
      if (index - runStart === 1) {
        segments.push(
          `M${n(xOfSecond(runStart * bucketSeconds))},${n(yOf(values[runStart] as number))}`,
          `H${n(xOfSecond((runStart + 1) * bucketSeconds))}`,
        );
      }
      runStart = -1;
    }
  }
  return segments.join(' ');
}

/** A timeline's default title: "Throughput and p99 per second". */
export function timelineTitle(metrics: readonly TimelineMetric[]): string {
  const names = metrics.map((metric) => TIMELINE_METRIC_LABELS[metric].name);
  if (names.length === 0) return 'Timeline';
  const listed =
    names.length === 1
      ? (names[0] as string)
      : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${listed.charAt(0).toUpperCase()}${listed.slice(1)} per second`;
}

/** The timeline chart of `panels` as a standalone SVG document (see the module's notes). */
export function renderTimelineSvg(
  panels: TimelinePanel | readonly TimelinePanel[],
  options: TimelineChartOptions = {},
): string {
  const list = asPanels(panels);
  const theme = options.theme ?? 'light';
  const colours = CHART_COLOURS[theme];
  const geometry = layout(list, options);
  const { width, height, durationS, bucketSeconds, xOfSecond } = geometry;
  const title = options.title ?? timelineTitle(list.map((panel) => panel.metric));
  const windows = (options.windows ?? []).filter(
    (window) =>
      Number.isFinite(window.startS) &&
      window.startS < durationS &&
      (window.endS === null || window.endS >= window.startS),
  );
  const description =
    `${title}, over ${formatSeconds(durationS)} simulated seconds: ${list
      .map(
        (panel) =>
          `${TIMELINE_METRIC_LABELS[panel.metric].axis} of ${panel.series.map((line) => line.name).join(', ') || 'nothing'}`,
      )
      .join('; ')}.` +
    (windows.length > 0
      ? ` Failures: ${windows.map((window) => `${window.label} from ${formatSeconds(window.startS)} s${window.endS === null ? ' to the end' : ` to ${formatSeconds(window.endS)} s`}`).join('; ')}.`
      : '');

  const parts = openChart('timeline', options, { width, height }, title, description);
  parts.push(headingMarkup(title, options.subtitle, width, colours).markup);
  const names = geometry.legendNames;
  if (names.length > 1) {
    parts.push(
      legendMarkup(
        names.map((name, index) => ({ name, index, swatch: 'line' as const })),
        theme,
        MARGIN,
        geometry.legendTop,
        width - 2 * MARGIN,
      ).markup,
    );
  }

  const [firstArea] = geometry.panels as [PlotArea];
  const lastArea = geometry.panels[geometry.panels.length - 1] as PlotArea;
  const timeTicks = linearTicks(
    0,
    durationS,
    Math.max(2, Math.floor((firstArea.right - firstArea.left) / 70)),
  );
  const xTicks = timeTicks.ticks
    .filter((second) => second <= durationS + 1e-9)
    .map((second) => ({ at: xOfSecond(second), label: formatTick(second, timeTicks.step), value: second }));

  // Failure windows under everything else, one rectangle per panel.
  const labelRows: number[] = [];
  const windowParts: string[] = [];
  for (const window of windows) {
    const start = Math.max(0, window.startS);
    const end = window.endS === null ? durationS : Math.min(durationS, window.endS);
    const left = xOfSecond(start);
    const right = Math.max(xOfSecond(end), left + 1.5);
    const label = fitText(window.label, TICK_SIZE, Math.max(60, firstArea.right - left - 4));
    const labelWidth = estimateTextWidth(label, TICK_SIZE) + 8;
    let row = labelRows.findIndex((rowEnd) => rowEnd <= left);
    if (row < 0) {
      row = labelRows.length;
      labelRows.push(0);
    }
    labelRows[row] = left + labelWidth;
    const span = `${formatSeconds(window.startS)} s${window.endS === null ? ' to the end' : ` to ${formatSeconds(window.endS)} s`}`;
    windowParts.push(
      `<g class="failure-window" data-start-s="${window.startS}" data-end-s="${window.endS ?? ''}" data-label="${escapeXmlAttribute(window.label)}">`,
      `<title>${escapeXmlText(`${window.label}: ${span}`)}</title>`,
      ...geometry.panels.map(
        (area) =>
          `<rect x="${n(left)}" y="${n(area.top)}" width="${n(right - left)}" height="${n(area.bottom - area.top)}" fill="${colours.failure}" fill-opacity="${colours.failureOpacity}"/>`,
      ),
      `<line x1="${n(left)}" y1="${n(firstArea.top)}" x2="${n(left)}" y2="${n(lastArea.bottom)}" stroke="${colours.failure}" stroke-width="1" stroke-opacity="0.6"/>`,
      `<text x="${n(left + 4)}" y="${n(firstArea.top + 3 + TICK_SIZE + row * WINDOW_LABEL_ROW)}" font-size="${TICK_SIZE}" fill="${colours.failureText}" stroke="${colours.background}" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${escapeXmlText(label)}</text>`,
      '</g>',
    );
  }

  const buckets = Math.max(0, ...list.flatMap((panel) => panel.series.map((line) => line.values.length)));
  // Buckets past the axis' end (a shorter durationS) are not drawn.
  const shown = Math.ceil(durationS / bucketSeconds - 1e-9);
  const middles = Array.from({ length: buckets }, (_, index) => n(xOfSecond((index + 0.5) * bucketSeconds)));
  list.forEach((panel, panelIndex) => {
    const area = geometry.panels[panelIndex] as PlotArea;
    const ticks = geometry.yTicks[panelIndex] as LinearTicks;
    const yOf = (value: number) =>
      area.bottom - ((value - ticks.min) / (ticks.max - ticks.min || 1)) * (area.bottom - area.top);
    const last = panelIndex === list.length - 1;
    parts.push(
      `<g class="panel" data-metric="${panel.metric}">`,
      yAxisMarkup(
        area,
        ticks.ticks.map((value) => ({ at: yOf(value), label: formatTick(value, ticks.step), value })),
        TIMELINE_METRIC_LABELS[panel.metric].axis,
        colours,
      ),
      xAxisMarkup(area, xTicks, last ? 'simulated time (s)' : '', colours, { labels: last }),
    );
    if (panelIndex === 0) parts.push(...windowParts);
    for (const line of panel.series) {
      const index = names.indexOf(line.name);
      const style = seriesStyle(index, theme);
      parts.push(
        `<g class="series" data-series="${escapeXmlAttribute(line.name)}" data-index="${index}" data-colour="${style.colour}" data-dash="${style.dash}">`,
        `<path class="line" d="${linePath(line.values.slice(0, shown), middles, bucketSeconds, xOfSecond, yOf)}" fill="none" stroke="${style.colour}" stroke-width="1.75" stroke-linejoin="round" stroke-linecap="round"${dashAttribute(style.dash)} data-values="${dataList(line.values)}"/>`,
        '</g>',
      );
    }
    if (panel.series.every((line) => line.values.every((value) => value === null))) {
      parts.push(emptyNote(area, 'no values', colours));
    }
    parts.push('</g>');
  });

  if (options.cursorS !== undefined && options.cursorS !== null && Number.isFinite(options.cursorS)) {
    const second = Math.min(Math.max(options.cursorS, 0), durationS);
    const x = xOfSecond(second);
    const label = `${formatSeconds(second)} s`;
    const labelWidth = estimateTextWidth(label, TICK_SIZE) + 8;
    const labelLeft = x + labelWidth > firstArea.right;
    parts.push(
      `<g class="cursor" data-second="${second}" data-x="${n(x)}">`,
      `<line x1="${n(x)}" y1="${n(firstArea.top)}" x2="${n(x)}" y2="${n(lastArea.bottom)}" stroke="${colours.cursor}" stroke-width="1.5"/>`,
      `<text x="${n(labelLeft ? x - 4 : x + 4)}" y="${n(lastArea.bottom - 4)}" text-anchor="${labelLeft ? 'end' : 'start'}" font-size="${TICK_SIZE}" font-weight="600" fill="${colours.cursor}" stroke="${colours.background}" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${escapeXmlText(label)}</text>`,
      '</g>',
    );
  }
  parts.push('</svg>', '');
  return parts.join('\n');
}
