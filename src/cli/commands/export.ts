/**
 * `archsim export ID --db PATH --zipkin F | --csv F | --timeline-csv F | --hgrm F | --chart C --out F`:
 * a stored run's sampled traces, per-service numbers, timeline and latency distributions, in
 * formats other tools read (Zipkin, spreadsheets, HdrHistogram plotters), and its charts as the
 * studio draws them (the same functions: src/shared/charts).
 */
import { LatencyHistogram } from '@engine/histogram.ts';
import {
  TIMELINE_METRICS,
  failureWindows,
  renderSpectrumSvg,
  renderTimelineSvg,
  spectrumPoints,
  timelinePanel,
  timelineTitle,
  type ChartTheme,
  type TimelineMetric,
  type TimelinePanel,
} from '@shared/charts/index.ts';
import type { RunResult } from '@shared/results.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { parseCommandArgs } from '../options.ts';
import { checkSvgName, reportOutputProblems, writeOutputFile, type OutputRequest } from '../outputs.ts';
import {
  DB_HELP,
  loadDoneRuns,
  parseRunIdArgument,
  requireDatabaseOption,
  withRunStore,
} from '../run-database.ts';

export const exportUsage = `usage: archsim export ID --db PATH [--zipkin F] [--csv F] [--timeline-csv F]
                      [--hgrm F [--histogram NAME]…] [--chart spectrum|timeline --out F.svg]
                      [--force]

Writes a finished run's data to files (F = "-" for standard output); give one or more of:
${DB_HELP}
  --zipkin F        the sampled traces: a JSON array of Zipkin v2 spans (POST it to /api/v2/spans)
  --csv F           per-service summary, one row per service: run_id, service, package,
                    instances, requests, errors, success_rate, retries, …, p50_ms … max_ms,
                    utilisation, queue lengths (a header row first)
  --timeline-csv F  the per-second timeline, one row per second and entry or service: run_id,
                    second, kind (entry|service), name, requests, errors, p50_ms, p90_ms, p99_ms
  --hgrm F          latency distributions as HdrHistogram percentile-distribution text (.hgrm,
                    values in ms): one section per histogram, each headed by a "# NAME" line.
                    By default every entry histogram (end-to-end response time) and every
                    service histogram (time at the service).
  --histogram NAME  only this histogram (repeat for several): entry:NAME, service:NAME,
                    edge:CALLER->CALLEE (response time of the calls), edge:CALLER->CALLEE:service
                    or edge:CALLER->CALLEE:network; "all" for every entry, service and edge
                    (for --hgrm and --chart spectrum)
  --chart CHART     a chart as standalone SVG, written to --out (required with it):
                    spectrum  latency by percentile (HdrHistogram's percentile distribution, the
                              x axis 1/(1-p) on a log scale), a line per entry, or per --histogram
                    timeline  per second, a panel per --metric (default throughput and p99), a
                              line per entry or per --series, failure windows shaded
  --out F           the chart's file (.svg)
  --metric M        the timeline's panels, in order (repeat, or a comma list): throughput
                    (requests/s), errors (errors/s), p50, p90, p99 (ms); default throughput,p99
  --series NAME     the timeline's lines (repeat): entry:NAME or service:NAME; default every entry
  --theme THEME     the chart's colours: light (default) or dark
  --width N, --height N  the chart's size in px (default 720 × 400; the timeline 120 + 210 a panel)
  --force           replace files that exist (each output needs a file of its own)

CSV cells that would start a spreadsheet formula (=, +, -, @) are written with a leading '.
An export that would be empty (a run without sampled traces) is still written, and says so.

Exit status: 0 ok, 1 a run not found or not done, 2 bad arguments, an unknown histogram or
series, an unreadable database or a file that cannot be written.`;

/**
 * A CSV field: quoted when it holds a comma, quote or line break. NOTE: text (never a number)
 * that starts like a spreadsheet formula (=, +, -, @, or a tab or carriage return before one) gets
 * a leading apostrophe, so that a service named "=HYPERLINK(…)" is shown, not evaluated, when the
 * file is opened in a spreadsheet (OWASP's CSV injection advice).
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (fields: readonly (string | number)[]) => `${fields.map(csvField).join(',')}\n`;

/** Per-service summary CSV: a header row, then one row per service. */
export function servicesCsv(runId: number, result: RunResult): string {
  const header = [
    'run_id',
    'service',
    'package',
    'instances',
    'requests',
    'errors',
    'success_rate',
    'goodput_per_s',
    'retries',
    'fallbacks',
    'breaker_trips',
    'wasted_ms',
    'amplification',
    'errors_by_cause',
    'mean_ms',
    'p50_ms',
    'p90_ms',
    'p99_ms',
    'p999_ms',
    'max_ms',
    'utilisation',
    'max_instance_utilisation',
    'mean_queue_length',
    'max_queue_length',
  ];
  const rows = result.services.map((service) =>
    csvLine([
      runId,
      service.name,
      service.packageName,
      service.instances,
      service.requests,
      service.errors,
      service.successRate,
      service.goodput,
      service.retries,
      service.fallbacks,
      service.breakerTrips,
      service.wastedMs,
      service.amplification,
      Object.entries(service.errorsByCause)
        .map(([cause, count]) => `${cause}=${count}`)
        .join(';'),
      service.latencyMs.mean,
      service.latencyMs.p50,
      service.latencyMs.p90,
      service.latencyMs.p99,
      service.latencyMs.p999,
      service.latencyMs.max,
      service.utilisation,
      service.maxInstanceUtilisation,
      service.meanQueueLength,
      service.maxQueueLength,
    ]),
  );
  return csvLine(header) + rows.join('');
}

/** Timeline CSV: a header row, then one row per bucket (second) and entry or service. */
export function timelineCsv(runId: number, result: RunResult): string {
  const { bucketSeconds } = result.timeline;
  let text = csvLine([
    'run_id',
    'second',
    'kind',
    'name',
    'requests',
    'errors',
    'p50_ms',
    'p90_ms',
    'p99_ms',
  ]);
  const groups = [
    ['entry', result.timeline.entries],
    ['service', result.timeline.services],
  ] as const;
  for (const [kind, series] of groups) {
    for (const [name, values] of Object.entries(series)) {
      values.requests.forEach((requests, index) => {
        text += csvLine([
          runId,
          index * bucketSeconds,
          kind,
          name,
          requests,
          values.errors[index] ?? 0,
          values.p50[index] ?? 0,
          values.p90[index] ?? 0,
          values.p99[index] ?? 0,
        ]);
      });
    }
  }
  return text;
}

/** Every histogram of a result by its --histogram name, entries and services first. */
export function histogramNames(result: RunResult): { name: string; encoded: string; edge: boolean }[] {
  const { entries, services, edges } = result.histograms;
  return [
    ...Object.entries(entries).map(([name, encoded]) => ({ name: `entry:${name}`, encoded, edge: false })),
    ...Object.entries(services).map(([name, encoded]) => ({ name: `service:${name}`, encoded, edge: false })),
    ...Object.entries(edges).flatMap(([name, encoded]) => [
      { name: `edge:${name}`, encoded: encoded.response, edge: true },
      { name: `edge:${name}:service`, encoded: encoded.service, edge: true },
      { name: `edge:${name}:network`, encoded: encoded.network, edge: true },
    ]),
  ];
}

/** The chosen histograms as .hgrm sections, or the names that do not exist. */
export function hgrmText(
  result: RunResult,
  selection: readonly string[],
): { text: string; count: number; recorded: number } | { unknown: string[]; known: string[] } {
  const available = histogramNames(result);
  let chosen: typeof available;
  if (selection.length === 0) chosen = available.filter((histogram) => !histogram.edge);
  else if (selection.includes('all')) chosen = available;
  else {
    const unknown = selection.filter((name) => !available.some((histogram) => histogram.name === name));
    if (unknown.length > 0) return { unknown, known: available.map((histogram) => histogram.name) };
    chosen = available.filter((histogram) => selection.includes(histogram.name));
  }
  let recorded = 0;
  const sections = chosen.map((histogram) => {
    const decoded = LatencyHistogram.decode(histogram.encoded);
    recorded += decoded.totalCount;
    return `# ${histogram.name}\n${decoded.percentileDistribution().trimEnd()}\n`;
  });
  return { text: sections.join('\n'), count: chosen.length, recorded };
}

/** The charts `--chart` draws. */
export const CHART_KINDS = ['spectrum', 'timeline'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** --chart's value, checked. */
export function parseChartOption(
  value: string | undefined,
  kinds: readonly ChartKind[] = CHART_KINDS,
): ChartKind | null {
  if (value === undefined) return null;
  if (!(kinds as readonly string[]).includes(value)) {
    throw new UsageError(`--chart must be ${kinds.join(' or ')} (got "${value}")`);
  }
  return value as ChartKind;
}

/** --theme's value, checked (default light). */
export function parseThemeOption(value: string | undefined): ChartTheme {
  if (value === undefined || value === 'light' || value === 'dark') return value ?? 'light';
  throw new UsageError(`--theme must be light or dark (got "${value}")`);
}

/** A chart size option: whole px from 240 to 10,000 (undefined: the chart's default). */
export function parseChartSizeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const size = Number(value.trim().replace(/px$/, ''));
  if (!Number.isInteger(size) || size < 240 || size > 10_000) {
    throw new UsageError(`--${name} must be a whole number of px from 240 to 10000 (got "${value}")`);
  }
  return size;
}

/** --metric's values (repeated or comma separated), checked; default throughput and p99. */
export function parseMetricOption(values: readonly string[] | undefined): TimelineMetric[] {
  const metrics = (values ?? []).flatMap((value) => value.split(',')).map((metric) => metric.trim());
  if (metrics.length === 0) return ['throughput', 'p99'];
  for (const metric of metrics) {
    if (!(TIMELINE_METRICS as readonly string[]).includes(metric)) {
      throw new UsageError(`--metric must be ${TIMELINE_METRICS.join(', ')} (got "${metric}")`);
    }
  }
  return [...new Set(metrics)] as TimelineMetric[];
}

/** The chart options every command checks the same way: --chart needs --out, and so on. */
export function checkChartArguments(chart: ChartKind | null, out: string | undefined): void {
  if (chart !== null && out === undefined) {
    throw new UsageError(`--chart ${chart} needs --out FILE.svg (the file to write the chart to)`);
  }
  if (chart !== null && out !== undefined) checkSvgName('--out', out);
  if (chart === null && out !== undefined) {
    throw new UsageError('--out names the file of a chart: give --chart too');
  }
}

/** "lamp · scenario mysql-down · seed 1 · 2 s at 100 req/s": a run, for a chart's subtitle. */
export function runSubtitle(result: RunResult): string {
  const { options } = result;
  return [
    result.arch,
    result.scenario === null ? null : `scenario ${result.scenario}`,
    `seed ${options.seed}`,
    `${options.durationS} s at ${options.rate} req/s`,
  ]
    .filter((part) => part !== null)
    .join(' · ');
}

/** The spectrum of a run's histograms: each entry's, or those `selection` names (see --histogram). */
export function spectrumChart(
  runId: number,
  result: RunResult,
  selection: readonly string[],
  options: { theme: ChartTheme; width?: number; height?: number },
): { svg: string; count: number; recorded: number } | { unknown: string[]; known: string[] } {
  const available = histogramNames(result);
  let chosen: typeof available;
  if (selection.length === 0) chosen = available.filter((histogram) => histogram.name.startsWith('entry:'));
  else if (selection.includes('all')) chosen = available;
  else {
    const unknown = selection.filter((name) => !available.some((histogram) => histogram.name === name));
    if (unknown.length > 0) return { unknown, known: available.map((histogram) => histogram.name) };
    chosen = selection.map(
      (name) => available.find((histogram) => histogram.name === name) as (typeof available)[number],
    );
  }
  let recorded = 0;
  const series = chosen.map((histogram) => {
    const points = spectrumPoints(histogram.encoded);
    if (points.length > 0) recorded += 1;
    // Entries by their own name when only entries are drawn (the default).
    return { name: selection.length === 0 ? histogram.name.slice('entry:'.length) : histogram.name, points };
  });
  const what = selection.length === 0 ? 'response time' : 'latency';
  const svg = renderSpectrumSvg(series, {
    ...options,
    valueLabel: `${what} (ms)`,
    title: `Run ${runId}: ${what} by percentile`,
    subtitle: runSubtitle(result),
  });
  return { svg, count: chosen.length, recorded };
}

/** "Throughput and p99…" → "throughput and p99…" (after "Run 3: "). */
export const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** A timeline --series name (entry:NAME or service:NAME) as a panel selection, or null when unknown. */
function timelineSelection(
  result: RunResult,
  name: string,
): { kind: 'entries' | 'services'; name: string } | null {
  const match = /^(entry|service):(.*)$/s.exec(name);
  if (match === null) return null;
  const kind = match[1] === 'entry' ? 'entries' : 'services';
  const item = match[2] as string;
  return Object.hasOwn(result.timeline[kind], item) ? { kind, name: item } : null;
}

/** Every --series name a run's timeline has. */
const timelineNames = (result: RunResult) => [
  ...Object.keys(result.timeline.entries).map((name) => `entry:${name}`),
  ...Object.keys(result.timeline.services).map((name) => `service:${name}`),
];

/** The timeline of a run: a panel per metric, a line per entry (or per `series` name), failure windows. */
export function timelineChart(
  runId: number,
  result: RunResult,
  metrics: readonly TimelineMetric[],
  series: readonly string[],
  options: { theme: ChartTheme; width?: number; height?: number },
): { svg: string; lines: number; seconds: number } | { unknown: string[]; known: string[] } {
  const chosen = series.map((name) => ({ name, selection: timelineSelection(result, name) }));
  const unknown = chosen.filter((item) => item.selection === null).map((item) => item.name);
  if (unknown.length > 0) return { unknown, known: timelineNames(result) };
  const panels: TimelinePanel[] = metrics.map((metric) => {
    if (series.length === 0) return timelinePanel(result, metric);
    return {
      metric,
      series: chosen.flatMap(({ name, selection }) => {
        const { kind, name: item } = selection as { kind: 'entries' | 'services'; name: string };
        return timelinePanel(result, metric, { kind, names: [item] }).series.map((line) => ({
          ...line,
          name,
        }));
      }),
    };
  });
  const seconds = Math.max(0, ...Object.values(result.timeline.entries).map((line) => line.requests.length));
  const lines = panels[0]?.series.length ?? 0;
  const svg = renderTimelineSvg(panels, {
    ...options,
    bucketSeconds: result.timeline.bucketSeconds,
    durationS: Math.max(result.options.durationS, seconds * result.timeline.bucketSeconds),
    windows: failureWindows(result),
    title: `Run ${runId}: ${lowerFirst(timelineTitle(metrics))}`,
    subtitle: runSubtitle(result),
  });
  return { svg, lines, seconds };
}

/** "known: a, b, c" for an unknown-name message, shortened past 20 names. */
export function knownList(known: readonly string[], extra = ''): string {
  const shown = known.length > 20 ? [...known.slice(0, 20), `… ${known.length - 20} more`] : known;
  return `known: ${[...shown, ...(extra === '' ? [] : [extra])].join(', ')}`;
}

/**
 * Writes `text` to a file (or stdout for "-") and says what it wrote on stderr — and, when that is
 * nothing (`empty`), why. False, after one line on stderr, when it cannot.
 */
function writeOutput(
  io: CliIo,
  option: string,
  path: string,
  text: string,
  what: string,
  empty: string | null,
): boolean {
  if (path === '-') io.stdout(text);
  else {
    const problem = writeOutputFile(io, path, (write) => write(text));
    if (problem !== null) {
      io.stderr(`${path}: ${problem}\n`);
      return false;
    }
  }
  const name = path === '-' ? option : path;
  io.stderr(empty === null ? `${name}: ${what}\n` : `${name}: ${what} — empty: ${empty}\n`);
  return true;
}

const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;

export function runExport(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    zipkin: { type: 'string' },
    csv: { type: 'string' },
    'timeline-csv': { type: 'string' },
    hgrm: { type: 'string' },
    histogram: { type: 'string', multiple: true },
    chart: { type: 'string' },
    out: { type: 'string' },
    metric: { type: 'string', multiple: true },
    series: { type: 'string', multiple: true },
    theme: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${exportUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('export takes exactly one run ID');
  const id = parseRunIdArgument(positionals[0] as string);
  const chart = parseChartOption(values.chart);
  checkChartArguments(chart, values.out);
  const outputs = [values.zipkin, values.csv, values['timeline-csv'], values.hgrm, values.out].filter(
    (output) => output !== undefined,
  );
  if (outputs.length === 0) {
    throw new UsageError(
      'choose what to export: --zipkin F, --csv F, --timeline-csv F, --hgrm F or --chart spectrum|timeline --out F',
    );
  }
  if (outputs.filter((output) => output === '-').length > 1) {
    throw new UsageError('only one output can be standard output ("-")');
  }
  const histograms = values.histogram ?? [];
  if (histograms.length > 0 && values.hgrm === undefined && chart !== 'spectrum') {
    throw new UsageError(
      '--histogram chooses what --hgrm writes: give --hgrm F too (or what --chart spectrum --out F draws)',
    );
  }
  if ((values.metric !== undefined || values.series !== undefined) && chart !== 'timeline') {
    throw new UsageError(
      `--${values.metric !== undefined ? 'metric' : 'series'} chooses what --chart timeline draws: give --chart timeline too`,
    );
  }
  const metrics = parseMetricOption(values.metric);
  const chartOptions = {
    theme: parseThemeOption(values.theme),
    width: parseChartSizeOption('width', values.width),
    height: parseChartSizeOption('height', values.height),
  };
  if (
    chart === null &&
    (values.theme !== undefined || values.width !== undefined || values.height !== undefined)
  ) {
    throw new UsageError('--theme, --width and --height style a chart: give --chart too');
  }
  const file = requireDatabaseOption(values.db);
  const requests: OutputRequest[] = (
    [
      ['--zipkin', values.zipkin],
      ['--csv', values.csv],
      ['--timeline-csv', values['timeline-csv']],
      ['--hgrm', values.hgrm],
      ['--out', values.out],
    ] as const
  ).flatMap(([option, path]) => (path === undefined ? [] : [{ option, path }]));
  if (!reportOutputProblems(io, requests, [{ path: file, what: 'the run database (--db)' }], values.force)) {
    return EXIT.usage;
  }
  return withRunStore(io, file, { mode: 'read' }, (store) => {
    const [run] = loadDoneRuns(io, store, file, [id], 'export') ?? [];
    if (run === undefined) return EXIT.problems;
    const { result } = run;
    // The histograms are checked first so that a wrong name writes no file at all.
    const hgrm = values.hgrm === undefined ? null : hgrmText(result, histograms);
    if (hgrm !== null && 'unknown' in hgrm) {
      io.stderr(
        `run ${id} has no histogram ${hgrm.unknown.map((name) => `"${name}"`).join(', ')} ` +
          `(known: ${hgrm.known.join(', ')}, all)\n`,
      );
      return EXIT.usage;
    }
    const drawn =
      chart === 'spectrum'
        ? spectrumChart(run.id, result, histograms, chartOptions)
        : chart === 'timeline'
          ? timelineChart(run.id, result, metrics, values.series ?? [], chartOptions)
          : null;
    if (drawn !== null && 'unknown' in drawn) {
      const what = chart === 'spectrum' ? 'histogram' : 'timeline series';
      io.stderr(
        `run ${id} has no ${what} ${drawn.unknown.map((name) => `"${name}"`).join(', ')} ` +
          `(${knownList(drawn.known, chart === 'spectrum' ? 'all' : '')})\n`,
      );
      return EXIT.usage;
    }
    let ok = true;
    if (values.zipkin !== undefined) {
      const traces = new Set(result.traces.map((span) => span.traceId)).size;
      ok &&= writeOutput(
        io,
        '--zipkin',
        values.zipkin,
        `${JSON.stringify(result.traces)}\n`,
        `${plural(result.traces.length, 'span')} in ${plural(traces, 'trace')}`,
        result.traces.length > 0
          ? null
          : `run ${id} sampled no trace (trace rate ${result.options.traceSampleRate}); ` +
              'run it again with a higher --trace-rate (archsim run FILE --trace-rate 0.01 --db …)',
      );
    }
    if (values.csv !== undefined) {
      ok &&= writeOutput(
        io,
        '--csv',
        values.csv,
        servicesCsv(run.id, result),
        plural(result.services.length, 'service'),
        result.services.length > 0 ? null : `run ${id} has no services besides its entries`,
      );
    }
    if (values['timeline-csv'] !== undefined) {
      const seconds = Math.max(
        0,
        ...Object.values(result.timeline.entries).map((series) => series.requests.length),
      );
      ok &&= writeOutput(
        io,
        '--timeline-csv',
        values['timeline-csv'],
        timelineCsv(run.id, result),
        `${plural(seconds, 'bucket')} of ${result.timeline.bucketSeconds} s`,
        seconds > 0 ? null : `run ${id} has no timeline`,
      );
    }
    if (hgrm !== null && values.hgrm !== undefined) {
      ok &&= writeOutput(
        io,
        '--hgrm',
        values.hgrm,
        hgrm.text,
        plural(hgrm.count, 'histogram'),
        hgrm.recorded > 0 ? null : `no value was recorded in ${hgrm.count === 1 ? 'it' : 'them'}`,
      );
    }
    if (drawn !== null && values.out !== undefined) {
      ok &&=
        'recorded' in drawn
          ? writeOutput(
              io,
              '--out',
              values.out,
              drawn.svg,
              `spectrum of ${plural(drawn.count, 'histogram')} (svg)`,
              drawn.recorded > 0 ? null : `no value was recorded in ${drawn.count === 1 ? 'it' : 'them'}`,
            )
          : writeOutput(
              io,
              '--out',
              values.out,
              drawn.svg,
              `timeline of ${plural(drawn.lines, 'series', 'series')} over ${plural(drawn.seconds, 'second')} (svg)`,
              drawn.seconds > 0 && drawn.lines > 0 ? null : `run ${id} has no timeline`,
            );
    }
    return ok ? EXIT.ok : EXIT.usage;
  });
}
