/**
 * How a run's result is laid out in the database: its entries, services, edges, histograms,
 * timeline, traces and events each in their own table (numbers a comparison asks for copied into
 * columns beside the JSON), the rest in run_results; and how it is put back together, key for key.
 */
import type Database from 'better-sqlite3';
import type { ArchDocument } from '@shared/document/schema.ts';
import {
  RESULT_FORMAT,
  type EdgeResult,
  type EntryResult,
  type LatencySummary,
  type RunEvent,
  type RunOptionsUsed,
  type RunResult,
  type ServiceResult,
  type ZipkinSpan,
} from '@shared/results.ts';
import type { RunId, RunSummary } from './types.ts';

/** The prepared statements a result is written and read with (see SqliteRunStore). */
export interface ResultStatements {
  readonly insertResult: Database.Statement;
  readonly insertEntry: Database.Statement;
  readonly insertService: Database.Statement;
  readonly insertEdge: Database.Statement;
  readonly insertHistogram: Database.Statement;
  readonly insertTimeline: Database.Statement;
  readonly insertTraces: Database.Statement;
  readonly insertEvent: Database.Statement;
  readonly result: Database.Statement;
  readonly entries: Database.Statement;
  readonly services: Database.Statement;
  readonly edges: Database.Statement;
  readonly histograms: Database.Statement;
  readonly timeline: Database.Statement;
  readonly traces: Database.Statement;
  readonly events: Database.Statement;
}

/** A number for a query column, or NULL when the result does not have it (the JSON has it all). */
export const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && !Number.isNaN(value) ? value : null;

/** The latency columns copied out of a summary: mean, p50, p90, p99, p999, max. */
function latencyColumns(latency: LatencySummary | undefined): (number | null)[] {
  return [latency?.mean, latency?.p50, latency?.p90, latency?.p99, latency?.p999, latency?.max].map(
    numberOrNull,
  );
}

/**
 * The parts of a result kept in their own tables or columns. In run_results they stand as null
 * placeholders, so that the stored JSON keeps the result's key order and reassembly puts each part
 * back in its place; anything else a result holds (failures, or fields a later engine adds) is
 * kept as it is.
 */
const SEPARATE_PARTS = [
  'options',
  'summary',
  'entries',
  'services',
  'edges',
  'histograms',
  'timeline',
  'traces',
  'events',
  'document',
] as const satisfies readonly (keyof RunResult)[];

/** The busiest entry's response time: the run's headline latency in the list. */
export function headlineLatency(entries: readonly EntryResult[]): LatencySummary | null {
  let busiest: EntryResult | null = null;
  for (const entry of entries) if (busiest === null || entry.requests > busiest.requests) busiest = entry;
  return busiest?.responseMs ?? null;
}

/** Writes a result's rows (the run's row is the caller's); inside the caller's transaction. */
export function writeResultRows(statements: ResultStatements, id: RunId, result: RunResult): void {
  const rest = Object.fromEntries(
    Object.entries(result).map(([key, value]) => [
      key,
      (SEPARATE_PARTS as readonly string[]).includes(key) ? null : value,
    ]),
  );
  statements.insertResult.run(id, JSON.stringify(rest));
  result.entries.forEach((entry, position) => {
    statements.insertEntry.run(
      id,
      position,
      entry.name,
      numberOrNull(entry.requests),
      numberOrNull(entry.completed),
      numberOrNull(entry.errors),
      ...latencyColumns(entry.responseMs),
      JSON.stringify(entry),
    );
  });
  result.services.forEach((service, position) => {
    statements.insertService.run(
      id,
      position,
      service.name,
      service.packageName ?? null,
      numberOrNull(service.instances),
      numberOrNull(service.requests),
      numberOrNull(service.errors),
      ...latencyColumns(service.latencyMs),
      numberOrNull(service.utilisation),
      JSON.stringify(service),
    );
  });
  result.edges.forEach((edge, position) => {
    statements.insertEdge.run(
      id,
      position,
      edge.caller,
      edge.callee,
      numberOrNull(edge.calls),
      numberOrNull(edge.errors),
      ...latencyColumns(edge.responseMs),
      JSON.stringify(edge),
    );
  });
  const histogram = (kind: string, entries: [string, string][]) =>
    entries.forEach(([name, encoded], position) =>
      statements.insertHistogram.run(id, kind, position, name, encoded),
    );
  const { histograms } = result;
  histogram('entry', Object.entries(histograms.entries));
  histogram('service', Object.entries(histograms.services));
  const edgeHistograms = Object.entries(histograms.edges);
  histogram(
    'edge-response',
    edgeHistograms.map(([name, encoded]) => [name, encoded.response]),
  );
  histogram(
    'edge-service',
    edgeHistograms.map(([name, encoded]) => [name, encoded.service]),
  );
  histogram(
    'edge-network',
    edgeHistograms.map(([name, encoded]) => [name, encoded.network]),
  );
  const { bucketSeconds, ...series } = result.timeline;
  statements.insertTimeline.run(id, bucketSeconds, JSON.stringify(series));
  statements.insertTraces.run(id, result.traces.length, JSON.stringify(result.traces));
  (result.events ?? []).forEach((event, position) => {
    statements.insertEvent.run(id, position, event.atS, event.kind, JSON.stringify(event));
  });
}

/** Puts a stored result back together, each part in its place in the result's key order. */
export function readResult(
  statements: ResultStatements,
  id: RunId,
  summary: RunSummary,
  options: Partial<RunOptionsUsed>,
  document: ArchDocument,
): RunResult {
  const parseAll = <T>(rows: unknown[]) => rows.map((json) => JSON.parse(json as string) as T);

  const histograms = {
    entries: {} as Record<string, string>,
    services: {} as Record<string, string>,
    edges: {} as Record<string, { response: string; service: string; network: string }>,
  };
  // Rows come by kind, then position; an edge's object is made whole on its first row so that its
  // keys keep the result's order (response, service, network) whichever kind comes first.
  const edge = (name: string) => (histograms.edges[name] ??= { response: '', service: '', network: '' });
  for (const row of statements.histograms.all(id) as { kind: string; name: string; encoded: string }[]) {
    switch (row.kind) {
      case 'entry':
        histograms.entries[row.name] = row.encoded;
        break;
      case 'service':
        histograms.services[row.name] = row.encoded;
        break;
      case 'edge-response':
        edge(row.name).response = row.encoded;
        break;
      case 'edge-service':
        edge(row.name).service = row.encoded;
        break;
      case 'edge-network':
        edge(row.name).network = row.encoded;
        break;
    }
  }

  const timelineRow = statements.timeline.get(id) as { bucket_seconds: number; json: string } | undefined;
  const traces = statements.traces.get(id) as string | undefined;
  const parts: Record<(typeof SEPARATE_PARTS)[number], unknown> = {
    options,
    summary: summary.summary,
    entries: parseAll<EntryResult>(statements.entries.all(id)),
    services: parseAll<ServiceResult>(statements.services.all(id)),
    edges: parseAll<EdgeResult>(statements.edges.all(id)),
    histograms,
    timeline: {
      bucketSeconds: timelineRow?.bucket_seconds ?? 1,
      ...(timelineRow ? (JSON.parse(timelineRow.json) as object) : { entries: {}, services: {} }),
    },
    traces: traces === undefined ? [] : (JSON.parse(traces) as ZipkinSpan[]),
    events: parseAll<RunEvent>(statements.events.all(id)),
    document,
  };
  const restJson = statements.result.get(id) as string | undefined;
  const result: Record<string, unknown> =
    restJson === undefined
      ? {
          format: RESULT_FORMAT,
          engineVersion: summary.engineVersion,
          arch: summary.arch,
          scenario: summary.scenario,
        }
      : (JSON.parse(restJson) as Record<string, unknown>);
  for (const part of SEPARATE_PARTS) result[part] = parts[part];
  return result as unknown as RunResult;
}
