/**
 * The "Run" region: start a run of the open document — duration, rate, seed (or a new one), and a
 * failure scenario, or every scenario at once — and watch the runs in flight: progress with the
 * simulated time and an ETA, live numbers, and Cancel. Runs are queued and run one at a time in
 * the engine process; this panel only talks to the contract (`runs.*` and its events).
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ArchsimApi } from '@shared/ipc/contract.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import { MAX_DURATION_S, MAX_RATE } from '@shared/limits.ts';
import type { CommandRunner } from '../commands.ts';
import { messageOf } from './format.ts';
import type { RunsFeed } from './use-runs-feed.ts';
import { FinishedRun, LiveRun } from './LiveRun.tsx';
import { runLimitProblems } from '@shared/document/run-limits.ts';
import { PROBLEM_CODES } from '@shared/document/problems.ts';

/** What the Run commands (Run > Start, Cancel) need to know of the panel. */
export interface RunPanelState {
  /** The document is valid, the form complete and no start is on its way. */
  readonly canStart: boolean;
  /** A run is queued or running. */
  readonly canCancel: boolean;
}

/** The scenario choice: none, one of the document's, or all of them (a run each, and one without). */
export const NO_SCENARIO = '';
export const ALL_SCENARIOS = '\u0000all';

export interface RunPanelProps {
  readonly api: ArchsimApi;
  readonly feed: RunsFeed;
  /** Where the panel registers Run > Start Run and Cancel Run. */
  readonly commands: CommandRunner;
  /** Told whenever the Run commands become available or not. */
  readonly onStateChange: (state: RunPanelState) => void;
  /** The open document when it is valid; null while it has errors (it cannot run). */
  readonly document: ArchDocument | null;
  /** What the run is called in the history: the example, marked when edited. */
  readonly label: string;
  /** Runs this panel started (the studio shows each one's results when it is done). */
  readonly onStarted: (runIds: readonly number[]) => void;
}

interface RunForm {
  readonly durationS: string;
  readonly rate: string;
  readonly seed: string;
  readonly scenario: string;
  /** Fraction of requests traced; empty: the document's traceSampleRate (else 0.001). */
  readonly traceRate: string;
}

const DEFAULT_FORM: RunForm = {
  durationS: '10',
  rate: '100',
  seed: '1',
  scenario: NO_SCENARIO,
  traceRate: '',
};

export function RunPanel({ api, feed, commands, onStateChange, document, label, onStarted }: RunPanelProps) {
  const [form, setForm] = useState<RunForm>(DEFAULT_FORM);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const scenarios = (document?.scenarios ?? []).map((scenario) => scenario.name);
  const scenario =
    form.scenario === ALL_SCENARIOS || scenarios.includes(form.scenario) ? form.scenario : NO_SCENARIO;

  useEffect(() => {
    api['runs.storage']().then(
      (storage) => {
        const parts: string[] = [];
        if (storage.unavailable) {
          parts.push(
            `The run history cannot be opened: ${storage.unavailable.replace(/\.$/, '')}. This session's runs are kept in memory only and are gone when archsim stops.`,
          );
        }
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
  }, [api]);

  const options = parseForm(form);
  // A run far beyond what the engine does while someone waits: said before it starts, as the
  // command line's validate says it of a document's own load.
  const heavy = useMemo(
    () =>
      document === null || typeof options === 'string'
        ? null
        : (runLimitProblems(document as unknown as Record<string, unknown>, {
            durationS: options.durationS,
            rate: options.rate,
          }).find((problem) => problem.code === PROBLEM_CODES.heavyRun)?.message ?? null),
    [document, typeof options === 'string' ? options : `${options.durationS}/${options.rate}`],
  );
  const startRun = async () => {
    if (document === null || typeof options === 'string') return;
    setError(null);
    setStarting(true);
    // All scenarios: a run without failures first, then one per scenario, as `--scenario all`.
    const plan: (string | undefined)[] =
      scenario === ALL_SCENARIOS
        ? [undefined, ...scenarios]
        : [scenario === NO_SCENARIO ? undefined : scenario];
    const started: number[] = [];
    try {
      for (const name of plan) {
        const { runId } = await api['runs.start'](document, {
          ...options,
          label: name === undefined ? label : `${label} · ${name}`,
          ...(name === undefined ? {} : { scenario: name }),
        });
        started.push(runId);
      }
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setStarting(false);
      feed.refresh();
      if (started.length > 0) onStarted(started);
    }
  };
  const start = (event: FormEvent) => {
    event.preventDefault();
    void startRun();
  };
  const cancel = (runId: number) => {
    api['runs.cancel'](runId).then(feed.refresh, (failure: unknown) => setError(messageOf(failure)));
  };

  // Run > Start Run and Cancel Run (menu, shortcuts): the running run is cancelled, else the
  // next one queued.
  const canStart = document !== null && typeof options !== 'string' && !starting;
  const canCancel = feed.active.length > 0;
  const latest = useRef({ startRun, cancelActive: () => undefined as void });
  latest.current = {
    startRun,
    cancelActive: () => {
      const target = feed.active.find((run) => run.status === 'running') ?? feed.active[0];
      if (target) cancel(target.id);
    },
  };
  useEffect(() => {
    const stops = [
      commands.register('run.start', () => void latest.current.startRun()),
      commands.register('run.cancel', () => latest.current.cancelActive()),
    ];
    return () => stops.forEach((stop) => stop());
  }, [commands]);
  useEffect(() => onStateChange({ canStart, canCancel }), [onStateChange, canStart, canCancel]);

  const field = (
    name: 'durationS' | 'rate' | 'seed' | 'traceRate',
    text: string,
    unit: string,
    placeholder?: string,
  ) => (
    <label className="run-field">
      <span>{text}</span>
      <input
        name={name}
        inputMode="decimal"
        autoComplete="off"
        value={form[name]}
        placeholder={placeholder}
        onChange={(event) => {
          const value = event.target.value;
          setForm((current) => ({ ...current, [name]: value }));
        }}
      />
      {unit && <span className="muted">{unit}</span>}
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
        <button
          type="button"
          className="run-new-seed"
          onClick={() => setForm((current) => ({ ...current, seed: String(randomSeed()) }))}
        >
          New seed
        </button>
        <label className="run-field">
          <span>Scenario</span>
          <select
            name="scenario"
            value={scenario}
            onChange={(event) => {
              const value = event.target.value;
              setForm((current) => ({ ...current, scenario: value }));
            }}
          >
            <option value={NO_SCENARIO}>No failures</option>
            {scenarios.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
            {scenarios.length > 0 && (
              <option value={ALL_SCENARIOS}>All scenarios ({scenarios.length + 1} runs)</option>
            )}
          </select>
        </label>
        {field('traceRate', 'Traces', 'of requests', String(document?.traceSampleRate ?? 0.001))}
        <button type="submit" className="primary" disabled={!canStart}>
          Run
        </button>
        {document === null ? (
          <span className="muted">Fix the document’s errors to run it.</span>
        ) : typeof options === 'string' ? (
          <span className="count-error">{options}</span>
        ) : heavy !== null ? (
          <span className="count-warning run-warning" role="status">
            Heavy: {heavy}.
          </span>
        ) : null}
      </form>
      {error && (
        <p className="run-error" role="alert">
          {error}
        </p>
      )}

      {feed.active.map((run) => (
        <LiveRun key={run.id} run={run} sample={feed.progress.get(run.id)} onCancel={() => cancel(run.id)} />
      ))}
      {feed.active.length === 0 && feed.lastFinished && <FinishedRun finished={feed.lastFinished} />}
    </section>
  );
}

/** A seed for "New seed": any 32-bit value. */
function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 1;
}

/** The form's values as run options, or what is wrong with them. */
function parseForm(
  form: RunForm,
): { durationS: number; rate: number; seed: number; traceSampleRate?: number } | string {
  const durationS = Number(form.durationS);
  const rate = Number(form.rate);
  const seed = Number(form.seed);
  if (form.durationS.trim() === '' || !(durationS > 0) || durationS > MAX_DURATION_S) {
    return `Duration: seconds, more than 0 and at most ${MAX_DURATION_S}.`;
  }
  if (form.rate.trim() === '' || !(rate >= 0) || rate > MAX_RATE) {
    return `Rate: requests per second, from 0 to ${MAX_RATE.toLocaleString('en')}.`;
  }
  if (form.seed.trim() === '' || !Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    return 'Seed: a whole number from 0 to 4294967295.';
  }
  if (form.traceRate.trim() === '') return { durationS, rate, seed };
  const traceSampleRate = Number(form.traceRate);
  if (!(traceSampleRate >= 0 && traceSampleRate <= 1)) return 'Traces: a fraction of requests, from 0 to 1.';
  return { durationS, rate, seed, traceSampleRate };
}
