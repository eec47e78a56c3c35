/**
 * `archsim export ID --db PATH --zipkin F | --csv F | --timeline-csv F | --hgrm F`: a stored run's
 * sampled traces, per-service numbers, timeline and latency distributions, in formats other tools
 * read (Zipkin, spreadsheets, HdrHistogram plotters).
 */
import { LatencyHistogram } from '@engine/histogram.ts';
import type { RunResult } from '@shared/results.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { parseCommandArgs } from '../options.ts';
import { reportOutputProblems, writeOutputFile, type OutputRequest } from '../outputs.ts';
import {
  DB_HELP,
  loadDoneRuns,
  parseRunIdArgument,
  requireDatabaseOption,
  withRunStore,
} from '../run-database.ts';

export const exportUsage = `usage: archsim export ID --db PATH [--zipkin F] [--csv F] [--timeline-csv F]
                      [--hgrm F [--histogram NAME]…] [--force]

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
  --force           replace files that exist (each output needs a file of its own)

CSV cells that would start a spreadsheet formula (=, +, -, @) are written with a leading '.
An export that would be empty (a run without sampled traces) is still written, and says so.

Exit status: 0 ok, 1 a run not found or not done, 2 bad arguments, an unknown histogram, an
unreadable database or a file that cannot be written.`;

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

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function runExport(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    zipkin: { type: 'string' },
    csv: { type: 'string' },
    'timeline-csv': { type: 'string' },
    hgrm: { type: 'string' },
    histogram: { type: 'string', multiple: true },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${exportUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('export takes exactly one run ID');
  const id = parseRunIdArgument(positionals[0] as string);
  const outputs = [values.zipkin, values.csv, values['timeline-csv'], values.hgrm].filter(
    (output) => output !== undefined,
  );
  if (outputs.length === 0) {
    throw new UsageError('choose what to export: --zipkin F, --csv F, --timeline-csv F or --hgrm F');
  }
  if (outputs.filter((output) => output === '-').length > 1) {
    throw new UsageError('only one output can be standard output ("-")');
  }
  const histograms = values.histogram ?? [];
  if (histograms.length > 0 && values.hgrm === undefined) {
    throw new UsageError('--histogram chooses what --hgrm writes: give --hgrm F too');
  }
  const file = requireDatabaseOption(values.db);
  const requests: OutputRequest[] = (
    [
      ['--zipkin', values.zipkin],
      ['--csv', values.csv],
      ['--timeline-csv', values['timeline-csv']],
      ['--hgrm', values.hgrm],
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
    return ok ? EXIT.ok : EXIT.usage;
  });
}
