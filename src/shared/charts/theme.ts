/**
 * The colours of every chart, light and dark, in one place: the SVG charts use them, and the
 * studio's own legends and tables read them too, so that "run 4" is the same orange in a legend
 * drawn by React and in the chart beside it.
 */

/** A chart's colour scheme. */
export type ChartTheme = 'light' | 'dark';

/** Colours of the chart's frame and of the series, by theme. */
export interface ChartColours {
  readonly background: string;
  readonly text: string;
  /** Tick labels, subtitles, legend text. */
  readonly muted: string;
  /** Axis lines. */
  readonly axis: string;
  /** Grid lines (drawn thin and light). */
  readonly grid: string;
  /** One colour per series, in order; a ninth series starts again with another dash pattern. */
  readonly series: readonly string[];
  /** The fill of a failure window (drawn with `failureOpacity`). */
  readonly failure: string;
  readonly failureOpacity: number;
  /** A failure window's label. */
  readonly failureText: string;
  /** The replay cursor. */
  readonly cursor: string;
}

/**
 * The palette. Series colours are distinct in hue and lightness (the first four also for the
 * common colour-vision deficiencies), and the dark ones are brighter so they keep their contrast
 * on the dark background.
 */
export const CHART_COLOURS: Readonly<Record<ChartTheme, ChartColours>> = {
  light: {
    background: '#ffffff',
    text: '#1b1f24',
    muted: '#57606a',
    axis: '#8c959f',
    grid: '#d8dee4',
    series: ['#0969da', '#d4590b', '#1a7f37', '#a0296f', '#9a6700', '#0b7285', '#6e40c9', '#cf222e'],
    failure: '#cf222e',
    failureOpacity: 0.1,
    failureText: '#a40e26',
    cursor: '#1b1f24',
  },
  dark: {
    background: '#0d1117',
    text: '#e8ecf1',
    muted: '#8b949e',
    axis: '#6e7681',
    grid: '#30363d',
    series: ['#58a6ff', '#f0883e', '#3fb950', '#db61a2', '#d29922', '#39c5cf', '#a371f7', '#ff7b72'],
    failure: '#f85149',
    failureOpacity: 0.16,
    failureText: '#ff7b72',
    cursor: '#e8ecf1',
  },
};

/**
 * Dash patterns (SVG `stroke-dasharray`, '' = solid), one per series in order, so overlaid series
 * stay apart in print and for readers who cannot tell the colours apart.
 */
export const SERIES_DASHES: readonly string[] = ['', '7 4', '2 3', '10 3 2 3', '4 4', '12 4 2 4 2 4'];

/** How the series at `index` is drawn: its colour and its dash pattern. */
export interface SeriesStyle {
  readonly colour: string;
  readonly dash: string;
}

/** The style of the `index`th series (0-based) in `theme`. */
export function seriesStyle(index: number, theme: ChartTheme = 'light'): SeriesStyle {
  const colours = CHART_COLOURS[theme].series;
  const position = Math.max(0, Math.floor(index));
  return {
    colour: colours[position % colours.length] as string,
    // Past the last colour the dashes shift by one, so that series 1 and 9 still differ.
    dash: SERIES_DASHES[(position + Math.floor(position / colours.length)) % SERIES_DASHES.length] as string,
  };
}
