/**
 * The "Compare" region: two or more stored runs side by side — per entry and per service the
 * requests, errors and percentiles of each run with each later run's change from the first
 * (absolute and relative, green where it is better, red where it is worse), what differs between
 * their documents and options, and their spectra and timelines overlaid. A same-seed comparison
 * is labelled as such. The numbers are the stored ones.
 */
import type { Theme } from '@shared/commands.ts';
import {
  MEASURES,
  MEASURE_LABELS,
  compareEntries,
  compareServices,
  deltaOf,
  diffDocuments,
  diffOptions,
  documentDifferenceParts,
  lowerIsBetter,
  measuredValue,
  sameSeed,
  type ComparedItem,
  type DocumentDifference,
  type Measure,
} from '@shared/run-comparison.ts';
import { ChartsSection } from './ChartsSection.tsx';
import { formatCount, formatMs, formatSigned } from './format.ts';
import type { CompletedRun } from './use-run-details.ts';

export interface ComparePanelProps {
  readonly runs: readonly CompletedRun[] | null;
  readonly error: string | null;
  readonly theme: Theme;
  readonly onExportChart: (svg: string, name: string) => void;
}

const formatValue = (measure: Measure, value: number) =>
  measure === 'requests' || measure === 'errors' ? formatCount(value) : formatMs(value);

export function ComparePanel({ runs, error, theme, onExportChart }: ComparePanelProps) {
  if (error) {
    return (
      <section className="compare-panel" aria-label="Compare">
        <p className="run-error" role="alert">
          {error}
        </p>
      </section>
    );
  }
  if (!runs) {
    return (
      <section className="compare-panel" aria-label="Compare">
        <p className="muted">Check two or more runs in the History and press Compare.</p>
      </section>
    );
  }
  const results = runs.map((run) => run.result);
  const first = runs[0] as CompletedRun;
  const seeds = sameSeed(results);
  return (
    <section className="compare-panel" aria-label="Compare">
      <header className="results-heading">
        <h2>Runs {runs.map((run) => `#${run.id}`).join(', ')}</h2>
        <span className={seeds ? 'compare-seed same-seed' : 'compare-seed'}>
          {seeds
            ? `Same seed (${first.result.options.seed}): the same random draws, so the differences come from the documents and options.`
            : `Different seeds (${results.map((result) => result.options.seed).join(', ')}): part of each difference is chance.`}
        </span>
      </header>
      <ul className="compare-differences" aria-label="Differences">
        {runs.slice(1).map((run) => (
          <li key={run.id}>
            <strong>
              #{run.id} against #{first.id}:
            </strong>{' '}
            {describeDocument(diffDocuments(first.document, run.document))};{' '}
            {describeOptions(diffOptions(first.result, run.result))}
          </li>
        ))}
      </ul>
      <h3 className="section-title">Entries</h3>
      {compareEntries(results).map((item) => (
        <CompareTable key={item.name} kind="Entry" item={item} runs={runs} />
      ))}
      <h3 className="section-title">Services</h3>
      {compareServices(results).map((item) => (
        <CompareTable key={item.name} kind="Service" item={item} runs={runs} />
      ))}
      <ChartsSection runs={runs} theme={theme} onExport={onExportChart} />
    </section>
  );
}

function CompareTable({
  kind,
  item,
  runs,
}: {
  readonly kind: string;
  readonly item: ComparedItem;
  readonly runs: readonly CompletedRun[];
}) {
  const base = item.runs[0];
  return (
    <table className="results-table compare-table" aria-label={`${kind} ${item.name}`}>
      <caption>
        {kind} <strong>{item.name}</strong>
      </caption>
      <thead>
        <tr>
          <th scope="col">Measure</th>
          {runs.map((run, index) => (
            <th key={run.id} scope="col" className="number" colSpan={index === 0 ? 1 : 3}>
              Run #{run.id}
              {index > 0 && <span className="muted"> · Δ · Δ%</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {MEASURES.map((measure) => (
          <tr key={measure}>
            <th scope="row">{MEASURE_LABELS[measure]}</th>
            {item.runs.map((values, index) => {
              const value = measuredValue(values, measure);
              if (index === 0) {
                return (
                  <td key={index} className="number">
                    {value === undefined ? '—' : formatValue(measure, value)}
                  </td>
                );
              }
              const baseValue = measuredValue(base, measure);
              const delta = value !== undefined && baseValue !== undefined ? deltaOf(baseValue, value) : null;
              const tone =
                delta === null || delta.absolute === 0 || !lowerIsBetter(measure)
                  ? ''
                  : delta.absolute < 0
                    ? 'delta-better'
                    : 'delta-worse';
              return [
                <td key={`${index}-value`} className="number">
                  {value === undefined ? '—' : formatValue(measure, value)}
                </td>,
                <td key={`${index}-delta`} className={`number ${tone}`} data-delta={delta?.absolute}>
                  {delta === null ? '—' : formatSigned(delta.absolute, (size) => formatValue(measure, size))}
                </td>,
                <td key={`${index}-relative`} className={`number ${tone}`}>
                  {delta?.relative === null || delta === null
                    ? '—'
                    : formatSigned(delta.relative * 100, (size) => `${size.toFixed(1)} %`)}
                </td>,
              ];
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function describeDocument(difference: DocumentDifference): string {
  if (difference.sameDocument) return 'same document';
  const parts = documentDifferenceParts(difference);
  return parts.length === 0 ? 'document differs' : `document differs — ${parts.join('; ')}`;
}

function describeOptions(differences: readonly { option: string; from: unknown; to: unknown }[]): string {
  if (differences.length === 0) return 'same options';
  const value = (item: unknown) => (item === null ? 'none' : String(item));
  return `options: ${differences.map((difference) => `${difference.option} ${value(difference.from)} → ${value(difference.to)}`).join(', ')}`;
}
