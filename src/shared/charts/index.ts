/**
 * Charts as pure functions returning standalone SVG (DESIGN.md §5): the studio shows and exports
 * them, and `archsim export|compare --chart` writes them, so both draw the same picture.
 *
 * - `renderSpectrumSvg`: the HDR percentile spectrum (x: 1/(1−p), log scale).
 * - `renderHistogramSvg`: the latency histogram (counts per latency bin).
 * - `renderTimelineSvg`: metrics per simulated second, failure windows shaded, a replay cursor.
 * - `renderSweepSvg`: a sweep's percentiles and throughput per point, the knee marked.
 *
 * The inputs are plain data; `spectrumPoints`, `histogramBins`, `timelinePanel` and
 * `failureWindows` derive them from a stored `RunResult`. Only `hdr.ts` uses hdr-histogram-js
 * (to decode the stored histograms).
 */
export * from './theme.ts';
export * from './hdr.ts';
export * from './spectrum.ts';
export * from './histogram.ts';
export * from './timeline.ts';
export * from './sweep.ts';
export { CHART_FONT_FAMILY, type ChartOptions } from './frame.ts';
