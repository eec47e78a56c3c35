/**
 * The tables a run's result is printed as: per entry and per service (`archsim run`, `runs show`),
 * and the scenarios of `run --scenario all` side by side; and the number and time formats the
 * store commands share.
 */
import type { LatencySummary, RunResult } from '@shared/results.ts';
import { formatTable } from './table.ts';

/** A time as ISO 8601 in UTC, to the second: 2025-06-01T12:00:00Z. */
export function isoTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds with three significant figures or so, as `archsim run` prints them. */
export function formatMs(value: number): string {
  const size = Math.abs(value);
  return size >= 100 ? value.toFixed(0) : size >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A change from the first run: "+1.25 (+4.2%)", "-8 (-1.9%)", "0". */
export function formatDelta(base: number, value: number, asMs: boolean): string {
  const delta = value - base;
  if (delta === 0) return '0';
  const sign = delta > 0 ? '+' : '-';
  const size = Math.abs(delta);
  const absolute = `${sign}${asMs ? formatMs(size) : String(Math.round(size * 1000) / 1000)}`;
  if (base === 0) return absolute;
  const percent = (delta / Math.abs(base)) * 100;
  return `${absolute} (${percent > 0 ? '+' : ''}${percent.toFixed(1)}%)`;
}

const ms = (value: number) =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);

/** The latency columns both tables share, and their cells. */
const LATENCY_COLUMNS = ['P50', 'P90', 'P99', 'P99.9', 'MAX'].map((name) => ({
  header: `${name} ms`,
  numeric: true,
}));
const latencyCells = (latency: LatencySummary): string[] =>
  [latency.p50, latency.p90, latency.p99, latency.p999, latency.max].map(ms);

/** The per-entry and per-service tables `archsim run` prints. */
export function formatRunResult(result: RunResult): string {
  const { summary, options } = result;
  const header =
    `${result.arch}: ${options.durationS} s at ${options.rate} req/s (${options.arrival}), seed ${options.seed}, ` +
    `${summary.instances} instances — ${summary.requests} requests, ${summary.completed} completed, ` +
    `${summary.errors} errors${summary.unfinished > 0 ? `, ${summary.unfinished} unfinished` : ''}`;
  const entries = formatTable(
    [
      { header: 'ENTRY' },
      { header: 'REQUESTS', numeric: true },
      { header: 'ERRORS', numeric: true },
      ...LATENCY_COLUMNS,
    ],
    result.entries.map((entry) => [
      entry.name,
      String(entry.requests),
      String(entry.errors),
      ...latencyCells(entry.responseMs),
    ]),
  );
  const services = formatTable(
    [
      { header: 'SERVICE' },
      { header: 'PACKAGE' },
      { header: 'REQUESTS', numeric: true },
      { header: 'ERRORS', numeric: true },
      ...LATENCY_COLUMNS,
      { header: 'UTIL %', numeric: true },
    ],
    result.services.map((service) => [
      service.name,
      service.packageName,
      String(service.requests),
      String(service.errors),
      ...latencyCells(service.latencyMs),
      (service.utilisation * 100).toFixed(1),
    ]),
  );
  const resilience = result.services.some(
    (service) =>
      service.retries > 0 || service.wastedMs > 0 || service.fallbacks > 0 || service.breakerTrips > 0,
  )
    ? `\n\n${formatTable(
        [
          { header: 'SERVICE' },
          { header: 'SUCCESS %', numeric: true },
          { header: 'ERRORS BY CAUSE' },
          { header: 'RETRIES', numeric: true },
          { header: 'AMPLIFICATION', numeric: true },
          { header: 'WASTED ms', numeric: true },
          { header: 'BREAKER TRIPS', numeric: true },
          { header: 'FALLBACKS', numeric: true },
        ],
        result.services.map((service) => [
          service.name,
          (service.successRate * 100).toFixed(2),
          Object.entries(service.errorsByCause)
            .map(([cause, count]) => `${cause} ${count}`)
            .join(', ') || '-',
          String(service.retries),
          service.amplification.toFixed(2),
          service.wastedMs.toFixed(0),
          String(service.breakerTrips),
          String(service.fallbacks),
        ]),
      )}`
    : '';
  const failures =
    result.failures.length > 0
      ? `\n\n${formatTable(
          [
            { header: 'FAILURE' },
            { header: 'TARGET' },
            { header: 'AT s', numeric: true },
            { header: 'FOR s', numeric: true },
            { header: 'IMPACT s' },
            { header: 'RECOVERED AFTER s', numeric: true },
            { header: 'ERRORS', numeric: true },
          ],
          result.failures.map((failure) => [
            failure.type,
            failure.target,
            String(failure.atS),
            failure.durationS === null ? 'permanent' : String(failure.durationS),
            failure.atS >= result.summary.simulatedSeconds
              ? 'after the end: did not happen'
              : failure.impactStartS === null
                ? 'none seen'
                : `${failure.impactStartS}–${failure.impactEndS}`,
            failure.timeToRecoverS === null ? '-' : failure.timeToRecoverS.toFixed(1),
            String(failure.errorsDuringImpact),
          ]),
        )}`
      : '';
  return `${header}\n\n${entries}\n\n${services}${resilience}${failures}`;
}

/** `--scenario all`: one column per run (no failures, then each scenario), one row per measure. */
export function formatScenarioComparison(results: readonly RunResult[]): string {
  const columns = results.map((result) => result.scenario ?? 'no failures');
  const rows: string[][] = [];
  const entryNames = results[0]?.entries.map((entry) => entry.name) ?? [];
  for (const name of entryNames) {
    const entry = (result: RunResult) => result.entries.find((candidate) => candidate.name === name);
    rows.push([`${name} requests`, ...results.map((result) => String(entry(result)?.requests ?? '-'))]);
    rows.push([`${name} errors`, ...results.map((result) => String(entry(result)?.errors ?? '-'))]);
    rows.push([`${name} p50 ms`, ...results.map((result) => ms(entry(result)?.responseMs.p50 ?? 0))]);
    rows.push([`${name} p99 ms`, ...results.map((result) => ms(entry(result)?.responseMs.p99 ?? 0))]);
    rows.push([`${name} max ms`, ...results.map((result) => ms(entry(result)?.responseMs.max ?? 0))]);
  }
  for (const service of results[0]?.services ?? []) {
    const find = (result: RunResult) => result.services.find((candidate) => candidate.name === service.name);
    rows.push([
      `${service.name} success %`,
      ...results.map((result) => ((find(result)?.successRate ?? 1) * 100).toFixed(2)),
    ]);
    rows.push([`${service.name} p99 ms`, ...results.map((result) => ms(find(result)?.latencyMs.p99 ?? 0))]);
    rows.push([
      `${service.name} amplification`,
      ...results.map((result) => (find(result)?.amplification ?? 1).toFixed(2)),
    ]);
  }
  return formatTable([{ header: 'MEASURE' }, ...columns.map((header) => ({ header, numeric: true }))], rows);
}
