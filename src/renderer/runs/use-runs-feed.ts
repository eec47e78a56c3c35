/**
 * What the run views share about the runs in flight: their progress as the engine reports it,
 * the queued and running runs, and a revision that grows whenever a run starts or ends (views of
 * the history read it again then). One subscription to the `runs.*` events for the whole studio.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ArchsimApi } from '@shared/ipc/contract.ts';
import type { LiveNumbers, RunFinished, RunProgress, RunSummary } from '@shared/runs.ts';

/** While a run is active the active list is re-read this often, in case an event was missed. */
const ACTIVE_REFRESH_MS = 2000;

export interface ProgressSample {
  readonly progress: RunProgress;
  /** When it arrived (performance.now()), for the ETA. */
  readonly at: number;
  /** The first sample of the run, for the ETA's rate. */
  readonly first: { readonly simulatedS: number; readonly at: number };
  /** The latest live numbers (they come in some of the messages, about once a second). */
  readonly live: LiveNumbers | undefined;
}

export interface RunsFeed {
  readonly progress: ReadonlyMap<number, ProgressSample>;
  readonly active: readonly RunSummary[];
  /** The run that ended last (done, cancelled or failed), until another one starts. */
  readonly lastFinished: RunFinished | null;
  /** Grows with every run started or finished. */
  readonly revision: number;
  /** Re-reads the active runs (after starting one). */
  readonly refresh: () => void;
}

export function useRunsFeed(api: ArchsimApi, onFinished?: (finished: RunFinished) => void): RunsFeed {
  const [progress, setProgress] = useState<ReadonlyMap<number, ProgressSample>>(new Map());
  const [active, setActive] = useState<readonly RunSummary[]>([]);
  const [revision, setRevision] = useState(0);
  const [lastFinished, setLastFinished] = useState<RunFinished | null>(null);
  const finishedListener = useRef(onFinished);
  finishedListener.current = onFinished;

  const refresh = useCallback(() => {
    setRevision((value) => value + 1);
    api['runs.list']({ status: ['running', 'queued'], limit: 100 }).then(
      (list) => setActive([...list.runs].reverse()),
      () => undefined,
    );
  }, [api]);

  useEffect(() => {
    refresh();
    const stopProgress = api.on('runs.progress', (update) =>
      setProgress((current) => {
        const now = performance.now();
        const previous = current.get(update.runId);
        return new Map(current).set(update.runId, {
          progress: update,
          at: now,
          first: previous?.first ?? { simulatedS: update.simulatedS, at: now },
          live: update.live ?? previous?.live,
        });
      }),
    );
    const stopFinished = api.on('runs.finished', (finished) => {
      setProgress((current) => {
        const next = new Map(current);
        next.delete(finished.runId);
        return next;
      });
      setLastFinished(finished);
      refresh();
      finishedListener.current?.(finished);
    });
    return () => {
      stopProgress();
      stopFinished();
    };
  }, [api, refresh]);

  useEffect(() => {
    if (active.length === 0) return;
    const timer = setInterval(refresh, ACTIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [active.length, refresh]);

  return useMemo(
    () => ({ progress, active, lastFinished, revision, refresh }),
    [progress, active, lastFinished, revision, refresh],
  );
}

/** Seconds of wall-clock time until the run is done, from its rate so far; null before it is known. */
export function etaSeconds(sample: ProgressSample | undefined): number | null {
  if (!sample) return null;
  const simulated = sample.progress.simulatedS - sample.first.simulatedS;
  const elapsed = (sample.at - sample.first.at) / 1000;
  if (simulated <= 0 || elapsed <= 0) return null;
  const remaining = Math.max(0, sample.progress.durationS - sample.progress.simulatedS);
  return (remaining / simulated) * elapsed;
}
