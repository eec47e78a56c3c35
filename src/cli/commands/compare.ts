/**
 * `archsim compare ID ID… --db PATH`: stored runs side by side — per entry and per service the
 * requests, errors and latency percentiles of each run, with the change from the first run — and
 * what differs between their documents and options; with `--chart`, the runs' overlaid spectra or
 * timelines as the studio's Compare view draws them.
 */
import type { StoredRun } from '@store/index.ts';
import {
  MEASURES,
  measuredValue,
  MEASURE_LABELS,
  compareEntries,
  compareServices,
  diffDocuments,
  diffOptions,
  documentDifferenceParts,
  type ComparedItem,
  type DocumentDifference as SharedDocumentDifference,
  type OptionDifference,
} from '@shared/run-comparison.ts';
import {
  failureWindows,
  renderSpectrumSvg,
  renderTimelineSvg,
  spectrumPoints,
  timelinePanel,
  timelineTitle,
  type ChartTheme,
  type FailureWindow,
  type TimelineMetric,
} from '@shared/charts/index.ts';
import type { RunResult } from '@shared/results.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { parseCommandArgs } from '../options.ts';
import { reportOutputProblems, writeOutputFile } from '../outputs.ts';
import {
  checkChartArguments,
  histogramNames,
  knownList,
  lowerFirst,
  parseChartOption,
  parseChartSizeOption,
  parseMetricOption,
  parseThemeOption,
} from './export.ts';
import { formatTable } from '../table.ts';
import { formatDelta, formatMs, isoTime } from '../result-tables.ts';

export { formatDelta };
import {
  DB_HELP,
  isGroupArgument,
  loadDoneRuns,
  loadGroupResults,
  parseGroupIdArgument,
  parseRunIdArgument,
  requireDatabaseOption,
  withRunStore,
} from '../run-database.ts';
import { compareReplications, SIGNIFICANCE_LEVEL } from '@shared/replications.ts';
import type { GroupId } from '@store/index.ts';
import { describeSeeds, formatGroupComparison } from '../group-tables.ts';

export const compareUsage = `usage: archsim compare ID ID… --db PATH [--json]
       archsim compare ID ID… --db PATH --chart spectrum|timeline --out F.svg [--force]
       archsim compare gA gB --db PATH [--json]

Puts finished runs side by side: for every entry (end-to-end response time) and every service
(time at the service) the requests, errors and P50, P90, P99, P99.9 and max in ms of each run,
and each later run's change from the first run (absolute, and in % of the first run). Before the
tables, what differs between the runs' documents (the services added, removed or changed, and
the changed top-level fields) and options (seed, rate, duration, scenario…).

With two groups of replications (gA gB, the groups "archsim run --replications N --db PATH"
stores), it compares them measure by measure: each entry's requests, errors, throughput and
latency (mean, P50, P90, P99, P99.9, max) as mean ± 95 % confidence interval in each group, the
change, and whether the difference is significant: Welch's t-test, its p-values adjusted with
Holm's method over all the measures compared (significant: adjusted p < 0.05).
${DB_HELP}
  --json            the same as JSON: the runs, their differences and the values per run
  --chart CHART     instead of the tables, a chart of the runs overlaid, a line per run, as
                    standalone SVG written to --out (required with it):
                    spectrum  latency by percentile (x axis 1/(1-p), log scale) of each run's
                              busiest entry (most requests), or of --histogram
                    timeline  per second, a panel per --metric (default throughput and p99), of
                              each run's busiest entry or --series; failure windows shaded
  --out F           the chart's file (.svg); --force replaces it
  --histogram NAME  the spectrum's histogram in every run: entry:NAME, service:NAME,
                    edge:CALLER->CALLEE[:service|:network]
  --metric M        the timeline's panels (repeat, or a comma list): throughput, errors, p50,
                    p90, p99
  --series NAME     the timeline's series in every run: entry:NAME or service:NAME
  --theme THEME     light (default) or dark; --width N, --height N: the chart's size in px

Exit status: 0 ok, 1 a run not found or not done, 2 bad arguments, a histogram or series a run
does not have, an unreadable database or a file that cannot be written.`;

type Completed = StoredRun & { result: RunResult };

/** The shared comparison's document difference, told by the stored documents' hashes. */
type DocumentDifference = Omit<SharedDocumentDifference, 'sameDocument'> & { readonly sameHash: boolean };

function diffStoredDocuments(first: Completed, other: Completed): DocumentDifference {
  const { sameDocument: _same, ...difference } = diffDocuments(first.document, other.document);
  return { sameHash: first.documentHash === other.documentHash, ...difference };
}

const short = (hash: string) => hash.slice(0, 12);

function describeDocumentDifference(first: Completed, other: Completed, diff: DocumentDifference): string {
  if (diff.sameHash) return 'same document';
  const parts = documentDifferenceParts(diff);
  const hashes = `sha256 ${short(first.documentHash)} → ${short(other.documentHash)}`;
  return `document differs (${hashes})${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`;
}

const optionValue = (value: unknown) => (value === null ? 'none' : String(value));

function describeOptionDifferences(differences: readonly OptionDifference[]): string {
  if (differences.length === 0) return 'same options';
  return `options ${differences
    .map(
      (difference) => `${difference.option} ${optionValue(difference.from)} → ${optionValue(difference.to)}`,
    )
    .join(', ')}`;
}

function formatComparedTable(
  kind: string,
  items: readonly ComparedItem[],
  runs: readonly Completed[],
): string {
  const [firstRun] = runs;
  const columns = [
    { header: kind },
    { header: 'MEASURE' },
    ...runs.flatMap((run, index) => [
      { header: `RUN ${run.id}`, numeric: true },
      ...(index === 0 ? [] : [{ header: `Δ RUN ${run.id}`, numeric: true }]),
    ]),
  ];
  const rows: string[][] = [];
  for (const item of items) {
    MEASURES.forEach((measure, measureIndex) => {
      const asMs = measure !== 'requests' && measure !== 'errors';
      const base = measuredValue(item.runs[0], measure);
      const cells = item.runs.flatMap((values, index) => {
        const value = measuredValue(values, measure);
        const shown = value === undefined ? '-' : asMs ? formatMs(value) : String(value);
        if (index === 0 || firstRun === undefined) return [shown];
        const delta = value === undefined || base === undefined ? '-' : formatDelta(base, value, asMs);
        return [shown, delta];
      });
      rows.push([measureIndex === 0 ? item.name : '', MEASURE_LABELS[measure], ...cells]);
    });
  }
  return formatTable(columns, rows);
}

function formatRunsTable(runs: readonly Completed[]): string {
  return formatTable(
    [
      { header: 'RUN', numeric: true },
      { header: 'ARCH' },
      { header: 'SCENARIO' },
      { header: 'SEED', numeric: true },
      { header: 'DURATION s', numeric: true },
      { header: 'RATE /s', numeric: true },
      { header: 'DOCUMENT' },
      { header: 'CREATED (UTC)' },
    ],
    runs.map((run) => [
      String(run.id),
      run.result.arch,
      run.result.scenario ?? '-',
      String(run.result.options.seed),
      String(run.result.options.durationS),
      String(run.result.options.rate),
      short(run.documentHash),
      isoTime(run.createdAt),
    ]),
  );
}

/** The entry with the most requests (the run's headline latency, as `runs list` shows it). */
function busiestEntry(result: RunResult): string | null {
  let busiest: { name: string; requests: number } | null = null;
  for (const entry of result.entries)
    if (busiest === null || entry.requests > busiest.requests) busiest = entry;
  return busiest?.name ?? null;
}

/** "Runs 3 and 4", "Runs 3, 4 and 7". */
function runsLabel(runs: readonly Completed[]): string {
  const ids = runs.map((run) => String(run.id));
  return `Runs ${ids.length === 1 ? ids[0] : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`}`;
}

/** "run 3: no scenario, seed 1 · run 4: scenario mysql-down, seed 1". */
const runsSubtitle = (runs: readonly Completed[]) =>
  runs
    .map(
      (run) =>
        `run ${run.id}: ${run.result.scenario === null ? 'no scenario' : `scenario ${run.result.scenario}`}, seed ${run.result.options.seed}`,
    )
    .join(' · ');

/** What each run's line shows: its chosen name, and the line's name ("run 3", or "run 3 (www)" when they differ). */
function lineNames(runs: readonly Completed[], chosen: readonly string[]): string[] {
  const same = chosen.every((name) => name === chosen[0]);
  return runs.map((run, index) => (same ? `run ${run.id}` : `run ${run.id} (${chosen[index]})`));
}

interface ChartRequest {
  readonly chart: 'spectrum' | 'timeline';
  readonly histogram: string | undefined;
  readonly series: string | undefined;
  readonly metrics: readonly TimelineMetric[];
  readonly options: { theme: ChartTheme; width?: number; height?: number };
}

/** The chart of the runs, or the message for a name a run does not have. */
function compareChart(
  runs: readonly Completed[],
  request: ChartRequest,
): { svg: string; what: string } | { problem: string } {
  if (request.chart === 'spectrum') {
    const chosen: string[] = [];
    const series = [];
    for (const run of runs) {
      const available = histogramNames(run.result);
      const busiest = busiestEntry(run.result);
      const name = request.histogram ?? (busiest === null ? undefined : `entry:${busiest}`);
      const histogram = available.find((item) => item.name === name);
      if (histogram === undefined) {
        return {
          problem:
            name === undefined
              ? `run ${run.id} has no entry to draw`
              : `run ${run.id} has no histogram "${name}" (${knownList(available.map((item) => item.name))})`,
        };
      }
      chosen.push(request.histogram ?? (busiest as string));
      series.push(spectrumPoints(histogram.encoded));
    }
    const names = lineNames(runs, chosen);
    const same = chosen.every((name) => name === chosen[0]);
    const subject =
      request.histogram !== undefined
        ? request.histogram
        : same
          ? `response time of ${chosen[0]}`
          : 'response time of the busiest entry';
    return {
      svg: renderSpectrumSvg(
        series.map((points, index) => ({ name: names[index] as string, points })),
        {
          ...request.options,
          title: `${runsLabel(runs)}: ${subject} by percentile`,
          subtitle: runsSubtitle(runs),
          valueLabel: request.histogram === undefined ? 'response time (ms)' : 'latency (ms)',
        },
      ),
      what: `spectrum of ${runs.length} runs`,
    };
  }
  const chosen: { kind: 'entries' | 'services'; name: string }[] = [];
  for (const run of runs) {
    const busiest = busiestEntry(run.result);
    const match = request.series === undefined ? null : /^(entry|service):(.*)$/s.exec(request.series);
    const selection =
      request.series === undefined
        ? busiest === null
          ? null
          : { kind: 'entries' as const, name: busiest }
        : match === null
          ? null
          : {
              kind: match[1] === 'entry' ? ('entries' as const) : ('services' as const),
              name: match[2] as string,
            };
    if (selection === null || !Object.hasOwn(run.result.timeline[selection.kind], selection.name)) {
      const known = [
        ...Object.keys(run.result.timeline.entries).map((name) => `entry:${name}`),
        ...Object.keys(run.result.timeline.services).map((name) => `service:${name}`),
      ];
      return {
        problem:
          request.series === undefined
            ? `run ${run.id} has no entry to draw`
            : `run ${run.id} has no timeline series "${request.series}" (${knownList(known)})`,
      };
    }
    chosen.push(selection);
  }
  const names = lineNames(
    runs,
    chosen.map((selection) => selection.name),
  );
  const panels = request.metrics.map((metric) => ({
    metric,
    series: runs.flatMap((run, index) => {
      const selection = chosen[index] as { kind: 'entries' | 'services'; name: string };
      return timelinePanel(run.result, metric, { kind: selection.kind, names: [selection.name] }).series.map(
        (line) => ({ ...line, name: names[index] as string }),
      );
    }),
  }));
  // Each run's failure windows, named by run; a window several runs share is drawn once.
  const windows: FailureWindow[] = [];
  const byKey = new Map<string, { window: FailureWindow; runs: number[] }>();
  for (const run of runs) {
    for (const window of failureWindows(run.result)) {
      const key = `${window.startS}|${window.endS}|${window.label}`;
      const shared = byKey.get(key);
      if (shared) shared.runs.push(run.id);
      else byKey.set(key, { window, runs: [run.id] });
    }
  }
  for (const { window, runs: ids } of byKey.values()) {
    windows.push({
      ...window,
      label: `${ids.length === 1 ? 'run' : 'runs'} ${ids.join(', ')}: ${window.label}`,
    });
  }
  const durationS = Math.max(
    ...runs.map((run) =>
      Math.max(
        run.result.options.durationS,
        run.result.timeline.bucketSeconds *
          Math.max(0, ...Object.values(run.result.timeline.entries).map((line) => line.requests.length)),
      ),
    ),
  );
  const subject =
    request.series ??
    (chosen.every((selection) => selection.name === chosen[0]?.name) ? chosen[0]?.name : 'the busiest entry');
  return {
    svg: renderTimelineSvg(panels, {
      ...request.options,
      // NOTE: the first run's bucket; stored runs all use 1 s buckets.
      bucketSeconds: runs[0]?.result.timeline.bucketSeconds ?? 1,
      durationS,
      windows: windows.sort((left, right) => left.startS - right.startS),
      title: `${runsLabel(runs)}: ${lowerFirst(timelineTitle(request.metrics))} (${subject})`,
      subtitle: runsSubtitle(runs),
    }),
    what: `timeline of ${runs.length} runs`,
  };
}

export function runCompare(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
    chart: { type: 'string' },
    out: { type: 'string' },
    histogram: { type: 'string' },
    metric: { type: 'string', multiple: true },
    series: { type: 'string' },
    theme: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${compareUsage}\n`);
    return EXIT.ok;
  }
  const groups = positionals.filter(isGroupArgument);
  if (groups.length > 0) {
    if (groups.length !== positionals.length || positionals.length !== 2) {
      throw new UsageError('compare takes two groups (gA gB), or two or more run IDs, not a mix');
    }
    return compareGroups(
      io,
      requireDatabaseOption(values.db),
      positionals.map(parseGroupIdArgument),
      values.json,
    );
  }
  if (positionals.length < 2) throw new UsageError('compare takes two or more run IDs');
  const ids = positionals.map(parseRunIdArgument);
  const chart = parseChartOption(values.chart);
  checkChartArguments(chart, values.out);
  if (chart !== null && values.json)
    throw new UsageError('--json prints the tables as JSON: leave it out with --chart');
  if (values.histogram !== undefined && chart !== 'spectrum') {
    throw new UsageError('--histogram chooses what --chart spectrum draws: give --chart spectrum too');
  }
  if ((values.metric !== undefined || values.series !== undefined) && chart !== 'timeline') {
    throw new UsageError(
      `--${values.metric !== undefined ? 'metric' : 'series'} chooses what --chart timeline draws: give --chart timeline too`,
    );
  }
  if (
    chart === null &&
    (values.theme !== undefined || values.width !== undefined || values.height !== undefined)
  ) {
    throw new UsageError('--theme, --width and --height style a chart: give --chart too');
  }
  if (chart === null && values.force)
    throw new UsageError('--force replaces the file of --chart … --out: give them too');
  const request: ChartRequest | null =
    chart === null
      ? null
      : {
          chart,
          histogram: values.histogram,
          series: values.series,
          metrics: parseMetricOption(values.metric),
          options: {
            theme: parseThemeOption(values.theme),
            width: parseChartSizeOption('width', values.width),
            height: parseChartSizeOption('height', values.height),
          },
        };
  const file = requireDatabaseOption(values.db);
  if (
    values.out !== undefined &&
    !reportOutputProblems(
      io,
      [{ option: '--out', path: values.out }],
      [{ path: file, what: 'the run database (--db)' }],
      values.force,
    )
  ) {
    return EXIT.usage;
  }
  return withRunStore(io, file, { mode: 'read' }, (store) => {
    const runs = loadDoneRuns(io, store, file, ids, 'compare');
    if (runs === null) return EXIT.problems;
    if (request !== null && values.out !== undefined) {
      const drawn = compareChart(runs, request);
      if ('problem' in drawn) {
        io.stderr(`${drawn.problem}\n`);
        return EXIT.usage;
      }
      if (values.out === '-') io.stdout(drawn.svg);
      else {
        const problem = writeOutputFile(io, values.out, (write) => write(drawn.svg));
        if (problem !== null) {
          io.stderr(`${values.out}: ${problem}\n`);
          return EXIT.usage;
        }
      }
      io.stderr(`${values.out === '-' ? '--out' : values.out}: ${drawn.what} (svg)\n`);
      return EXIT.ok;
    }
    const [first, ...others] = runs as [Completed, ...Completed[]];
    const results = runs.map((run) => run.result);
    const entries = compareEntries(results);
    const services = compareServices(results);
    const differences = others.map((other) => ({
      run: other,
      document: diffStoredDocuments(first, other),
      options: diffOptions(first.result, other.result),
    }));
    if (values.json) {
      const report = {
        runs: runs.map((run) => ({
          id: run.id,
          arch: run.result.arch,
          scenario: run.result.scenario,
          seed: run.result.options.seed,
          options: run.result.options,
          documentHash: run.documentHash,
          createdAt: run.createdAt,
        })),
        differences: differences.map((difference) => ({
          run: difference.run.id,
          from: first.id,
          document: difference.document,
          options: difference.options,
        })),
        entries,
        services,
      };
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = differences.map(
      (difference) =>
        `run ${difference.run.id} vs run ${first.id}: ` +
        `${describeDocumentDifference(first, difference.run, difference.document)}; ` +
        describeOptionDifferences(difference.options),
    );
    io.stdout(
      `${formatRunsTable(runs)}\n\n${lines.join('\n')}\n\n` +
        `${formatComparedTable('ENTRY', entries, runs)}\n\n${formatComparedTable('SERVICE', services, runs)}\n`,
    );
    return EXIT.ok;
  });
}

/** Two groups of replications, measure by measure, with the significance of each difference. */
function compareGroups(io: CliIo, file: string, ids: readonly GroupId[], json: boolean): number {
  return withRunStore(io, file, { mode: 'read' }, (store) => {
    const loaded = ids.map((id) => loadGroupResults(io, store, file, id));
    if (loaded.some((group) => group === null)) return EXIT.problems;
    const [first, second] = loaded as [
      NonNullable<(typeof loaded)[number]>,
      NonNullable<(typeof loaded)[number]>,
    ];
    for (const { group, results } of [first, second]) {
      if (results.length < 2) {
        io.stderr(
          `group g${group.id} has ${results.length} finished run${results.length === 1 ? '' : 's'}: ` +
            'a comparison needs at least two replications in each group\n',
        );
        return EXIT.problems;
      }
    }
    const comparisons = compareReplications(first.results, second.results);
    const describe = ({ group, results }: typeof first) => ({
      group: group.id,
      kind: group.kind,
      arch: results[0]?.arch ?? group.arch,
      scenario: results[0]?.scenario ?? null,
      runs: results.length,
      seeds: results.map((result) => result.options.seed),
    });
    if (json) {
      const report = {
        groups: [describe(first), describe(second)],
        test: "Welch's t-test, two-sided, p adjusted with Holm's method",
        level: SIGNIFICANCE_LEVEL,
        measures: comparisons,
      };
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return EXIT.ok;
    }
    const line = (label: string, info: ReturnType<typeof describe>) =>
      `${label}: ${info.arch}${info.scenario ? ` (${info.scenario})` : ''}, ${info.runs} ${
        info.kind === 'replications' ? 'replications' : 'runs'
      }, ${describeSeeds(info.seeds)}`;
    const significant = comparisons.filter((row) => row.significant).length;
    io.stdout(
      `${line(`group g${first.group.id}`, describe(first))}\n${line(`group g${second.group.id}`, describe(second))}\n\n` +
        `${formatGroupComparison(comparisons, `GROUP g${first.group.id}`, `GROUP g${second.group.id}`)}\n\n` +
        `${significant} of ${comparisons.length} differences significant (Welch's t-test, p adjusted for ` +
        `${comparisons.length} comparisons with Holm's method, level ${SIGNIFICANCE_LEVEL}); values mean ± 95 % CI\n`,
    );
    return EXIT.ok;
  });
}
