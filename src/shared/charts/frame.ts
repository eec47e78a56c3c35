/**
 * What every chart shares: the `<svg>` root with its accessible title and description, the
 * heading, the legend, and axis markup. Plain SVG 1.1 only (DESIGN.md §5): shapes and `<text>`,
 * no `foreignObject`, no ids and no references at all — so that several charts can be put in one
 * page without clashing, and a chart file stands on its own.
 */
import { DIAGRAM_FONT_FAMILY, estimateTextWidth, fitText } from '../diagram/svg.ts';
import { escapeXmlAttribute, escapeXmlText } from '../diagram/svg-metadata.ts';
import { svgNumber as n } from '../diagram/svg-shapes.ts';
import { CHART_COLOURS, seriesStyle, type ChartColours, type ChartTheme } from './theme.ts';

/** The font stack: the diagram's (whatever sans-serif the viewer has; nothing is loaded). */
export const CHART_FONT_FAMILY = DIAGRAM_FONT_FAMILY;

/** Options every chart takes. */
export interface ChartOptions {
  /** Colours (default light). */
  readonly theme?: ChartTheme;
  /** Size in px (defaults per chart: 720 × 400, the timeline 720 × 360 a panel less). */
  readonly width?: number;
  readonly height?: number;
  /** The heading, and the SVG's `<title>` (the accessible name). */
  readonly title?: string;
  /** A second line under the heading (e.g. "lamp · seed 1 · 2 s at 100 req/s"). */
  readonly subtitle?: string;
  /** The SVG's `<desc>` (default: a sentence the chart writes about itself). */
  readonly description?: string;
  /**
   * Start with `<?xml version="1.0" encoding="UTF-8"?>` (default true: a file). Pass false to put
   * the markup inside an HTML page.
   */
  readonly xmlDeclaration?: boolean;
}

export const MARGIN = 16;
export const TITLE_SIZE = 16;
export const SUBTITLE_SIZE = 12;
export const TICK_SIZE = 11;
export const AXIS_TITLE_SIZE = 12;
export const LEGEND_SIZE = 12;
const LEGEND_ROW = 20;
const LEGEND_SWATCH = 26;

/** Smallest size a chart is drawn at (smaller requests are raised to it). */
const MIN_WIDTH = 240;
const MIN_HEIGHT = 160;

/** Width and height from the options (whole px, at least the minimum). */
export function chartSize(
  options: ChartOptions,
  width: number,
  height: number,
): { width: number; height: number } {
  const size = (value: number | undefined, fallback: number, minimum: number) =>
    Math.max(
      minimum,
      Math.round(Number.isFinite(value) && (value as number) > 0 ? (value as number) : fallback),
    );
  return { width: size(options.width, width, MIN_WIDTH), height: size(options.height, height, MIN_HEIGHT) };
}

/** The root element's opening: declaration, `<svg>`, `<title>`, `<desc>` and the background. */
export function openChart(
  chart: string,
  options: ChartOptions,
  size: { width: number; height: number },
  title: string,
  description: string,
): string[] {
  const theme = options.theme ?? 'light';
  const colours = CHART_COLOURS[theme];
  const { width, height } = size;
  const parts: string[] = [];
  if (options.xmlDeclaration !== false) parts.push('<?xml version="1.0" encoding="UTF-8"?>');
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" class="archsim-chart" data-chart="${chart}" data-theme="${theme}" font-family="${escapeXmlAttribute(CHART_FONT_FAMILY)}">`,
    `<title>${escapeXmlText(title)}</title>`,
    `<desc>${escapeXmlText(options.description ?? description)}</desc>`,
    `<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="${colours.background}"/>`,
  );
  return parts;
}

/** The heading (title and subtitle) at the top left; returns its markup and the y below it. */
export function headingMarkup(
  title: string,
  subtitle: string | undefined,
  width: number,
  colours: ChartColours,
): { markup: string; bottom: number } {
  const parts = [
    `<text class="title" x="${MARGIN}" y="${MARGIN + TITLE_SIZE - 3}" font-size="${TITLE_SIZE}" font-weight="700" fill="${colours.text}">${escapeXmlText(fitText(title, TITLE_SIZE, width - 2 * MARGIN))}</text>`,
  ];
  let bottom = MARGIN + TITLE_SIZE;
  if (subtitle !== undefined && subtitle !== '') {
    parts.push(
      `<text class="subtitle" x="${MARGIN}" y="${bottom + 6 + SUBTITLE_SIZE - 2}" font-size="${SUBTITLE_SIZE}" fill="${colours.muted}">${escapeXmlText(fitText(subtitle, SUBTITLE_SIZE, width - 2 * MARGIN))}</text>`,
    );
    bottom += 6 + SUBTITLE_SIZE;
  }
  return { markup: parts.join(''), bottom };
}

/** One legend entry: a name drawn with the style of the series at `index`. */
export interface LegendItem {
  readonly name: string;
  readonly index: number;
  /** 'line' (a stroke with the series' dash) or 'box' (a filled swatch, for bars). */
  readonly swatch: 'line' | 'box';
}

/**
 * The legend: entries in rows no wider than `width`, from (`left`, `top`). Returns its markup
 * and height (0 and no markup for no items).
 */
export function legendMarkup(
  items: readonly LegendItem[],
  theme: ChartTheme,
  left: number,
  top: number,
  width: number,
): { markup: string; height: number } {
  if (items.length === 0) return { markup: '', height: 0 };
  const colours = CHART_COLOURS[theme];
  const parts: string[] = ['<g class="legend">'];
  let x = 0;
  let row = 0;
  const maxName = Math.max(40, width - LEGEND_SWATCH - 8);
  for (const item of items) {
    const name = fitText(item.name, LEGEND_SIZE, maxName);
    const itemWidth = LEGEND_SWATCH + 6 + estimateTextWidth(name, LEGEND_SIZE) + 18;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      row += 1;
    }
    const style = seriesStyle(item.index, theme);
    const swatch =
      item.swatch === 'line'
        ? `<line x1="0" y1="7" x2="${LEGEND_SWATCH}" y2="7" stroke="${style.colour}" stroke-width="2.5"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`
        : `<rect x="3" y="1" width="${LEGEND_SWATCH - 6}" height="12" fill="${style.colour}" fill-opacity="0.35" stroke="${style.colour}" stroke-width="1.5"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`;
    parts.push(
      `<g class="legend-item" data-series="${escapeXmlAttribute(item.name)}" data-index="${item.index}" transform="translate(${n(left + x)},${n(top + row * LEGEND_ROW)})">`,
      swatch,
      `<text x="${LEGEND_SWATCH + 6}" y="11" font-size="${LEGEND_SIZE}" fill="${colours.muted}">${escapeXmlText(name)}</text>`,
      '</g>',
    );
    x += itemWidth;
  }
  parts.push('</g>');
  return { markup: parts.join(''), height: (row + 1) * LEGEND_ROW };
}

/** The plot area: where the data is drawn, inside the axes. */
export interface PlotArea {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** One tick of an axis: where it is (px along the axis) and its label. */
export interface AxisTick {
  readonly at: number;
  readonly label: string;
  /** Written as `data-value` on the tick (the value in the axis' unit). */
  readonly value: number;
}

/**
 * A horizontal axis along the plot's bottom with vertical grid lines, tick labels and a title
 * under them. `axis` is written as the group's class suffix ("x").
 */
export function xAxisMarkup(
  area: PlotArea,
  ticks: readonly AxisTick[],
  title: string,
  colours: ChartColours,
  options: { grid?: boolean; labels?: boolean } = {},
): string {
  const parts = [`<g class="axis x">`];
  for (const tick of ticks) {
    const x = n(tick.at);
    parts.push(`<g class="tick" data-value="${tick.value}" data-x="${x}">`);
    if (options.grid !== false) {
      parts.push(
        `<line class="grid" x1="${x}" y1="${n(area.top)}" x2="${x}" y2="${n(area.bottom)}" stroke="${colours.grid}" stroke-width="1"/>`,
      );
    }
    parts.push(
      `<line x1="${x}" y1="${n(area.bottom)}" x2="${x}" y2="${n(area.bottom + 4)}" stroke="${colours.axis}" stroke-width="1"/>`,
    );
    if (options.labels !== false) {
      parts.push(
        `<text x="${x}" y="${n(area.bottom + 6 + TICK_SIZE)}" text-anchor="middle" font-size="${TICK_SIZE}" fill="${colours.muted}">${escapeXmlText(tick.label)}</text>`,
      );
    }
    parts.push('</g>');
  }
  parts.push(
    `<line class="axis-line" x1="${n(area.left)}" y1="${n(area.bottom)}" x2="${n(area.right)}" y2="${n(area.bottom)}" stroke="${colours.axis}" stroke-width="1"/>`,
  );
  if (title !== '' && options.labels !== false) {
    parts.push(
      `<text class="axis-title" x="${n((area.left + area.right) / 2)}" y="${n(area.bottom + 6 + TICK_SIZE + 6 + AXIS_TITLE_SIZE)}" text-anchor="middle" font-size="${AXIS_TITLE_SIZE}" fill="${colours.text}">${escapeXmlText(title)}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** Room below the plot for the x axis' labels and title. */
export const X_AXIS_HEIGHT = 6 + TICK_SIZE + 6 + AXIS_TITLE_SIZE + 4;

/** A vertical axis along the plot's left with horizontal grid lines and a rotated title. */
export function yAxisMarkup(
  area: PlotArea,
  ticks: readonly AxisTick[],
  title: string,
  colours: ChartColours,
): string {
  const parts = [`<g class="axis y">`];
  for (const tick of ticks) {
    const y = n(tick.at);
    parts.push(
      `<g class="tick" data-value="${tick.value}" data-y="${y}">`,
      `<line class="grid" x1="${n(area.left)}" y1="${y}" x2="${n(area.right)}" y2="${y}" stroke="${colours.grid}" stroke-width="1"/>`,
      `<line x1="${n(area.left - 4)}" y1="${y}" x2="${n(area.left)}" y2="${y}" stroke="${colours.axis}" stroke-width="1"/>`,
      `<text x="${n(area.left - 6)}" y="${n(tick.at + TICK_SIZE / 2 - 1.5)}" text-anchor="end" font-size="${TICK_SIZE}" fill="${colours.muted}">${escapeXmlText(tick.label)}</text>`,
      '</g>',
    );
  }
  parts.push(
    `<line class="axis-line" x1="${n(area.left)}" y1="${n(area.top)}" x2="${n(area.left)}" y2="${n(area.bottom)}" stroke="${colours.axis}" stroke-width="1"/>`,
  );
  if (title !== '') {
    const x = MARGIN + AXIS_TITLE_SIZE - 2;
    const y = (area.top + area.bottom) / 2;
    const fitted = fitText(title, AXIS_TITLE_SIZE, Math.max(40, area.bottom - area.top));
    parts.push(
      `<text class="axis-title" x="${n(x)}" y="${n(y)}" transform="rotate(-90 ${n(x)} ${n(y)})" text-anchor="middle" font-size="${AXIS_TITLE_SIZE}" fill="${colours.text}">${escapeXmlText(fitted)}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** Left edge of the plot: room for the y axis' title and its widest tick label. */
/**
 * What stands above a one-plot chart — its title and subtitle, and a legend when it draws more
 * than one series — and the plot's area below them, left of the widest y label.
 */
export function chartHead(
  title: string,
  subtitle: string | undefined,
  size: { readonly width: number; readonly height: number },
  theme: ChartTheme,
  series: { readonly names: readonly string[]; readonly swatch: LegendItem['swatch'] },
  yLabels: readonly string[],
): { markup: string; area: PlotArea } {
  const { width, height } = size;
  const heading = headingMarkup(title, subtitle, width, CHART_COLOURS[theme]);
  const legend =
    series.names.length > 1
      ? legendMarkup(
          series.names.map((name, index) => ({ name, index, swatch: series.swatch })),
          theme,
          MARGIN,
          heading.bottom + 10,
          width - 2 * MARGIN,
        )
      : { markup: '', height: 0 };
  return {
    markup: heading.markup + legend.markup,
    area: {
      left: plotLeft(yLabels),
      right: width - MARGIN - 12,
      top: heading.bottom + 10 + legend.height + (legend.height > 0 ? 6 : 4) + 6,
      bottom: height - MARGIN - X_AXIS_HEIGHT,
    },
  };
}

export function plotLeft(labels: readonly string[]): number {
  const widest = Math.max(0, ...labels.map((label) => estimateTextWidth(label, TICK_SIZE)));
  return MARGIN + AXIS_TITLE_SIZE + 8 + widest + 8;
}

/** A note in the middle of an empty plot ("no values recorded"). */
export function emptyNote(area: PlotArea, text: string, colours: ChartColours): string {
  return `<text class="empty" x="${n((area.left + area.right) / 2)}" y="${n((area.top + area.bottom) / 2)}" text-anchor="middle" font-size="${SUBTITLE_SIZE}" fill="${colours.muted}">${escapeXmlText(text)}</text>`;
}

/** The `stroke-dasharray` attribute for a dash pattern ('' for solid lines). */
export const dashAttribute = (dash: string): string => (dash === '' ? '' : ` stroke-dasharray="${dash}"`);

/** Numbers for a data attribute: comma separated, as short as exact. */
export const dataList = (values: readonly (number | null)[]): string =>
  values.map((value) => (value === null ? '' : String(value))).join(',');
