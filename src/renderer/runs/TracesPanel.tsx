/**
 * The "Traces" region: a run's sampled traces — the slowest first, or in time order, only those
 * with errors, or through one entry — and the waterfall of the chosen trace: each span's service,
 * instance, zone and timing as a bar. Every trace exports as Zipkin v2 JSON.
 */
import { useMemo, useState } from 'react';
import { formatMs } from './format.ts';
import { groupTraces, listTraces, waterfall, type TraceFilter } from './traces-model.ts';
import type { CompletedRun } from './use-run-details.ts';

/** Traces listed at most (the rest are counted). */
const LIST_LIMIT = 200;

export interface TracesPanelProps {
  readonly run: CompletedRun | null;
  readonly onExport: (json: string, fileName: string) => void;
}

export function TracesPanel({ run, onExport }: TracesPanelProps) {
  const [filter, setFilter] = useState<TraceFilter>({ errorsOnly: false, entry: '', order: 'slowest' });
  const [chosen, setChosen] = useState<string | null>(null);
  const spans = run?.result.traces ?? [];
  const traces = useMemo(() => listTraces(spans, filter), [spans, filter]);
  const entries = useMemo(
    () =>
      [
        ...new Set(
          listTraces(spans, { errorsOnly: false, entry: '', order: 'earliest' }).map((trace) => trace.entry),
        ),
      ].sort(),
    [spans],
  );
  const byId = useMemo(() => groupTraces(spans), [spans]);
  const selected = chosen !== null && byId.has(chosen) ? chosen : (traces[0]?.traceId ?? null);
  const picture = useMemo(
    () => (selected === null ? null : waterfall(byId.get(selected) ?? [])),
    [selected, byId],
  );

  if (!run) {
    return (
      <section className="traces-panel" aria-label="Traces">
        <p className="muted">Open a run’s results, then its traces.</p>
      </section>
    );
  }
  return (
    <section className="traces-panel" aria-label="Traces">
      <header className="results-heading">
        <h2>
          Traces of run #{run.id} <span className="muted">{byId.size} sampled</span>
        </h2>
        <span className="results-actions">
          <label className="history-filter">
            <span>Order</span>
            <select
              value={filter.order}
              onChange={(event) =>
                setFilter({ ...filter, order: event.target.value as TraceFilter['order'] })
              }
            >
              <option value="slowest">Slowest first</option>
              <option value="earliest">In time order</option>
            </select>
          </label>
          <label className="history-filter">
            <span>Entry</span>
            <select
              value={filter.entry}
              onChange={(event) => setFilter({ ...filter, entry: event.target.value })}
            >
              <option value="">All entries</option>
              {entries.map((entry) => (
                <option key={entry} value={entry}>
                  {entry}
                </option>
              ))}
            </select>
          </label>
          <label className="history-filter">
            <input
              type="checkbox"
              checked={filter.errorsOnly}
              onChange={(event) => setFilter({ ...filter, errorsOnly: event.target.checked })}
            />
            <span>Errors only</span>
          </label>
          <button
            type="button"
            disabled={spans.length === 0}
            onClick={() => onExport(`${JSON.stringify(spans, null, 2)}\n`, `run-${run.id}-traces.json`)}
          >
            Export Zipkin JSON
          </button>
        </span>
      </header>
      {byId.size === 0 ? (
        <p className="muted">
          This run sampled no traces. Set the document’s <code>traceSampleRate</code> (or the command line’s
          --trace-rate) higher to keep some.
        </p>
      ) : (
        <div className="traces-body">
          <ul className="trace-list" aria-label="Sampled traces">
            {traces.slice(0, LIST_LIMIT).map((trace) => (
              <li key={trace.traceId}>
                <button
                  type="button"
                  className="trace-item"
                  aria-pressed={trace.traceId === selected}
                  onClick={() => setChosen(trace.traceId)}
                >
                  <span className="trace-duration">{formatMs(trace.durationMs)} ms</span>
                  <span>{trace.entry}</span>
                  <span className="muted">{trace.spans} spans</span>
                  {trace.errors > 0 && (
                    <span className="count-error">
                      {trace.errors === 1 ? '1 error' : `${trace.errors} errors`}
                    </span>
                  )}
                  <code className="muted">{trace.traceId.slice(-8)}</code>
                </button>
              </li>
            ))}
            {traces.length > LIST_LIMIT && <li className="muted">… and {traces.length - LIST_LIMIT} more</li>}
            {traces.length === 0 && <li className="muted">No trace matches.</li>}
          </ul>
          {picture && selected && (
            <div className="waterfall-scroll">
              <table className="waterfall" aria-label={`Waterfall of trace ${selected}`}>
                <thead>
                  <tr>
                    <th scope="col">Span</th>
                    <th scope="col">Service</th>
                    <th scope="col">Instance</th>
                    <th scope="col">Zone</th>
                    <th scope="col" className="number">
                      Start ms
                    </th>
                    <th scope="col" className="number">
                      ms
                    </th>
                    <th scope="col" className="waterfall-bar-column">
                      0 – {formatMs(picture.totalMs)} ms
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {picture.rows.map((row, index) => {
                    const left = picture.totalMs === 0 ? 0 : (row.offsetMs / picture.totalMs) * 100;
                    const width =
                      picture.totalMs === 0 ? 100 : Math.max(0.4, (row.durationMs / picture.totalMs) * 100);
                    return (
                      <tr
                        key={`${row.span.id}-${row.span.kind}-${index}`}
                        className={row.error ? 'waterfall-error' : undefined}
                      >
                        <th scope="row" style={{ paddingLeft: 6 + row.depth * 12 }}>
                          {row.span.kind === 'CLIENT' ? '→' : '⇢'} {row.span.name}
                        </th>
                        <td>{row.service}</td>
                        <td className="waterfall-instance" title={row.instance ?? undefined}>
                          {row.instance ? row.instance.split('.').slice(-5, -4)[0] || row.instance : '—'}
                        </td>
                        <td>{row.zone ? `${row.region}/${row.zone}` : '—'}</td>
                        <td className="number">{formatMs(row.offsetMs)}</td>
                        <td className="number" title={row.error ?? undefined}>
                          {formatMs(row.durationMs)}
                        </td>
                        <td className="waterfall-bar-cell">
                          <span
                            className={`waterfall-bar waterfall-${row.span.kind.toLowerCase()}`}
                            style={{ left: `${left}%`, width: `${width}%` }}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
