/**
 * The "Results" region: one stored run — per entry and per service the requests, errors by cause,
 * p50, p90, p99, p99.9, max and utilisation (sortable), SLOs passed or failed, the latency
 * distributions and timelines, and the heat overlay on the canvas. The numbers are the stored ones.
 */
import { useMemo, type ReactNode } from 'react';
import { ERROR_CAUSES, type EntryResult, type ServiceResult } from '@shared/results.ts';
import { evaluateSlos } from '@shared/slo.ts';
import type { Theme } from '@shared/commands.ts';
import { ChartsSection } from './ChartsSection.tsx';
import { formatCount, formatLatency, formatPercent } from './format.ts';
import { HEAT_METRICS, HEAT_METRIC_LABELS, type HeatMetric } from './heat.ts';
import { SortableTable, type Column } from './SortableTable.tsx';
import type { CompletedRun } from './use-run-details.ts';

export interface ResultsPanelProps {
  readonly run: CompletedRun | null;
  readonly error: string | null;
  readonly theme: Theme;
  readonly heat: HeatMetric | null;
  readonly onHeatChange: (metric: HeatMetric | null) => void;
  /** Compare this run with the one before it of the same document; null when there is none. */
  readonly onCompareWithPrevious: (() => void) | null;
  readonly onTraces: () => void;
  readonly onReplay: () => void;
  readonly onExportChart: (svg: string, name: string) => void;
}

const latencyColumns = <Row,>(summary: (row: Row) => EntryResult['responseMs']): Column<Row>[] =>
  (
    [
      ['p50', 'p50 ms'],
      ['p90', 'p90 ms'],
      ['p99', 'p99 ms'],
      ['p999', 'p99.9 ms'],
      ['max', 'max ms'],
    ] as const
  ).map(([key, label]) => ({
    key,
    label,
    numeric: true,
    value: (row: Row) => summary(row)[key],
    render: (row: Row) => formatLatency(summary(row), key),
  }));

function causesText(service: ServiceResult): string {
  const parts = ERROR_CAUSES.flatMap((cause) => {
    const count = service.errorsByCause[cause] ?? 0;
    return count > 0 ? [`${cause} ${formatCount(count)}`] : [];
  });
  return parts.join(' · ');
}

export function ResultsPanel({
  run,
  error,
  theme,
  heat,
  onHeatChange,
  onCompareWithPrevious,
  onTraces,
  onReplay,
  onExportChart,
}: ResultsPanelProps) {
  const slos = useMemo(() => (run ? evaluateSlos(run.result) : []), [run]);
  const entryColumns = useMemo<Column<EntryResult>[]>(
    () => [
      { key: 'name', label: 'Entry', value: (entry) => entry.name },
      {
        key: 'requests',
        label: 'Requests',
        numeric: true,
        value: (entry) => entry.requests,
        render: (entry) => formatCount(entry.requests),
      },
      {
        key: 'errors',
        label: 'Errors',
        numeric: true,
        value: (entry) => entry.errors,
        render: (entry) => formatCount(entry.errors),
      },
      ...latencyColumns<EntryResult>((entry) => entry.responseMs),
    ],
    [],
  );
  const serviceColumns = useMemo<Column<ServiceResult>[]>(() => {
    const byService = new Map<string, typeof slos>();
    for (const outcome of slos)
      byService.set(outcome.slo.service, [...(byService.get(outcome.slo.service) ?? []), outcome]);
    const columns: Column<ServiceResult>[] = [
      { key: 'name', label: 'Service', value: (service) => service.name },
      { key: 'package', label: 'Package', value: (service) => service.packageName },
      {
        key: 'requests',
        label: 'Requests',
        numeric: true,
        value: (service) => service.requests,
        render: (service) => formatCount(service.requests),
      },
      {
        key: 'errors',
        label: 'Errors',
        numeric: true,
        value: (service) => service.errors,
        render: (service) => formatCount(service.errors),
        title: (service) => causesText(service) || undefined,
      },
      { key: 'causes', label: 'Errors by cause', value: (service) => causesText(service) },
      ...latencyColumns<ServiceResult>((service) => service.latencyMs),
      {
        key: 'utilisation',
        label: 'Util %',
        numeric: true,
        value: (service) => service.utilisation,
        render: (service) => formatPercent(service.utilisation),
      },
    ];
    if (slos.length > 0) {
      columns.push({
        key: 'slo',
        label: 'SLO',
        value: (service) => sloState(byService.get(service.name)),
        render: (service) => {
          const outcomes = byService.get(service.name);
          if (!outcomes) return <span className="muted">—</span>;
          const pass = outcomes.every((outcome) => outcome.pass);
          return <span className={pass ? 'slo-pass' : 'slo-fail'}>{pass ? 'pass' : 'fail'}</span>;
        },
        title: (service) =>
          byService
            .get(service.name)
            ?.map((outcome) => outcome.text)
            .join('\n'),
      });
    }
    return columns;
  }, [slos]);

  if (error) {
    return (
      <section className="results-panel" aria-label="Results">
        <p className="run-error" role="alert">
          {error}
        </p>
      </section>
    );
  }
  if (!run) {
    return (
      <section className="results-panel" aria-label="Results">
        <p className="muted">Run the document, or open a run from the History, to see its results here.</p>
      </section>
    );
  }
  const { result } = run;
  return (
    <section className="results-panel" aria-label="Results">
      <header className="results-heading">
        <h2>
          Run #{run.id} <span className="muted">{run.label ?? result.arch}</span>
        </h2>
        <span className="results-facts">
          {fact('scenario', result.scenario ?? 'none')}
          {fact('seed', String(result.options.seed))}
          {fact('duration', `${result.options.durationS} s`)}
          {fact('rate', `${formatCount(result.options.rate)} req/s`)}
          {fact('requests', formatCount(result.summary.requests))}
          {fact('errors', formatCount(result.summary.errors))}
        </span>
        <span className="results-actions">
          <label className="results-heat">
            <span>Heat</span>
            <select
              aria-label="Heat overlay"
              value={heat ?? ''}
              onChange={(event) =>
                onHeatChange(event.target.value === '' ? null : (event.target.value as HeatMetric))
              }
            >
              <option value="">off</option>
              {HEAT_METRICS.map((metric) => (
                <option key={metric} value={metric}>
                  {HEAT_METRIC_LABELS[metric]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={onTraces}>
            Traces
          </button>
          <button type="button" onClick={onReplay}>
            Replay
          </button>
          {onCompareWithPrevious && (
            <button type="button" onClick={onCompareWithPrevious}>
              Compare with previous run
            </button>
          )}
        </span>
      </header>
      {slos.length > 0 && (
        <ul className="slo-list" aria-label="Service level objectives">
          {slos.map((outcome, index) => (
            <li key={index} className={outcome.pass ? 'slo-pass' : 'slo-fail'}>
              {outcome.pass ? '✓' : '✗'} {outcome.slo.service}: {outcome.text}
            </li>
          ))}
        </ul>
      )}
      <SortableTable
        label="Entries"
        columns={entryColumns}
        rows={result.entries}
        rowKey={(entry) => entry.name}
      />
      <SortableTable
        label="Services"
        columns={serviceColumns}
        rows={result.services}
        rowKey={(service) => service.name}
      />
      <ChartsSection runs={[run]} theme={theme} onExport={onExportChart} />
    </section>
  );
}

function sloState(outcomes: readonly { pass: boolean }[] | undefined): string {
  if (!outcomes) return '';
  return outcomes.every((outcome) => outcome.pass) ? 'pass' : 'fail';
}

function fact(name: string, value: string): ReactNode {
  return (
    <span className="results-fact">
      <span className="muted">{name}</span> {value}
    </span>
  );
}
