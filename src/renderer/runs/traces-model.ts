/**
 * The sampled traces of a run, as the Traces view lists and draws them: one summary per trace
 * (entry, start, duration, spans, errors), and a waterfall of one trace — every span in start
 * order, indented under its parent, with its service, instance, zone and timing.
 */
import type { ZipkinSpan } from '@shared/results.ts';

export interface TraceSummary {
  readonly traceId: string;
  /** The service the request entered through. */
  readonly entry: string;
  /** Microseconds since the epoch (simulated). */
  readonly startUs: number;
  readonly durationMs: number;
  readonly spans: number;
  readonly errors: number;
}

export interface WaterfallRow {
  readonly span: ZipkinSpan;
  readonly depth: number;
  /** From the start of the trace, ms. */
  readonly offsetMs: number;
  readonly durationMs: number;
  readonly service: string;
  /** The instance that served it (server spans), spigo's name. */
  readonly instance: string | null;
  readonly region: string | null;
  readonly zone: string | null;
  readonly error: string | null;
}

/** Traces by id, each with its spans. */
export function groupTraces(spans: readonly ZipkinSpan[]): Map<string, ZipkinSpan[]> {
  const traces = new Map<string, ZipkinSpan[]>();
  for (const span of spans) {
    const list = traces.get(span.traceId);
    if (list) list.push(span);
    else traces.set(span.traceId, [span]);
  }
  return traces;
}

export function summariseTrace(traceId: string, spans: readonly ZipkinSpan[]): TraceSummary {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    start = Math.min(start, span.timestamp);
    end = Math.max(end, span.timestamp + span.duration);
  }
  const root = spans.find((span) => span.parentId === undefined) ?? spans[0];
  return {
    traceId,
    entry: root?.localEndpoint.serviceName ?? '?',
    startUs: start,
    durationMs: (end - start) / 1000,
    spans: spans.length,
    errors: spans.filter((span) => span.tags?.['error'] !== undefined).length,
  };
}

export interface TraceFilter {
  readonly errorsOnly: boolean;
  /** Only traces entering through this service ('' for all). */
  readonly entry: string;
  readonly order: 'slowest' | 'earliest';
}

export function listTraces(spans: readonly ZipkinSpan[], filter: TraceFilter): TraceSummary[] {
  const summaries = [...groupTraces(spans)].map(([id, list]) => summariseTrace(id, list));
  return summaries
    .filter(
      (trace) =>
        (!filter.errorsOnly || trace.errors > 0) && (filter.entry === '' || trace.entry === filter.entry),
    )
    .sort((a, b) => (filter.order === 'slowest' ? b.durationMs - a.durationMs : a.startUs - b.startUs));
}

/**
 * Where an instance sits, from spigo's name `arch.region.zone..instance...service.package`, read
 * from the right (an architecture's name may hold dots).
 */
export function instancePlace(name: string): { region: string; zone: string } | null {
  const fields = name.split('.');
  if (fields.length < 9) return null;
  const zone = fields[fields.length - 7];
  const region = fields[fields.length - 8];
  return zone === undefined || region === undefined ? null : { region, zone };
}

/** The waterfall of one trace's spans. */
export function waterfall(spans: readonly ZipkinSpan[]): { rows: WaterfallRow[]; totalMs: number } {
  const byId = new Map(spans.map((span) => [span.id, span]));
  const start = Math.min(...spans.map((span) => span.timestamp));
  const end = Math.max(...spans.map((span) => span.timestamp + span.duration));
  const depthOf = (span: ZipkinSpan): number => {
    let depth = 0;
    let current: ZipkinSpan | undefined = span;
    const seen = new Set<string>();
    while (current?.parentId !== undefined && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.parentId);
      if (current) depth++;
    }
    return depth;
  };
  const rows = [...spans]
    .sort((a, b) => a.timestamp - b.timestamp || depthOf(a) - depthOf(b))
    .map((span) => {
      const instance = span.tags?.['archsim.instance'] ?? null;
      const place = instance ? instancePlace(instance) : null;
      return {
        span,
        depth: depthOf(span),
        offsetMs: (span.timestamp - start) / 1000,
        durationMs: span.duration / 1000,
        service: span.localEndpoint.serviceName,
        instance,
        region: place?.region ?? null,
        zone: place?.zone ?? null,
        error: span.tags?.['error'] ?? null,
      };
    });
  return { rows, totalMs: (end - start) / 1000 };
}
