/**
 * The charts of one run, or of several overlaid (Compare): the HDR percentile spectrum, the
 * latency histogram and the per-second timeline, for an entry, a service or a dependency edge
 * (response, service or network time). Drawn by the same pure functions `archsim export|compare
 * --chart` uses (src/shared/charts), and each exports as a standalone SVG file.
 */
import { useMemo, useState } from 'react';
import type { Theme } from '@shared/commands.ts';
import {
  TIMELINE_METRICS,
  TIMELINE_METRIC_LABELS,
  failureWindows,
  renderHistogramSvg,
  renderSpectrumSvg,
  renderTimelineSvg,
  sharedHistogramBins,
  spectrumPoints,
  timelinePanel,
  type TimelineMetric,
} from '@shared/charts/index.ts';
import type { RunResult } from '@shared/results.ts';
import type { CompletedRun } from './use-run-details.ts';

export const CHART_KINDS = ['spectrum', 'histogram', 'timeline'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];
const CHART_LABELS: Readonly<Record<ChartKind, string>> = {
  spectrum: 'Percentile spectrum',
  histogram: 'Histogram',
  timeline: 'Timeline',
};

export const EDGE_TIMES = ['response', 'service', 'network'] as const;
export type EdgeTime = (typeof EDGE_TIMES)[number];

/** What a chart is of: `entry:NAME`, `service:NAME` or `edge:CALLER->CALLEE`. */
type Subject = string;

function subjectsOf(result: RunResult): { value: Subject; label: string }[] {
  return [
    ...result.entries.map((entry) => ({ value: `entry:${entry.name}`, label: `entry ${entry.name}` })),
    ...result.services.map((service) => ({
      value: `service:${service.name}`,
      label: `service ${service.name}`,
    })),
    ...result.edges.map((edge) => ({
      value: `edge:${edge.caller}->${edge.callee}`,
      label: `edge ${edge.caller} → ${edge.callee}`,
    })),
  ];
}

/** The stored histogram of a subject in a run (undefined when the run does not have it). */
function histogramOf(result: RunResult, subject: Subject, time: EdgeTime): string | undefined {
  const [kind, ...rest] = subject.split(':');
  const name = rest.join(':');
  if (kind === 'entry') return result.histograms.entries[name];
  if (kind === 'service') return result.histograms.services[name];
  return result.histograms.edges[name]?.[time];
}

export interface ChartsSectionProps {
  readonly runs: readonly CompletedRun[];
  readonly theme: Theme;
  readonly onExport: (svg: string, fileName: string) => void;
  /** Replay's cursor on the timeline (seconds), if any. */
  readonly cursorS?: number | null;
  /** The chart shown first (replay starts on the timeline). */
  readonly initialKind?: ChartKind;
}

export function ChartsSection({
  runs,
  theme,
  onExport,
  cursorS = null,
  initialKind = 'spectrum',
}: ChartsSectionProps) {
  const first = runs[0] as CompletedRun;
  const subjects = useMemo(() => subjectsOf(first.result), [first]);
  const [kind, setKind] = useState<ChartKind>(initialKind);
  const [chosenSubject, setSubject] = useState<Subject>('');
  const [time, setTime] = useState<EdgeTime>('response');
  const [metric, setMetric] = useState<TimelineMetric>('p99');
  const subject = subjects.some((item) => item.value === chosenSubject)
    ? chosenSubject
    : (subjects[0]?.value ?? '');
  const isEdge = subject.startsWith('edge:');
  const overlay = runs.length > 1;
  const subjectLabel = subjects.find((item) => item.value === subject)?.label ?? subject;

  const render = (forFile: boolean): string => {
    const common = {
      theme,
      xmlDeclaration: forFile,
      subtitle: overlay
        ? `${subjectLabel}${isEdge ? ` · ${time} time` : ''}`
        : `run #${first.id} · ${first.result.arch} · ${subjectLabel}${isEdge ? ` · ${time} time` : ''}`,
    };
    const seriesName = (run: CompletedRun) => (overlay ? `run #${run.id}` : subjectLabel);
    if (kind === 'spectrum') {
      return renderSpectrumSvg(
        runs.flatMap((run) => {
          const encoded = histogramOf(run.result, subject, time);
          return encoded ? [{ name: seriesName(run), points: spectrumPoints(encoded) }] : [];
        }),
        common,
      );
    }
    if (kind === 'histogram') {
      const present = runs.filter((run) => histogramOf(run.result, subject, time) !== undefined);
      const bins = sharedHistogramBins(
        present.map((run) => histogramOf(run.result, subject, time) as string),
      );
      return renderHistogramSvg(
        present.map((run, index) => ({ name: seriesName(run), bins: bins[index] ?? [] })),
        common,
      );
    }
    const [subjectKind, ...rest] = subject.split(':');
    const name = rest.join(':');
    const panels = runs.map((run) =>
      timelinePanel(run.result, metric, {
        kind: subjectKind === 'entry' ? 'entries' : 'services',
        names: [isEdge ? (name.split('->')[1] ?? name) : name],
        prefix: overlay ? `run #${run.id} · ` : '',
      }),
    );
    return renderTimelineSvg(
      { metric, series: panels.flatMap((panel) => panel.series) },
      {
        ...common,
        subtitle: isEdge ? `${common.subtitle} (the callee's timeline)` : common.subtitle,
        bucketSeconds: first.result.timeline.bucketSeconds,
        windows: failureWindows(first.result),
        cursorS,
      },
    );
  };
  // The chart is drawn again only when what it shows changes.
  const svg = useMemo(() => render(false), [runs, kind, subject, time, metric, theme, cursorS]);

  return (
    <section className="charts-section" aria-label="Charts">
      <div className="charts-controls">
        <div className="segmented" role="group" aria-label="Chart">
          {CHART_KINDS.map((chart) => (
            <button key={chart} type="button" aria-pressed={kind === chart} onClick={() => setKind(chart)}>
              {CHART_LABELS[chart]}
            </button>
          ))}
        </div>
        <label className="history-filter">
          <span>Of</span>
          <select
            aria-label="Chart subject"
            value={subject}
            onChange={(event) => setSubject(event.target.value)}
          >
            {subjects.map((item) => (
              <option key={item.value} value={item.value}>
                {item.label}
              </option>
            ))}
          </select>
        </label>
        {isEdge && kind !== 'timeline' && (
          <label className="history-filter">
            <span>Time</span>
            <select
              aria-label="Edge time"
              value={time}
              onChange={(event) => setTime(event.target.value as EdgeTime)}
            >
              {EDGE_TIMES.map((item) => (
                <option key={item} value={item}>
                  {item}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'timeline' && (
          <label className="history-filter">
            <span>Metric</span>
            <select
              aria-label="Timeline metric"
              value={metric}
              onChange={(event) => setMetric(event.target.value as TimelineMetric)}
            >
              {TIMELINE_METRICS.map((item) => (
                <option key={item} value={item}>
                  {TIMELINE_METRIC_LABELS[item].name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          onClick={() =>
            onExport(
              render(true),
              `${overlay ? `runs-${runs.map((run) => run.id).join('-')}` : `run-${first.id}`}-${kind}.svg`,
            )
          }
        >
          Export chart as SVG
        </button>
      </div>
      <div className="chart" data-chart={kind} dangerouslySetInnerHTML={{ __html: svg }} />
    </section>
  );
}
