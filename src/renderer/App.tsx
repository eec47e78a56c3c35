/**
 * The studio shell: pick an example architecture, see its services and every problem the
 * validator finds, edit its JSON (validated as you type), and run it (the Run panel). The canvas,
 * compare, replay and the rest of DESIGN.md §5 build on this.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo, ArchsimApi, ExampleSummary } from '@shared/ipc/contract.ts';
import { formatJsonPath, type Problem } from '@shared/document/problems.ts';
import { validateDocumentText } from '@shared/document/validate.ts';
import { offsetOf, viewDocument, type ServiceRow } from './document-view.ts';
import { RunPanel } from './RunPanel.tsx';

export interface AppProps {
  readonly api: ArchsimApi;
}

/** The document in the editor: which example it came from and its (possibly edited) text. */
interface OpenDocument {
  readonly exampleId: string;
  readonly text: string;
  readonly edited: boolean;
}

export function App({ api }: AppProps) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [examples, setExamples] = useState<readonly ExampleSummary[] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [open, setOpen] = useState<OpenDocument | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    let current = true;
    Promise.all([api['app.info'](), api['examples.list']()]).then(
      ([appInfo, list]) => {
        if (!current) return;
        setInfo(appInfo);
        setExamples(list);
        setSelectedId((selected) => selected ?? list[0]?.id ?? null);
      },
      (error: unknown) => current && setFailure(messageOf(error)),
    );
    return () => {
      current = false;
    };
  }, [api]);

  useEffect(() => {
    if (selectedId === null) return;
    let current = true;
    api['examples.read'](selectedId).then(
      (example) => current && setOpen({ exampleId: example.id, text: example.text, edited: false }),
      (error: unknown) => current && setFailure(messageOf(error)),
    );
    return () => {
      current = false;
    };
  }, [api, selectedId]);

  const text = useDeferredValue(open?.text ?? null);
  const validation = useMemo(() => (text === null ? null : validateDocumentText(text)), [text]);

  // Invalid JSON keeps the last view that parsed, so a half-typed edit does not blank the page.
  const [lastValue, setLastValue] = useState<unknown>(undefined);
  if (validation && validation.value !== undefined && validation.value !== lastValue) {
    setLastValue(validation.value);
  }
  const view = useMemo(() => viewDocument(lastValue), [lastValue]);
  const stale = validation !== null && validation.value === undefined;
  const loading = selectedId !== null && open?.exampleId !== selectedId;
  const ready = selectedId !== null && !loading && validation !== null;

  const showProblem = (problem: Problem) => {
    const area = editor.current;
    if (!area || problem.line === undefined) return;
    const offset = offsetOf(area.value, problem.line, problem.column ?? 1);
    area.focus();
    area.setSelectionRange(offset, offset);
    const lineHeight = Number.parseFloat(getComputedStyle(area).lineHeight) || 18;
    area.scrollTop = Math.max(0, (problem.line - 4) * lineHeight);
  };

  const selected = examples?.find((example) => example.id === selectedId);
  const errors = validation?.problems.filter((problem) => problem.severity === 'error').length ?? 0;
  const warnings = (validation?.problems.length ?? 0) - errors;

  return (
    <div className="app">
      <header className="topbar">
        <span className="wordmark">archsim</span>
        {info && (
          <span className="topbar-meta">
            <span>v{info.version}</span>
            <span className="shell-badge">{info.shell === 'electron' ? 'desktop' : 'web host'}</span>
          </span>
        )}
      </header>

      {failure && (
        <div className="banner" role="alert">
          {failure}
        </div>
      )}

      <div className="workspace">
        <nav className="sidebar" aria-label="Examples">
          <h2 className="section-title">Examples</h2>
          {examples === null ? (
            <p className="muted">Loading…</p>
          ) : examples.length === 0 ? (
            <p className="muted">No examples found in resources/examples.</p>
          ) : (
            <ul className="example-list">
              {examples.map((example) => (
                <li key={example.id}>
                  <button
                    type="button"
                    className="example"
                    aria-pressed={example.id === selectedId}
                    onClick={() => {
                      setFailure(null);
                      setSelectedId(example.id);
                    }}
                  >
                    <span className="example-title">{example.title}</span>
                    <span className="example-id">{example.id}.json</span>
                    {example.description && (
                      <span className="example-description">{example.description}</span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </nav>

        <main className="content">
          {selectedId === null ? (
            <p className="muted">Pick an example to open it.</p>
          ) : ready ? (
            <section className="overview" aria-label="Document">
              <h1>{view.title ?? selected?.title ?? selectedId}</h1>
              {view.description && <p className="description">{view.description}</p>}
              <p className="stats">
                <span>{plural(view.services.length, 'service')}</span>
                <span className={errors > 0 ? 'count-error' : undefined}>{plural(errors, 'error')}</span>
                <span className={warnings > 0 ? 'count-warning' : undefined}>
                  {plural(warnings, 'warning')}
                </span>
                {validation.migratedFrom === 0 && <span>spigo format</span>}
                {open?.edited && <span>edited</span>}
              </p>
            </section>
          ) : (
            <p className="muted">Loading {selected?.title ?? selectedId}…</p>
          )}

          {/* Outside the conditionals: it stays mounted (and keeps its form) while examples load. */}
          <RunPanel
            api={api}
            document={ready ? validation.document : null}
            label={`${selected?.title ?? selectedId ?? 'document'}${open?.edited ? ' (edited)' : ''}`}
          />

          {ready && (
            <>
              <section aria-labelledby="services-heading">
                <h2 id="services-heading" className="section-title">
                  Services
                </h2>
                {stale && (
                  <p className="notice">
                    The JSON does not parse; showing the services from the last text that did.
                  </p>
                )}
                <ServicesTable services={view.services} />
              </section>

              <section aria-labelledby="problems-heading">
                <h2 id="problems-heading" className="section-title">
                  Problems
                </h2>
                <ProblemList problems={validation.problems} onSelect={showProblem} />
              </section>
            </>
          )}
        </main>

        <section className="editor-pane" aria-label="Document JSON">
          <label htmlFor="document-json" className="section-title">
            Document JSON
          </label>
          <textarea
            id="document-json"
            ref={editor}
            className="editor"
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            wrap="off"
            disabled={open === null}
            value={open?.text ?? ''}
            onChange={(event) => {
              const next = event.target.value;
              setOpen((current) => current && { ...current, text: next, edited: true });
            }}
          />
        </section>
      </div>
    </div>
  );
}

function ServicesTable({ services }: { readonly services: readonly ServiceRow[] }) {
  if (services.length === 0) return <p className="muted">No services.</p>;
  return (
    <table className="services" aria-labelledby="services-heading">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Package</th>
          <th scope="col" className="number">
            Count
          </th>
          <th scope="col" className="number">
            Regions
          </th>
          <th scope="col">Dependencies</th>
        </tr>
      </thead>
      <tbody>
        {services.map((service) => (
          <tr key={service.index}>
            <th scope="row" className="service-name">
              {service.name ?? <span className="muted">(unnamed)</span>}
            </th>
            <td>{service.packageName ?? <span className="muted">—</span>}</td>
            <td className="number">{service.count ?? <span className="muted">—</span>}</td>
            <td className="number">{service.regions ?? <span className="muted">—</span>}</td>
            <td className="dependencies">
              {service.dependencies.length === 0 ? (
                <span className="muted">none</span>
              ) : (
                service.dependencies.join(', ')
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProblemList({
  problems,
  onSelect,
}: {
  readonly problems: readonly Problem[];
  readonly onSelect: (problem: Problem) => void;
}) {
  if (problems.length === 0) return <p className="no-problems">No problems found.</p>;
  return (
    <ul className="problems" aria-labelledby="problems-heading">
      {problems.map((problem, index) => (
        <li key={index} className={`problem problem-${problem.severity}`}>
          <button type="button" className="problem-button" onClick={() => onSelect(problem)}>
            <span className={`severity severity-${problem.severity}`}>{problem.severity}</span>
            <code className="problem-path">{formatJsonPath(problem.path)}</code>
            <span className="problem-location">
              {problem.line === undefined ? '' : `${problem.line}:${problem.column ?? 1}`}
            </span>
            <span className="problem-message">{problem.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
