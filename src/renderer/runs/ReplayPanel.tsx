/**
 * The "Replay" region: play a stored run second by second — play and pause, speed, a second back
 * or on, or drag to any second — while the canvas shows that second: each service's load and
 * latency colour, instances down, failed zones and regions, open circuit breakers; the timeline
 * below carries a cursor at the same second.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Theme } from '@shared/commands.ts';
import { ChartsSection } from './ChartsSection.tsx';
import { frameAt, replayIndex, type ReplayFrame } from './replay-model.ts';
import type { CompletedRun } from './use-run-details.ts';

export type { ReplayFrame } from './replay-model.ts';

const SPEEDS = [1, 2, 5, 10, 30] as const;

export interface ReplayPanelProps {
  readonly run: CompletedRun | null;
  readonly theme: Theme;
  /** The second shown, for the canvas (null when nothing is replayed). */
  readonly onFrame: (frame: ReplayFrame | null) => void;
  readonly onExportChart: (svg: string, fileName: string) => void;
}

export function ReplayPanel({ run, theme, onFrame, onExportChart }: ReplayPanelProps) {
  const index = useMemo(() => (run ? replayIndex(run.result) : null), [run]);
  const [second, setSecond] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(1);
  const seconds = index?.seconds ?? 0;
  const frame = useMemo(() => (index ? frameAt(index, second) : null), [index, second]);

  useEffect(() => {
    setSecond(0);
    setPlaying(false);
  }, [index]);

  useEffect(() => {
    onFrame(frame);
  }, [frame, onFrame]);
  useEffect(() => () => onFrame(null), [onFrame]);

  useEffect(() => {
    if (!playing || !index) return;
    const timer = setInterval(() => {
      setSecond((current) => {
        if (current + 1 >= index.seconds) {
          setPlaying(false);
          return current;
        }
        return current + 1;
      });
    }, 1000 / speed);
    return () => clearInterval(timer);
  }, [playing, speed, index]);

  if (!run || !index || !frame) {
    return (
      <section className="replay-panel" aria-label="Replay">
        <p className="muted">Open a run’s results (from the History), then replay it here.</p>
      </section>
    );
  }
  const failureStarts = index.failures.map((failure) => Math.floor(failure.startS));
  return (
    <section className="replay-panel" aria-label="Replay">
      <header className="results-heading">
        <h2>
          Replay of run #{run.id} <span className="muted">{run.label ?? run.result.arch}</span>
        </h2>
      </header>
      <div className="replay-controls" role="group" aria-label="Replay controls">
        <button type="button" onClick={() => setPlaying((current) => !current)} aria-pressed={playing}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          onClick={() => setSecond((current) => Math.max(0, current - 1))}
          aria-label="Back a second"
        >
          ◀ 1 s
        </button>
        <button
          type="button"
          onClick={() => setSecond((current) => Math.min(seconds - 1, current + 1))}
          aria-label="Forward a second"
        >
          1 s ▶
        </button>
        <label className="history-filter">
          <span>Speed</span>
          <select aria-label="Speed" value={speed} onChange={(event) => setSpeed(Number(event.target.value))}>
            {SPEEDS.map((value) => (
              <option key={value} value={value}>
                {value}×
              </option>
            ))}
          </select>
        </label>
        <input
          type="range"
          className="replay-scrubber"
          aria-label="Second"
          min={0}
          max={Math.max(0, seconds - 1)}
          step={1}
          value={frame.second}
          list="replay-failures"
          onChange={(event) => {
            setPlaying(false);
            setSecond(Number(event.target.value));
          }}
        />
        <datalist id="replay-failures">
          {failureStarts.map((start, position) => (
            <option key={position} value={start} />
          ))}
        </datalist>
        <output className="replay-second" aria-live="polite">
          {frame.second} s of {seconds} s
        </output>
        {index.failures.map((failure, position) => (
          <button
            key={position}
            type="button"
            className="replay-jump"
            onClick={() => {
              setPlaying(false);
              setSecond(Math.floor(failure.startS));
            }}
          >
            Go to {failure.label} ({Math.floor(failure.startS)} s)
          </button>
        ))}
      </div>
      <div className="replay-state">
        <div>
          <h3 className="section-title">Failed now</h3>
          {frame.failures.length === 0 && frame.down.size === 0 ? (
            <p className="muted">Nothing is failed in this second.</p>
          ) : (
            <ul className="replay-failures" aria-label="Failed now">
              {frame.failures.map((failure, position) => (
                <li key={position} className="replay-failed">
                  {failure.type === 'zone-outage'
                    ? `Zone ${failure.target} failed`
                    : failure.type === 'region-outage'
                      ? `Region ${failure.target} failed`
                      : failure.label}
                </li>
              ))}
              {[...frame.down].map(([service, count]) => (
                <li key={service}>
                  {service}: {count} instance{count === 1 ? '' : 's'} down
                </li>
              ))}
              {[...frame.openBreakers].map(([service, count]) => (
                <li key={`breaker-${service}`}>
                  {service}: {count} circuit breaker{count === 1 ? '' : 's'} open
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3 className="section-title">This second</h3>
          {frame.events.length === 0 ? (
            <p className="muted">No events.</p>
          ) : (
            <ul className="replay-events">
              {frame.events.slice(0, 20).map((event, position) => (
                <li key={position}>
                  <span className="muted">{event.atS.toFixed(2)} s</span> {event.kind}
                  {event.service ? ` · ${event.service}` : ''} — {event.detail}
                </li>
              ))}
              {frame.events.length > 20 && <li className="muted">… and {frame.events.length - 20} more</li>}
            </ul>
          )}
        </div>
      </div>
      <ChartsSection
        runs={[run]}
        theme={theme}
        onExport={onExportChart}
        cursorS={frame.second}
        initialKind="timeline"
      />
    </section>
  );
}
