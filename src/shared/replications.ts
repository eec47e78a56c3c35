/**
 * Replications: the same run with N seeds. A single run says what happens with one seed; the
 * replications say what happens, with what confidence: per entry, each measure's mean over the
 * runs with its 95 % confidence interval; and between two groups of replications, per measure,
 * whether the difference is significant (Welch's t-test; Holm's correction over all the measures
 * compared, so that "significant" holds at 5 % for the comparison as a whole).
 */
import type { EntryResult, RunResult } from './results.ts';
import { estimate, holmAdjust, welchTest, type Estimate } from './statistics.ts';

/** The numbers replications report per entry, in their order. */
export const REPLICATION_MEASURES = [
  { key: 'requests', label: 'requests', unit: '' },
  { key: 'errors', label: 'errors', unit: '' },
  { key: 'throughput', label: 'throughput', unit: 'req/s' },
  { key: 'mean', label: 'mean', unit: 'ms' },
  { key: 'p50', label: 'p50', unit: 'ms' },
  { key: 'p90', label: 'p90', unit: 'ms' },
  { key: 'p99', label: 'p99', unit: 'ms' },
  { key: 'p999', label: 'p99.9', unit: 'ms' },
  { key: 'max', label: 'max', unit: 'ms' },
] as const;
export type ReplicationMeasure = (typeof REPLICATION_MEASURES)[number]['key'];

/** Successful requests per simulated second of arrivals. */
export function entryThroughput(entry: EntryResult, durationS: number): number {
  return durationS > 0 ? (entry.completed - entry.errors) / durationS : 0;
}

/** One measure of one entry of one run. */
export function entryMeasure(result: RunResult, entry: EntryResult, measure: ReplicationMeasure): number {
  switch (measure) {
    case 'requests':
      return entry.requests;
    case 'errors':
      return entry.errors;
    case 'throughput':
      return entryThroughput(entry, result.options.durationS);
    default:
      return entry.responseMs[measure];
  }
}

export interface EntryEstimates {
  readonly name: string;
  readonly measures: Readonly<Record<ReplicationMeasure, Estimate>>;
}

/** What N replications of one run say. */
export interface ReplicationSummary {
  readonly arch: string;
  readonly scenario: string | null;
  readonly seeds: readonly number[];
  readonly entries: readonly EntryEstimates[];
}

/** The values of one measure of one entry over the runs (runs without that entry are skipped). */
export function measureValues(
  results: readonly RunResult[],
  entryName: string,
  measure: ReplicationMeasure,
): number[] {
  const values: number[] = [];
  for (const result of results) {
    const entry = result.entries.find((candidate) => candidate.name === entryName);
    if (entry) values.push(entryMeasure(result, entry, measure));
  }
  return values;
}

/** Means and 95 % confidence intervals over replications (results in seed order). */
export function summarizeReplications(results: readonly RunResult[]): ReplicationSummary {
  const first = results[0];
  const names = entryNames(results);
  return {
    arch: first?.arch ?? '',
    scenario: first?.scenario ?? null,
    seeds: results.map((result) => result.options.seed),
    entries: names.map((name) => ({
      name,
      measures: Object.fromEntries(
        REPLICATION_MEASURES.map(({ key }) => [key, estimate(measureValues(results, name, key))]),
      ) as Record<ReplicationMeasure, Estimate>,
    })),
  };
}

/** One measure of one entry, compared between two groups of replications. */
export interface MeasureComparison {
  readonly entry: string;
  readonly measure: ReplicationMeasure;
  readonly first: Estimate;
  readonly second: Estimate;
  /** second − first. */
  readonly difference: number;
  /** Welch's two-sided p-value, and the same after Holm's correction over every measure compared. */
  readonly p: number;
  readonly adjustedP: number;
  /** adjustedP < 0.05. */
  readonly significant: boolean;
}

/** The significance level of comparisons. */
export const SIGNIFICANCE_LEVEL = 0.05;

/** Every measure of every entry both groups have, compared. */
export function compareReplications(
  first: readonly RunResult[],
  second: readonly RunResult[],
): MeasureComparison[] {
  const shared = entryNames(first).filter((name) => entryNames(second).includes(name));
  const rows = shared.flatMap((entry) =>
    REPLICATION_MEASURES.map(({ key }) => {
      const a = measureValues(first, entry, key);
      const b = measureValues(second, entry, key);
      const test = welchTest(a, b);
      return {
        entry,
        measure: key,
        first: estimate(a),
        second: estimate(b),
        difference: test.difference,
        p: test.p,
      };
    }),
  );
  const adjusted = holmAdjust(rows.map((row) => row.p));
  return rows.map((row, index) => {
    const adjustedP = adjusted[index] as number;
    return { ...row, adjustedP, significant: adjustedP < SIGNIFICANCE_LEVEL };
  });
}

function entryNames(results: readonly RunResult[]): string[] {
  const names: string[] = [];
  for (const result of results)
    for (const entry of result.entries) if (!names.includes(entry.name)) names.push(entry.name);
  return names;
}
