/**
 * Stored runs with their results, read once and kept while the studio shows them (a run's result
 * does not change once it is done). A few are kept; the least recently read go first.
 */
import { useEffect, useState } from 'react';
import type { ArchsimApi } from '@shared/ipc/contract.ts';
import type { RunResult } from '@shared/results.ts';
import type { RunDetails } from '@shared/runs.ts';

/** A finished run: its record and its result. */
export type CompletedRun = RunDetails & { readonly result: RunResult };

const KEEP = 12;
const cache = new Map<string, Promise<RunDetails | null>>();

function read(api: ArchsimApi, runId: number): Promise<RunDetails | null> {
  const key = String(runId);
  const known = cache.get(key);
  if (known) {
    cache.delete(key);
    cache.set(key, known);
    return known;
  }
  const loading = api['runs.get'](runId).catch((error: unknown) => {
    cache.delete(key);
    throw error;
  });
  cache.set(key, loading);
  while (cache.size > KEEP) cache.delete(cache.keys().next().value as string);
  return loading;
}

/** Forgets a run (deleted, or read before it was done). */
export function forgetRun(runId: number): void {
  cache.delete(String(runId));
}

export interface RunsState {
  readonly runs: readonly CompletedRun[] | null;
  readonly error: string | null;
}

/** The finished runs `runIds`, in that order; an error names a run that is missing or not done. */
export function useCompletedRuns(api: ArchsimApi, runIds: readonly number[]): RunsState {
  const key = runIds.join(',');
  const [state, setState] = useState<RunsState & { key: string }>({ key: '', runs: null, error: null });
  useEffect(() => {
    let live = true;
    if (key === '') return;
    Promise.all(runIds.map((id) => read(api, id)))
      .then((details) => {
        if (!live) return;
        const missing = runIds.find((id, index) => !details[index]?.result);
        if (missing !== undefined) {
          forgetRun(missing);
          setState({
            key,
            runs: null,
            error: `Run ${missing} has no results (it is not done, or was deleted).`,
          });
          return;
        }
        setState({ key, runs: details as CompletedRun[], error: null });
      })
      .catch((error: unknown) => {
        if (live)
          setState({ key, runs: null, error: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      live = false;
    };
    // `key` stands for the ids.
  }, [api, key]);
  return state.key === key ? state : { runs: null, error: null };
}
