/**
 * The Run panel: start a run of the open document (duration, rate, seed), watch its progress and
 * live numbers, cancel it, and see the latest runs of the history. Runs are queued and run one at
 * a time in the engine process; this panel only talks to the contract (`runs.*` and its events).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ArchsimApi } from '@shared/ipc/contract.ts';
import type { CommandRunner } from './commands.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import type { RunProgress, RunStatus, RunSummary } from '@shared/runs.ts';
import { MAX_DURATION_S, MAX_RATE } from '@shared/limits.ts';

/** How many of the newest runs the panel lists. */
const HISTORY_LENGTH = 8;
/** While a run is active the list is re-read this often, in case an event was missed. */
const ACTIVE_REFRESH_MS = 2000;

/** What the Run commands (Run > Start, Cancel) need to know of the panel. */
export interface RunPanelState {
  /** The document is valid, the form complete and no start is on its way. */
  readonly canStart: boolean;
  /** A run is queued or running. */
  readonly canCancel: boolean;
}

export interface RunPanelProps {
  readonly api: ArchsimApi;
  /** Where the panel registers Run > Start Run and Cancel Run. */
  readonly commands: CommandRunner;
  /** Told whenever the Run commands become available or not. */
  readonly onStateChange: (state: RunPanelState) => void;
  /** The open document when it is valid; null while it has errors (it cannot run). */
  readonly document: ArchDocument | null;
  /** What the run is called in the history: the example, marked when edited. */
  readonly label: string;
}

interface RunForm {
  readonly durationS: string;
  readonly rate: string;
  readonly seed: string;
}

const DEFAULT_FORM: RunForm = { durationS: '10', rate: '100', seed: '1' };

export function RunPanel({ api, commands, onStateChange, document, label }: RunPanelProps) {
  const [form, setForm] = useState<RunForm>(DEFAULT_FORM);
  const [runs, setRuns] = useState<readonly RunSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [progress, setProgress] = useState<ReadonlyMap<number, RunProgress>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const refresh = useCallback(() => {
    api['runs.list']({ limit: HISTORY_LENGTH }).then(
      (list) => {
        setRuns(list.runs);
        setTotal(list.total);
      },
      (failure: unknown) => setError(messageOf(failure)),
    );
  }, [api]);

  useEffect(() => {
    refresh();
    api['runs.storage']().then(
      (storage) => {
        const parts: string[] = [];
        if (storage.recovered) {
          parts.push(
            `The run history could not be read (${storage.recovered.reason}). It was moved to ${storage.recovered.movedTo} and a new one was started; nothing was deleted.`,
          );
        }
        if (storage.interrupted > 0) {
          parts.push(
            `${storage.interrupted === 1 ? 'A run was' : `${storage.interrupted} runs were`} interrupted when archsim last stopped.`,
          );
        }
        setNotice(parts.length > 0 ? parts.join(' ') : null);
      },
      (failure: unknown) => setError(messageOf(failure)),
    );
    const stopProgress = api.on('runs.progress', (update) =>
      setProgress((current) => new Map(current).set(update.runId, update)),
    );
    const stopFinished = api.on('runs.finished', (finished) => {
      setProgress((current) => {
        const next = new Map(current);
        next.delete(finished.runId);
        return next;
      });
      refresh();
    });
    return () => {
      stopProgress();
      stopFinished();
    };
  }, [api, refresh]);

  const active = useMemo(() => (runs ?? []).filter((run) => isActive(run.status)), [runs]);
  useEffect(() => {
    if (active.length === 0) return;
    const timer = setInterval(refresh, ACTIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [active.length, refresh]);

  const options = parseForm(form);
  const startRun = () => {
    if (document === null || typeof options === 'string') return;
    setError(null);
    setStarting(true);
    api['runs.start'](document, { ...options, label })
      .then(refresh, (failure: unknown) => setError(messageOf(failure)))
      .finally(() => setStarting(false));
  };
  const start = (event: FormEvent) => {
    event.preventDefault();
    startRun();
  };
  const cancel = (runId: number) => {
    api['runs.cancel'](runId).then(refresh, (failure: unknown) => setError(messageOf(failure)));
  };

  // Run > Start Run and Cancel Run (menu, shortcuts): the running run is cancelled, else the
  // next one queued.
  const canStart = document !== null && typeof options !== 'string' && !starting;
  const canCancel = active.length > 0;
  const latest = useRef({ startRun, cancelActive: () => undefined as void });
  latest.current = {
    startRun,
    cancelActive: () => {
      const target = active.find((run) => run.status === 'running') ?? active[0];
      if (target) cancel(target.id);
    },
  };
  useEffect(() => {
    const stops = [
      commands.register('run.start', () => latest.current.startRun()),
      commands.register('run.cancel', () => latest.current.cancelActive()),
    ];
    return () => stops.forEach((stop) => stop());
  }, [commands]);
  useEffect(() => onStateChange({ canStart, canCancel }), [onStateChange, canStart, canCancel]);

  const field = (name: keyof RunForm, text: string, unit: string) => (
    <label className="run-field">
      <span>{text}</span>
      <input
        name={name}
        inputMode="decimal"
        autoComplete="off"
        value={form[name]}
        onChange={(event) => {
          const value = event.target.value;
          setForm((current) => ({ ...current, [name]: value }));
        }}
      />
      <span className="muted">{unit}</span>
    </label>
  );

  return (
    <section className="run-panel" aria-labelledby="run-heading">
      <h2 id="run-heading" className="section-title">
        Run
      </h2>
      {notice && <p className="notice">{notice}</p>}
      <form className="run-form" onSubmit={start} aria-label="Start a run">
        {field('durationS', 'Duration', 's')}
        {field('rate', 'Rate', 'req/s')}
        {field('seed', 'Seed', '')}
        <button type="submit" className="primary" disabled={!canStart}>
          {active.length > 0 ? 'Queue run' : 'Run'}
        </button>
        {document === null ? (
          <span className="muted">Fix the document’s errors to run it.</span>
        ) : typeof options === 'string' ? (
          <span className="count-error">{options}</span>
        ) : null}
      </form>
      {error && (
        <p className="run-error" role="alert">
          {error}
        </p>
      )}

      {active.map((run) => (
        <LiveRun key={run.id} run={run} progress={progress.get(run.id)} onCancel={() => cancel(run.id)} />
      ))}

      {runs !== null && runs.length > 0 && (
        <table className="runs" aria-label="Run history">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Label</th>
              <th scope="col">Started</th>
              <th scope="col" className="number">
                Requests
              </th>
              <th scope="col" className="number">
                Errors
              </th>
              <th scope="col" className="number">
                p99 ms
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td className="number">#{run.id}</td>
                <td>
                  <span
                    className={`run-status run-status-${run.status}`}
                    title={run.failureReason ?? undefined}
                  >
                    {run.status}
                  </span>
                </td>
                <td className="run-label">{run.label ?? run.arch}</td>
                <td className="muted">{formatTime(run.startedAt ?? run.createdAt)}</td>
                <td className="number">{run.summary ? formatCount(run.summary.requests) : '—'}</td>
                <td className="number">{run.summary ? formatCount(run.summary.errors) : '—'}</td>
                <td className="number">{run.p99Ms === null ? '—' : formatMs(run.p99Ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs !== null && runs.length === 0 && <p className="muted">No runs yet.</p>}
      {total > HISTORY_LENGTH && (
        <p className="muted run-more">
          The {HISTORY_LENGTH} newest of {formatCount(total)} runs.
        </p>
      )}
    </section>
  );
}

function LiveRun({
  run,
  progress,
  onCancel,
}: {
  readonly run: RunSummary;
  readonly progress: RunProgress | undefined;
  readonly onCancel: () => void;
}) {
  const fraction = progress ? Math.min(1, progress.simulatedS / Math.max(progress.durationS, 1e-9)) : 0;
  return (
    <div className="live-run" role="group" aria-label={`Run ${run.id} in progress`}>
      <div className="live-run-heading">
        <span>
          Run #{run.id} <span className={`run-status run-status-${run.status}`}>{run.status}</span>
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
    </div>
  );
}

/** The form's values as run options, or what is wrong with them. */
function parseForm(form: RunForm): { durationS: number; rate: number; seed: number } | string {
  const durationS = Number(form.durationS);
  const rate = Number(form.rate);
  const seed = Number(form.seed);
  if (form.durationS.trim() === '' || !(durationS > 0) || durationS > MAX_DURATION_S) {
    return `Duration: seconds, more than 0 and at most ${MAX_DURATION_S}.`;
  }
  if (form.rate.trim() === '' || !(rate >= 0) || rate > MAX_RATE)
    return `Rate: requests per second, from 0 to ${MAX_RATE.toLocaleString('en')}.`;
  if (form.seed.trim() === '' || !Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    return 'Seed: a whole number from 0 to 4294967295.';
  }
  return { durationS, rate, seed };
}

function isActive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

const countFormat = new Intl.NumberFormat('en-US');

function formatCount(value: number): string {
  return countFormat.format(value);
}

function formatMs(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
