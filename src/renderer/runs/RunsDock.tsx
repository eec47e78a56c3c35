/**
 * The studio's lower half: Problems and the Run panel, the run History, and the analysis tabs —
 * Results, Compare, Replay, Traces. It owns what the run views share: the runs in flight, the
 * runs checked in the History, which run's results are open, and which runs are compared. A run
 * started here opens in Results when it is done; Compare opens on Compare, and so on.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { ArchsimApi, ExportFormat } from '@shared/ipc/contract.ts';
import type { Theme } from '@shared/commands.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import type { LiveNumbers } from '@shared/runs.ts';
import type { CanvasOverlay } from '../canvas/overlay.ts';
import type { CommandRunner } from '../commands.ts';
import { ComparePanel } from './ComparePanel.tsx';
import { heatOfResult, type Heat, type HeatMetric } from './heat.ts';
import { liveOverlay } from './live-model.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { ReplayPanel, type ReplayFrame } from './ReplayPanel.tsx';
import { ResultsPanel } from './ResultsPanel.tsx';
import { RunPanel, type RunPanelState } from './RunPanel.tsx';
import { TracesPanel } from './TracesPanel.tsx';
import { useCompletedRuns } from './use-run-details.ts';
import './runs.css';
import { useRunsFeed } from './use-runs-feed.ts';

export const ANALYSIS_TABS = ['Results', 'Compare', 'Replay', 'Traces'] as const;
export type AnalysisTab = (typeof ANALYSIS_TABS)[number];

export interface RunsDockProps {
  readonly api: ArchsimApi;
  readonly commands: CommandRunner;
  readonly onRunStateChange: (state: RunPanelState) => void;
  /** The open document when it is valid; null while it has errors. */
  readonly document: ArchDocument | null;
  /**
   * The architecture shown on the canvas (its `arch`, from the last text that parsed): a run's heat
   * or replay is painted on it only when the run is of that architecture.
   */
  readonly openArch: string | null;
  readonly label: string;
  readonly theme: Theme;
  /** The Problems region, shown above the Run panel. */
  readonly problems: ReactNode;
  /** What the canvas paints: a run's heat, or a replayed second; null for nothing. */
  readonly onCanvasOverlay: (overlay: CanvasOverlay | null) => void;
  readonly onExport: (format: ExportFormat, data: string, fileName: string) => void;
  readonly onMessage: (text: string) => void;
}

/** The canvas's picture of a run's heat. */
function heatOverlay(heat: Heat): CanvasOverlay {
  return {
    title: heat.label,
    legend: heat.legend,
    nodes: heat.nodes,
    edges: heat.edges,
    notes: [],
    failedZones: new Set(),
    failedRegions: new Set(),
  };
}

/** What the canvas says instead of painting a run of another architecture. */
function otherArchitectureOverlay(runId: number, arch: string): CanvasOverlay {
  return {
    title: `Run #${runId} is of ${arch}: open ${arch} to see it here`,
    legend: { low: '', high: '', stops: [] },
    nodes: new Map(),
    edges: new Map(),
    notes: [],
    failedZones: new Set(),
    failedRegions: new Set(),
  };
}

/** The canvas's picture of a replayed second. */
function replayOverlay(frame: ReplayFrame): CanvasOverlay {
  const nodes = new Map(
    [...frame.heat.nodes].map(([name, node]) => [
      name,
      { ...node, down: frame.down.get(name) ?? 0, breakers: frame.openBreakers.get(name) ?? 0 },
    ]),
  );
  const notes = [
    ...[...frame.failedRegions].map((region) => `Region ${region} failed`),
    ...[...frame.failedZones]
      .filter((zone) => !frame.failedRegions.has(zone.split('/')[0] ?? ''))
      .map((zone) => `Zone ${zone} failed`),
    ...frame.failures
      .filter((failure) => failure.type !== 'zone-outage' && failure.type !== 'region-outage')
      .map((failure) => failure.label),
  ];
  return {
    title: `Replay: second ${frame.second} of ${frame.seconds} (p99 latency, load)`,
    legend: frame.heat.legend,
    nodes,
    edges: frame.heat.edges,
    notes,
    failedZones: frame.failedZones,
    failedRegions: frame.failedRegions,
  };
}

export function RunsDock({
  api,
  commands,
  onRunStateChange,
  document,
  openArch,
  label,
  theme,
  problems,
  onCanvasOverlay,
  onExport,
  onMessage,
}: RunsDockProps) {
  const [tab, setTab] = useState<AnalysisTab>('Results');
  const [resultsRunId, setResultsRunId] = useState<number | null>(null);
  const [compareIds, setCompareIds] = useState<readonly number[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [heatMetric, setHeatMetric] = useState<HeatMetric | null>(null);
  const [replayFrame, setReplayFrame] = useState<ReplayFrame | null>(null);
  /** Runs started from the Run panel: the last of them to finish opens in Results. */
  const started = useRef(new Set<number>());
  /** The architecture each run started here is of: its live numbers are painted only on it. */
  const [startedArchs, setStartedArchs] = useState<ReadonlyMap<number, string>>(new Map());

  const feed = useRunsFeed(
    api,
    useCallback((finished: { runId: number; status: string }) => {
      if (!started.current.has(finished.runId)) return;
      started.current.delete(finished.runId);
      if (finished.status === 'done') {
        setResultsRunId(finished.runId);
        setTab('Results');
      }
    }, []),
  );

  const results = useCompletedRuns(api, resultsRunId === null ? [] : [resultsRunId]);
  const compared = useCompletedRuns(api, compareIds);
  const resultsRun = results.runs?.[0] ?? null;

  // The canvas paints the replayed second while Replay is open, else the chosen heat.
  const heat = useMemo(
    () => (resultsRun && heatMetric ? heatOfResult(resultsRun.result, heatMetric) : null),
    [resultsRun, heatMetric],
  );
  // While a run goes, the canvas shows its live numbers (unless a replay is open).
  const live = useMemo(() => {
    let latest: { runId: number; live: LiveNumbers } | null = null;
    for (const [runId, sample] of feed.progress) {
      const arch = startedArchs.get(runId);
      if (arch !== undefined && openArch !== null && arch !== openArch) continue;
      if (sample.live && (latest === null || runId > latest.runId)) latest = { runId, live: sample.live };
    }
    return latest;
  }, [feed.progress, startedArchs, openArch]);
  // A run of another architecture (another document opened since) is not painted on this one:
  // services of the same name would get its numbers.
  const otherArch = resultsRun !== null && openArch !== null && resultsRun.arch !== openArch;
  useEffect(() => {
    const replaying = tab === 'Replay' && replayFrame !== null;
    const ofResultsRun = replaying || (live === null && heat !== null);
    if (ofResultsRun && otherArch && resultsRun)
      onCanvasOverlay(otherArchitectureOverlay(resultsRun.id, resultsRun.arch));
    else if (replaying) onCanvasOverlay(replayOverlay(replayFrame));
    else if (live) onCanvasOverlay(liveOverlay(live.runId, live.live));
    else onCanvasOverlay(heat ? heatOverlay(heat) : null);
  }, [tab, replayFrame, heat, live, otherArch, resultsRun, onCanvasOverlay]);

  const exportChart = useCallback(
    (svg: string, fileName: string) => onExport('svg', svg, fileName),
    [onExport],
  );

  const open = (runId: number, where: AnalysisTab = 'Results') => {
    setResultsRunId(runId);
    setTab(where);
  };
  const compare = (runIds: readonly number[]) => {
    setCompareIds(runIds);
    setTab('Compare');
  };
  const compareWithPrevious = async () => {
    if (!resultsRun) return;
    const list = await api['runs.list']({ arch: resultsRun.arch, status: 'done', limit: 1000 });
    const previous = list.runs.find((run) => run.id < resultsRun.id);
    if (previous) compare([previous.id, resultsRun.id]);
    else onMessage(`There is no earlier finished run of ${resultsRun.arch} to compare with.`);
  };

  return (
    <Group orientation="horizontal" id="archsim-runs">
      <Panel id="problems-run" defaultSize="22%" minSize="220px">
        <div className="dock-column">
          {problems}
          {/* Always mounted: it keeps its form and live runs while documents change. */}
          <RunPanel
            api={api}
            feed={feed}
            commands={commands}
            onStateChange={onRunStateChange}
            document={document}
            label={label}
            onStarted={(ids) => {
              for (const id of ids) started.current.add(id);
              const arch = document?.arch;
              if (arch !== undefined)
                setStartedArchs((known) => new Map([...known, ...ids.map((id) => [id, arch] as const)]));
            }}
          />
        </div>
      </Panel>
      <Separator className="separator" />
      <Panel id="history" defaultSize="30%" minSize="260px">
        <HistoryPanel
          api={api}
          revision={feed.revision}
          selected={selected}
          onSelectionChange={setSelected}
          onCompare={compare}
          onOpen={(runId) => open(runId)}
          openRunId={resultsRunId}
          onMessage={onMessage}
        />
      </Panel>
      <Separator className="separator" />
      <Panel id="analysis" minSize="320px">
        <div className="analysis">
          <div className="analysis-tabs" role="tablist" aria-label="Run views">
            {ANALYSIS_TABS.map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={`analysis-tab-${name}`}
                aria-selected={tab === name}
                aria-controls={`analysis-panel-${name}`}
                onClick={() => setTab(name)}
              >
                {name}
              </button>
            ))}
          </div>
          <div
            className="analysis-body"
            role="tabpanel"
            id={`analysis-panel-${tab}`}
            aria-labelledby={`analysis-tab-${tab}`}
          >
            {tab === 'Results' && (
              <ResultsPanel
                run={resultsRun}
                error={results.error}
                theme={theme}
                heat={heatMetric}
                onHeatChange={setHeatMetric}
                onCompareWithPrevious={resultsRun ? () => void compareWithPrevious() : null}
                onTraces={() => setTab('Traces')}
                onReplay={() => setTab('Replay')}
                onExportChart={exportChart}
              />
            )}
            {tab === 'Compare' && (
              <ComparePanel
                runs={compareIds.length > 0 ? compared.runs : null}
                error={compared.error}
                theme={theme}
                onExportChart={exportChart}
              />
            )}
            {tab === 'Replay' && (
              <ReplayPanel
                run={resultsRun}
                theme={theme}
                onFrame={setReplayFrame}
                onExportChart={exportChart}
              />
            )}
            {tab === 'Traces' && (
              <TracesPanel run={resultsRun} onExport={(json, fileName) => onExport('json', json, fileName)} />
            )}
          </div>
        </div>
      </Panel>
    </Group>
  );
}
