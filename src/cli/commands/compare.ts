/**
 * `archsim compare ID ID… --db PATH`: stored runs side by side — per entry and per service the
 * requests, errors and latency percentiles of each run, with the change from the first run — and
 * what differs between their documents and options.
 */
import { canonicalJson, type StoredRun } from '@store/index.ts';
import type { LatencySummary, RunResult } from '@shared/results.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { parseCommandArgs } from '../options.ts';
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

Exit status: 0 ok, 1 a run not found or not done, 2 bad arguments or an unreadable database.`;

type Completed = StoredRun & { result: RunResult };

/** The measures compared, in table order. */
const MEASURES = ['requests', 'errors', 'p50', 'p90', 'p99', 'p999', 'max'] as const;
type Measure = (typeof MEASURES)[number];
type Measures = Record<Measure, number>;

const MEASURE_LABELS: Record<Measure, string> = {
  requests: 'requests',
  errors: 'errors',
  p50: 'p50 ms',
  p90: 'p90 ms',
  p99: 'p99 ms',
  p999: 'p99.9 ms',
  max: 'max ms',
};

function measures(requests: number, errors: number, latency: LatencySummary): Measures {
  const { p50, p90, p99, p999, max } = latency;
  return { requests, errors, p50, p90, p99, p999, max };
}

/** One entry's or service's measures in each run (null where the run does not have it). */
interface Compared {
  readonly name: string;
  readonly runs: (Measures | null)[];
}

function compareByName<T extends { name: string }>(
  runs: readonly Completed[],
  items: (result: RunResult) => readonly T[],
  toMeasures: (item: T) => Measures,
): Compared[] {
  const names: string[] = [];
  for (const run of runs) {
    for (const item of items(run.result)) if (!names.includes(item.name)) names.push(item.name);
  }
  return names.map((name) => ({
    name,
    runs: runs.map((run) => {
      const item = items(run.result).find((candidate) => candidate.name === name);
      return item ? toMeasures(item) : null;
    }),
  }));
}

/** What differs between a run's document and the first run's. */
export interface DocumentDifference {
  readonly sameHash: boolean;
  readonly fieldsAdded: string[];
  readonly fieldsRemoved: string[];
  readonly fieldsChanged: string[];
  readonly servicesAdded: string[];
  readonly servicesRemoved: string[];
  readonly servicesChanged: { readonly name: string; readonly fields: string[] }[];
  /** The same services with the same content, in another order. */
  readonly servicesReordered: boolean;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys added, removed and changed (by canonical JSON) from `before` to `after`. */
function keyDifferences(before: JsonObject, after: JsonObject, ignore: readonly string[] = []) {
  const keys = (object: JsonObject) => Object.keys(object).filter((key) => !ignore.includes(key));
  return {
    added: keys(after).filter((key) => !(key in before)),
    removed: keys(before).filter((key) => !(key in after)),
    changed: keys(before).filter(
      (key) => key in after && canonicalJson(before[key]) !== canonicalJson(after[key]),
    ),
  };
}

function servicesByName(document: JsonObject): Map<string, JsonObject> {
  const services = Array.isArray(document.services) ? document.services : [];
  const byName = new Map<string, JsonObject>();
  services.forEach((service, index) => {
    if (isObject(service)) byName.set(typeof service.name === 'string' ? service.name : `#${index}`, service);
  });
  return byName;
}

/** A compact structural diff of two documents: top-level fields, and services by name. */
export function diffDocuments(first: StoredRun, other: StoredRun): DocumentDifference {
  const before = first.document as unknown as JsonObject;
  const after = other.document as unknown as JsonObject;
  const fields = keyDifferences(before, after, ['services']);
  const beforeServices = servicesByName(before);
  const afterServices = servicesByName(after);
  const servicesChanged: { name: string; fields: string[] }[] = [];
  for (const [name, service] of afterServices) {
    const previous = beforeServices.get(name);
    if (previous === undefined) continue;
    const changes = keyDifferences(previous, service);
    const changed = [...changes.changed, ...changes.added, ...changes.removed];
    if (changed.length > 0) servicesChanged.push({ name, fields: changed });
  }
  const servicesAdded = [...afterServices.keys()].filter((name) => !beforeServices.has(name));
  const servicesRemoved = [...beforeServices.keys()].filter((name) => !afterServices.has(name));
  const servicesReordered =
    servicesAdded.length === 0 &&
    servicesRemoved.length === 0 &&
    servicesChanged.length === 0 &&
    canonicalJson(before.services) !== canonicalJson(after.services);
  return {
    sameHash: first.documentHash === other.documentHash,
    fieldsAdded: fields.added,
    fieldsRemoved: fields.removed,
    fieldsChanged: fields.changed,
    servicesAdded,
    servicesRemoved,
    servicesChanged,
    servicesReordered,
  };
}

/** An option whose value differs from the first run's. */
export interface OptionDifference {
  readonly option: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** The options used (duration, rate, seed, scale…) and the scenario that differ from the first run's. */
export function diffOptions(first: Completed, other: Completed): OptionDifference[] {
  const before: JsonObject = { scenario: first.result.scenario, ...first.result.options };
  const after: JsonObject = { scenario: other.result.scenario, ...other.result.options };
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((key) => canonicalJson(before[key]) !== canonicalJson(after[key]))
    .map((key) => ({ option: key, from: before[key] ?? null, to: after[key] ?? null }));
}

const short = (hash: string) => hash.slice(0, 12);

function describeDocumentDifference(first: Completed, other: Completed, diff: DocumentDifference): string {
  if (diff.sameHash) return 'same document';
  const parts: string[] = [];
  const list = (label: string, names: readonly string[]) => {
    if (names.length > 0) parts.push(`${label} ${names.join(', ')}`);
  };
  list('fields added:', diff.fieldsAdded);
  list('fields removed:', diff.fieldsRemoved);
  list('fields changed:', diff.fieldsChanged);
  list('services added:', diff.servicesAdded);
  list('services removed:', diff.servicesRemoved);
  list(
    'services changed:',
    diff.servicesChanged.map((service) => `${service.name} (${service.fields.join(', ')})`),
  );
  if (diff.servicesReordered) parts.push('services reordered');
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

function formatComparedTable(kind: string, items: readonly Compared[], runs: readonly Completed[]): string {
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
      const base = item.runs[0]?.[measure];
      const cells = item.runs.flatMap((values, index) => {
        const value = values?.[measure];
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

export function runCompare(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
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
  const file = requireDatabaseOption(values.db);
  return withRunStore(io, file, { mode: 'read' }, (store) => {
    const runs = loadDoneRuns(io, store, file, ids, 'compare');
    if (runs === null) return EXIT.problems;
    const [first, ...others] = runs as [Completed, ...Completed[]];
    const entries = compareByName(
      runs,
      (result) => result.entries,
      (entry) => measures(entry.requests, entry.errors, entry.responseMs),
    );
    const services = compareByName(
      runs,
      (result) => result.services,
      (service) => measures(service.requests, service.errors, service.latencyMs),
    );
    const differences = others.map((other) => ({
      run: other,
      document: diffDocuments(first, other),
      options: diffOptions(first, other),
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
