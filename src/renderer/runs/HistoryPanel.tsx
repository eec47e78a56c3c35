/**
 * The "History" region: every stored run, newest first — label, document, scenario, seed, date,
 * status, requests, errors and the busiest entry's p99 — filtered by document and scenario. The
 * list is virtualised and reads the store a page at a time, so 10,000 runs appear at once and
 * scroll smoothly. Rename a run (double-click its label), delete it (after a confirmation), open
 * its results, or check two or more ("Select run N") and Compare them.
 */
import { memo, useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ArchsimApi } from '@shared/ipc/contract.ts';
import type { RunFacets, RunListQuery, RunSummary } from '@shared/runs.ts';
import { Modal } from '../Dialogs.tsx';
import { formatCount, formatMs, formatTime, messageOf } from './format.ts';

/** Runs read from the store at a time. */
const PAGE_SIZE = 100;
const ROW_HEIGHT = 30;
const NO_SCENARIO_FILTER = '\u0000none';

export interface HistoryPanelProps {
  readonly api: ArchsimApi;
  /** Grows whenever runs start or end: the list is read again. */
  readonly revision: number;
  readonly selected: ReadonlySet<number>;
  readonly onSelectionChange: (selected: ReadonlySet<number>) => void;
  readonly onCompare: (runIds: readonly number[]) => void;
  readonly onOpen: (runId: number) => void;
  /** The run whose results are open, marked in the list. */
  readonly openRunId: number | null;
  readonly onMessage: (text: string) => void;
}

export function HistoryPanel({
  api,
  revision,
  selected,
  onSelectionChange,
  onCompare,
  onOpen,
  openRunId,
  onMessage,
}: HistoryPanelProps) {
  const [arch, setArch] = useState('');
  const [scenario, setScenario] = useState('');
  const [facets, setFacets] = useState<RunFacets>({ archs: [], scenarios: [] });
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<ReadonlyMap<number, readonly RunSummary[]>>(new Map());
  const [renaming, setRenaming] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<RunSummary | null>(null);
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const header = useRef<HTMLDivElement>(null);

  const query = useCallback(
    (page: number): RunListQuery => ({
      limit: PAGE_SIZE,
      offset: page * PAGE_SIZE,
      ...(arch === '' ? {} : { arch }),
      ...(scenario === '' ? {} : { scenario: scenario === NO_SCENARIO_FILTER ? null : scenario }),
    }),
    [arch, scenario],
  );

  const loadPage = useCallback(
    (page: number, current: number) => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      api['runs.list'](query(page)).then(
        (list) => {
          loading.current.delete(page);
          if (current !== generation.current) return;
          setTotal(list.total);
          setPages((existing) => new Map(existing).set(page, list.runs));
        },
        (failure: unknown) => {
          loading.current.delete(page);
          onMessage(messageOf(failure));
        },
      );
    },
    [api, query, onMessage],
  );

  // The pages in view, as the list reports them (it re-renders alone while it scrolls).
  const [[firstPage, lastPage], setRange] = useState<readonly [number, number]>([0, 0]);
  const onRange = useCallback((first: number, last: number) => {
    setRange((current) => (current[0] === first && current[1] === last ? current : [first, last]));
  }, []);

  // Filters or the history changed: read the pages in view again (the old ones stay on screen
  // until the new ones arrive, so nothing flickers).
  useEffect(() => {
    const current = ++generation.current;
    loading.current.clear();
    for (let page = firstPage; page <= lastPage; page++) loadPage(page, current);
    api['runs.facets']().then(setFacets, () => undefined);
    // Only a change of the history or the filters starts a new generation.
  }, [revision, arch, scenario, api]);

  useEffect(() => {
    for (let page = firstPage; page <= lastPage; page++) {
      if (!pages.has(page)) loadPage(page, generation.current);
    }
  }, [firstPage, lastPage, pages, loadPage]);

  const toggle = (id: number, checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(id);
    else next.delete(id);
    onSelectionChange(next);
  };

  const rename = (run: RunSummary, label: string) => {
    setRenaming(null);
    if (label === (run.label ?? '')) return;
    api['runs.rename'](run.id, label.trim() === '' ? null : label).then(
      () =>
        setPages((existing) =>
          patchRun(existing, run.id, { label: label.trim() === '' ? null : label.trim() }),
        ),
      (failure: unknown) => onMessage(messageOf(failure)),
    );
  };

  const remove = (run: RunSummary) => {
    setDeleting(null);
    api['runs.delete'](run.id).then(
      () => {
        const next = new Set(selected);
        next.delete(run.id);
        onSelectionChange(next);
        generation.current++;
        setPages(new Map());
        loadPage(firstPage, generation.current);
      },
      (failure: unknown) => onMessage(messageOf(failure)),
    );
  };

  // The rows are memoised: while the list scrolls only rows that come into view render. Their
  // actions go through one stable object that always calls the latest handlers.
  const latest = useRef<RowActions | null>(null);
  latest.current = {
    check: toggle,
    startRename: setRenaming,
    rename,
    cancelRename: () => setRenaming(null),
    open: onOpen,
    remove: setDeleting,
  };
  const [actions] = useState<RowActions>(() => ({
    check: (id, checked) => latest.current?.check(id, checked),
    startRename: (id) => latest.current?.startRename(id),
    rename: (run, label) => latest.current?.rename(run, label),
    cancelRename: () => latest.current?.cancelRename(),
    open: (id) => latest.current?.open(id),
    remove: (run) => latest.current?.remove(run),
  }));

  const chosen = [...selected].sort((a, b) => a - b);
  return (
    <section className="history-panel" aria-label="History">
      <div className="history-toolbar">
        <h2 className="section-title">History</h2>
        <label className="history-filter">
          <span>Document</span>
          <select value={arch} onChange={(event) => setArch(event.target.value)}>
            <option value="">All documents</option>
            {facets.archs.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="history-filter">
          <span>Scenario</span>
          <select value={scenario} onChange={(event) => setScenario(event.target.value)}>
            <option value="">All scenarios</option>
            <option value={NO_SCENARIO_FILTER}>No failures</option>
            {facets.scenarios.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <span className="history-count muted">
          {total === null ? '' : `${formatCount(total)} run${total === 1 ? '' : 's'}`}
        </span>
        <button
          type="button"
          className="primary"
          disabled={chosen.length < 2}
          title={
            chosen.length < 2
              ? 'Check two or more runs to compare them.'
              : `Compare runs ${chosen.join(', ')}`
          }
          onClick={() => onCompare(chosen)}
        >
          Compare
        </button>
        {chosen.length > 0 && (
          <button type="button" onClick={() => onSelectionChange(new Set())}>
            Clear ({chosen.length})
          </button>
        )}
      </div>
      {total === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <div className="history-table" role="table" aria-label="Runs" aria-rowcount={(total ?? 0) + 1}>
          <div ref={header} className="history-row history-header" role="row" aria-rowindex={1}>
            {[
              '',
              'Run',
              'Label',
              'Document',
              'Scenario',
              'Seed',
              'Date',
              'Status',
              'Requests',
              'Errors',
              'p99 ms',
              '',
            ].map((title, index) => (
              <span
                key={index}
                role="columnheader"
                className={index >= 8 && index <= 10 ? 'number' : undefined}
              >
                {title}
              </span>
            ))}
          </div>
          <HistoryRows
            header={header}
            total={total ?? 0}
            pages={pages}
            selected={selected}
            renaming={renaming}
            openRunId={openRunId}
            actions={actions}
            onRange={onRange}
          />
        </div>
      )}
      {deleting && (
        <Modal
          title={`Delete run ${deleting.id}?`}
          onClose={() => setDeleting(null)}
          actions={
            <>
              <button type="button" onClick={() => setDeleting(null)}>
                Cancel
              </button>
              <button type="button" className="primary" data-autofocus onClick={() => remove(deleting)}>
                Delete
              </button>
            </>
          }
        >
          <p>
            Run #{deleting.id}, “{deleting.label ?? deleting.arch}”, and its results are removed from the
            history. This cannot be undone.
          </p>
        </Modal>
      )}
    </section>
  );
}

/**
 * The virtualised rows. Scrolling re-renders this list alone (not the panel around it), and of
 * its rows only those that come into view: the rest are memoised.
 */
const HistoryRows = memo(function HistoryRows({
  total,
  pages,
  selected,
  renaming,
  openRunId,
  actions,
  onRange,
  header,
}: {
  /** The column headers, moved with the rows when they scroll sideways. */
  readonly header: RefObject<HTMLDivElement | null>;
  readonly total: number;
  readonly pages: ReadonlyMap<number, readonly RunSummary[]>;
  readonly selected: ReadonlySet<number>;
  readonly renaming: number | null;
  readonly openRunId: number | null;
  readonly actions: RowActions;
  readonly onRange: (firstPage: number, lastPage: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Render in the next frame rather than inside the scroll event: a fast fling through
    // thousands of rows then costs one render a frame, not one per event.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const firstPage = Math.floor((items[0]?.index ?? 0) / PAGE_SIZE);
  const lastPage = Math.floor((items[items.length - 1]?.index ?? 0) / PAGE_SIZE);
  useEffect(() => onRange(firstPage, lastPage), [firstPage, lastPage, onRange]);

  return (
    <div
      ref={scroller}
      className="history-scroller"
      onScroll={(event) => {
        const left = event.currentTarget.scrollLeft;
        if (header.current) header.current.style.transform = left === 0 ? '' : `translateX(${-left}px)`;
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const run = pages.get(Math.floor(item.index / PAGE_SIZE))?.[item.index % PAGE_SIZE];
          return (
            <div
              key={item.key}
              className={`history-row${run && run.id === openRunId ? ' history-row-open' : ''}`}
              role="row"
              aria-rowindex={item.index + 2}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {run ? (
                <HistoryRow
                  run={run}
                  checked={selected.has(run.id)}
                  renaming={renaming === run.id}
                  actions={actions}
                />
              ) : (
                <span role="cell" className="muted history-loading">
                  …
                </span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
});

interface RowActions {
  readonly check: (id: number, checked: boolean) => void;
  readonly startRename: (id: number) => void;
  readonly rename: (run: RunSummary, label: string) => void;
  readonly cancelRename: () => void;
  readonly open: (id: number) => void;
  readonly remove: (run: RunSummary) => void;
}

const HistoryRow = memo(function HistoryRow({
  run,
  checked,
  renaming,
  actions,
}: {
  readonly run: RunSummary;
  readonly checked: boolean;
  readonly renaming: boolean;
  readonly actions: RowActions;
}) {
  const onStartRename = () => actions.startRename(run.id);
  const done = run.status === 'done';
  return (
    <>
      <span role="cell">
        <input
          type="checkbox"
          aria-label={`Select run ${run.id}`}
          checked={checked}
          disabled={!done}
          title={done ? undefined : 'Only finished runs can be compared.'}
          onChange={(event) => actions.check(run.id, event.target.checked)}
        />
      </span>
      <span role="cell" className="number">
        #{run.id}
      </span>
      <span
        role="cell"
        className="history-label"
        onDoubleClick={onStartRename}
        title={run.label ? `${run.label} (double-click to rename)` : 'Double-click to rename'}
      >
        {renaming ? (
          <input
            className="history-rename"
            aria-label={`Label of run ${run.id}`}
            defaultValue={run.label ?? ''}
            autoFocus
            onKeyDown={(event) => {
              if (event.key === 'Enter') actions.rename(run, event.currentTarget.value);
              if (event.key === 'Escape') actions.cancelRename();
            }}
            onBlur={(event) => actions.rename(run, event.currentTarget.value)}
          />
        ) : (
          (run.label ?? <span className="muted">—</span>)
        )}
      </span>
      <span role="cell" title={run.arch}>
        {run.arch}
      </span>
      <span role="cell">{run.scenario ?? <span className="muted">none</span>}</span>
      <span role="cell" className="number">
        {run.seed}
      </span>
      <span role="cell" className="muted">
        {formatTime(run.startedAt ?? run.createdAt)}
      </span>
      <span role="cell">
        <span className={`run-status run-status-${run.status}`} title={run.failureReason ?? undefined}>
          {run.status}
        </span>
      </span>
      <span role="cell" className="number">
        {run.summary ? formatCount(run.summary.requests) : '—'}
      </span>
      <span role="cell" className="number">
        {run.summary ? formatCount(run.summary.errors) : '—'}
      </span>
      <span role="cell" className="number">
        {run.p99Ms === null ? '—' : formatMs(run.p99Ms)}
      </span>
      <span role="cell" className="history-actions">
        <button
          type="button"
          disabled={!done}
          onClick={() => actions.open(run.id)}
          aria-label={`Open run ${run.id}`}
        >
          Open
        </button>
        <button type="button" onClick={onStartRename} aria-label={`Rename run ${run.id}`}>
          Rename
        </button>
        <button
          type="button"
          disabled={run.status === 'running' || run.status === 'queued'}
          onClick={() => actions.remove(run)}
          aria-label={`Delete run ${run.id}`}
        >
          Delete
        </button>
      </span>
    </>
  );
});

function patchRun(
  pages: ReadonlyMap<number, readonly RunSummary[]>,
  id: number,
  patch: Partial<RunSummary>,
): ReadonlyMap<number, readonly RunSummary[]> {
  const next = new Map(pages);
  for (const [page, runs] of pages) {
    if (runs.some((run) => run.id === id)) {
      next.set(
        page,
        runs.map((run) => (run.id === id ? { ...run, ...patch } : run)),
      );
    }
  }
  return next;
}
