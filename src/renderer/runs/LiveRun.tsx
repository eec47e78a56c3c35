/**
 * A run in progress in the Run panel — progress, simulated time, ETA, and live per-service numbers
 * (load and errors of the last simulated second, p50 and p99, totals so far) about once a second —
 * and the run that ended last.
 */
import { useEffect, useRef } from 'react';
import type { LiveNumbers, RunFinished, RunSummary } from '@shared/runs.ts';
import { formatCount, formatDuration, formatMs, formatPercent } from './format.ts';
import { etaSeconds, type ProgressSample } from './use-runs-feed.ts';

/** Rows the live table shows (the busiest services; the canvas shows all of them). */
const LIVE_ROWS = 50;

export function LiveRun({
  run,
  sample,
  onCancel,
}: {
  readonly run: RunSummary;
  readonly sample: ProgressSample | undefined;
  readonly onCancel: () => void;
}) {
  const progress = sample?.progress;
  const fraction = progress ? Math.min(1, progress.simulatedS / Math.max(progress.durationS, 1e-9)) : 0;
  const eta = etaSeconds(sample);
  // The run's progress and its live numbers come into view in a short dock (below the form).
  const group = useRef<HTMLDivElement>(null);
  const hasLive = sample?.live !== undefined;
  useEffect(() => {
    group.current?.scrollIntoView({ block: 'nearest' });
  }, [hasLive]);
  return (
    <div ref={group} className="live-run" role="group" aria-label={`Run ${run.id} in progress`}>
      <div className="live-run-heading">
        <span>
          Run #{run.id} {run.scenario && <span className="muted">· {run.scenario}</span>}{' '}
          <span className={`run-status run-status-${run.status}`}>{run.status}</span>
        </span>
        <span className="live-percent" aria-label="Progress">
          {run.status === 'queued' ? '' : `${Math.floor(fraction * 100)} %`}
        </span>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <progress max={1} value={run.status === 'queued' ? undefined : fraction} />
      <p className="live-numbers">
        {progress ? (
          <>
            <span>
              {progress.simulatedS.toFixed(1)} of {progress.durationS.toFixed(0)} s simulated
            </span>
            <span>{eta === null ? 'ETA …' : `ETA ${formatDuration(eta)}`}</span>
            <span>{formatCount(progress.requests)} requests</span>
            <span>{formatCount(progress.completed)} completed</span>
            <span>{formatCount(progress.events)} events</span>
          </>
        ) : (
          <span className="muted">
            {run.status === 'queued' ? 'Waiting for the run before it…' : 'Starting…'}
          </span>
        )}
      </p>
      {sample?.live && <LiveTable live={sample.live} />}
    </div>
  );
}

/** The run that ended last: done (100 %), cancelled or failed, and why. */
export function FinishedRun({ finished }: { readonly finished: RunFinished }) {
  const done = finished.status === 'done';
  return (
    <div className="live-run" role="group" aria-label={`Run ${finished.runId} ${finished.status}`}>
      <div className="live-run-heading">
        <span>
          Run #{finished.runId}{' '}
          <span className={`run-status run-status-${finished.status}`}>{finished.status}</span>
        </span>
        {done && (
          <span className="live-percent" aria-label="Progress">
            100 %
          </span>
        )}
      </div>
      {done && <progress max={1} value={1} />}
      {finished.failureReason && <p className="run-error">{finished.failureReason}</p>}
    </div>
  );
}

/** The busiest services' numbers while the run goes. */
function LiveTable({ live }: { readonly live: LiveNumbers }) {
  const rows = live.services.slice(0, LIVE_ROWS);
  return (
    <div className="live-table-scroll">
      <table className="results-table live-table" aria-label="Live numbers">
        <caption className="muted">
          Second {live.second}
          {live.services.length > rows.length
            ? ` · the ${rows.length} busiest of ${live.services.length}`
            : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col" className="number" title="Requests in the last simulated second">
              req/s
            </th>
            <th scope="col" className="number" title="Failed in the last simulated second">
              errors
            </th>
            <th scope="col" className="number">
              p50 ms
            </th>
            <th scope="col" className="number">
              p99 ms
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((service) => (
            <tr key={service.name}>
              <th
                scope="row"
                title={`${service.name}: ${formatCount(service.requests)} requests and ${formatCount(service.errors)} errors since the start`}
              >
                {service.name}
              </th>
              <td className="number">{formatCount(service.rate)}</td>
              <td className={`number${service.errorRate > 0 ? ' count-error' : ''}`}>
                {service.errorRate > 0 ? formatPercent(service.errorRate, 1) : '0'}
              </td>
              <td className="number">{service.rate > 0 ? formatMs(service.p50Ms) : '—'}</td>
              <td className="number">{service.rate > 0 ? formatMs(service.p99Ms) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
