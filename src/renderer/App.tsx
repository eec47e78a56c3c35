/**
 * The studio shell: the current document — opened from a file, an example, New, an upload or a
 * restored autosave — with its services, every problem the validator finds and its JSON (edited
 * and validated as you type), and runs of it (the Run panel). The document's text is the source
 * of truth; it is dirty until saved, which the title shows ("• name — archsim"), and autosaved
 * while it is. Commands come from the registry (src/shared/commands.ts): the desktop's menu
 * sends them (`commands.invoke`), the web host has a menu bar and the keyboard shortcuts here.
 * The canvas, compare, replay and the rest of DESIGN.md §5 build on this.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import type { AppInfo, ArchsimApi, ExampleSummary } from '@shared/ipc/contract.ts';
import type { CommandId, CommandInvocation, StudioState, Theme } from '@shared/commands.ts';
import {
  MAX_DOCUMENT_CHARS,
  documentTitle,
  formatDocumentText,
  importProblem,
  suggestedFileName,
  type AutosaveOffer,
} from '@shared/documents.ts';
import { formatJsonPath, type Problem } from '@shared/document/problems.ts';
import { validateDocumentText } from '@shared/document/validate.ts';
import { CommandRunner, detectKeyPlatform, useKeyboardShortcuts } from './commands.ts';
import {
  afterSave,
  downloadText,
  exampleDocument,
  isDirty,
  newDocument,
  openedDocument,
  restoredDocument,
  uploadedDocument,
  type CurrentDocument,
} from './current-document.ts';
import { AboutDialog, SavePrompt, ShortcutsDialog, type SaveChoice } from './Dialogs.tsx';
import { offsetOf, viewDocument, type ServiceRow } from './document-view.ts';
import { MenuBar } from './MenuBar.tsx';
import { RunPanel, type RunPanelState } from './RunPanel.tsx';

export interface AppProps {
  readonly api: ArchsimApi;
}

/** Unsaved changes are autosaved this long after the last edit… */
export const AUTOSAVE_DELAY_MS = 5000;
/** …or this long after the first one not yet autosaved, for someone who never pauses. */
export const AUTOSAVE_MAX_DELAY_MS = 30_000;

/** Panels and theme, kept in the browser's storage between sessions. */
interface ViewSettings {
  readonly panels: { readonly examples: boolean; readonly editor: boolean };
  readonly theme: Theme;
}

const VIEW_STORAGE_KEY = 'archsim.view';

function loadViewSettings(): ViewSettings {
  const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  const fallback: ViewSettings = {
    panels: { examples: true, editor: true },
    theme: prefersDark ? 'dark' : 'light',
  };
  try {
    const stored = JSON.parse(
      window.localStorage.getItem(VIEW_STORAGE_KEY) ?? 'null',
    ) as Partial<ViewSettings> | null;
    return {
      panels: {
        examples: stored?.panels?.examples !== false,
        editor: stored?.panels?.editor !== false,
      },
      theme: stored?.theme === 'dark' || stored?.theme === 'light' ? stored.theme : fallback.theme,
    };
  } catch {
    return fallback;
  }
}

interface PendingPrompt {
  readonly name: string;
  readonly action: string;
  readonly resolve: (choice: SaveChoice) => void;
}

interface Message {
  readonly level: 'info' | 'error';
  readonly text: string;
}

export function App({ api }: AppProps) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [examples, setExamples] = useState<readonly ExampleSummary[] | null>(null);
  const [current, setCurrent] = useState<CurrentDocument | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [restoreOffer, setRestoreOffer] = useState<AutosaveOffer | null>(null);
  const [prompt, setPrompt] = useState<PendingPrompt | null>(null);
  const [dialog, setDialog] = useState<'shortcuts' | 'about' | null>(null);
  const [view, setView] = useState<ViewSettings>(loadViewSettings);
  const [runState, setRunState] = useState<RunPanelState>({ canStart: false, canCancel: false });
  const runner = useMemo(() => new CommandRunner(), []);
  const platform = useMemo(detectKeyPlatform, []);
  const shell = info?.shell ?? null;
  const editor = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const uploadPurpose = useRef<'open' | 'import'>('open');
  const currentRef = useRef(current);
  currentRef.current = current;
  const autosaved = useRef(false);
  /** When the oldest change not yet autosaved was made; null when there is none. */
  const unsavedSince = useRef<number | null>(null);

  const fail = useCallback((error: unknown) => setMessage({ level: 'error', text: messageOf(error) }), []);
  const tell = useCallback((text: string) => setMessage({ level: 'info', text }), []);

  // Start: the file the OS or the command line asked for, else the first example; and an
  // autosave a previous session left, offered for restoring.
  useEffect(() => {
    let live = true;
    (async () => {
      const [appInfo, list] = await Promise.all([api['app.info'](), api['examples.list']()]);
      if (!live) return;
      setInfo(appInfo);
      setExamples(list);
      const [pending, offer] = await Promise.all([
        api['documents.takePending']().catch((error: unknown) => {
          fail(error);
          return null;
        }),
        api['documents.restoreOffer']().catch(() => null),
      ]);
      if (!live) return;
      setRestoreOffer(offer);
      if (pending) {
        setCurrent((existing) => existing ?? openedDocument(pending));
        return;
      }
      const first = list[0];
      if (first === undefined) {
        setCurrent((existing) => existing ?? newDocument());
        return;
      }
      const example = await api['examples.read'](first.id);
      if (live) setCurrent((existing) => existing ?? exampleDocument(example.id, example.text));
    })().catch((error: unknown) => live && fail(error));
    return () => {
      live = false;
    };
  }, [api, fail]);

  // Save (to the document's file; without one, Save As) and Save As: the desktop writes the file
  // the user chooses, the web host's browser downloads it. True when it was saved.
  const save = useCallback(
    async (saveAs: boolean): Promise<boolean> => {
      const document = currentRef.current;
      if (!document) return false;
      const done = (savedText: string, where: Parameters<typeof afterSave>[3]) =>
        setCurrent((latest) =>
          latest && latest.serial === document.serial
            ? afterSave(latest, document.text, savedText, where)
            : latest,
        );
      try {
        if (!saveAs && document.handle !== null) {
          const saved = await api['documents.save'](document.handle, document.text);
          done(saved.text, saved);
          return true;
        }
        if (shell === 'web') {
          // The browser cannot write files: the document is downloaded.
          const formatted = formatDocumentText(document.text);
          if (!formatted.ok) throw new Error(formatted.message);
          const fileName = suggestedFileName(document.name);
          downloadText(formatted.text, fileName);
          done(formatted.text, { name: fileName, handle: null, path: null });
          tell(`Downloaded ${fileName}.`);
          return true;
        }
        const saved = await api['documents.saveAs'](document.text, document.name);
        if (saved === null) return false;
        done(saved.text, saved);
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },
    [api, shell, fail, tell],
  );

  // Before the current document is replaced: Save / Don't Save / Cancel when it has changes.
  const confirmReplace = useCallback(
    async (action: string): Promise<boolean> => {
      const document = currentRef.current;
      if (!document || !isDirty(document)) return true;
      const choice = await new Promise<SaveChoice>((resolve) =>
        setPrompt({ name: document.name, action, resolve }),
      );
      setPrompt(null);
      if (choice === 'cancel') return false;
      if (choice === 'discard') return true;
      return save(false);
    },
    [save],
  );

  const replaceWith = useCallback(
    async (action: string, next: () => Promise<CurrentDocument | null> | CurrentDocument | null) => {
      try {
        const document = await next();
        if (document === null || !(await confirmReplace(action))) return;
        setMessage(null);
        setCurrent(document);
      } catch (error) {
        fail(error);
      }
    },
    [confirmReplace, fail],
  );

  const openExample = (id: string) => {
    const document = currentRef.current;
    if (document?.origin.kind === 'example' && document.origin.id === id && !isDirty(document)) return;
    void replaceWith(`open ${id}.json`, async () => {
      const example = await api['examples.read'](id);
      return exampleDocument(example.id, example.text);
    });
  };

  const upload = (purpose: 'open' | 'import') => {
    uploadPurpose.current = purpose;
    fileInput.current?.click();
  };

  const onUpload = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const purpose = uploadPurpose.current;
    await replaceWith(`open ${file.name}`, async () => {
      if (file.size > MAX_DOCUMENT_CHARS) throw new Error(`${file.name} is larger than 4 MiB.`);
      const raw = await file.text();
      const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
      if (purpose === 'import') {
        const problem = importProblem(text);
        if (problem) throw new Error(`${file.name} cannot be imported. ${problem}`);
      }
      return uploadedDocument(file.name, text, purpose === 'import');
    });
  };

  const exportDocument = async () => {
    const document = currentRef.current;
    if (!document) return;
    try {
      if (shell === 'web') {
        const formatted = formatDocumentText(document.text);
        if (!formatted.ok) throw new Error(formatted.message);
        const fileName = suggestedFileName(document.name);
        downloadText(formatted.text, fileName);
        tell(`Exported ${fileName} (downloaded).`);
        return;
      }
      const exported = await api['documents.export'](document.text, document.name);
      if (exported) tell(`Exported to ${exported.path}.`);
    } catch (error) {
      fail(error);
    }
  };

  const restore = async (offer: AutosaveOffer) => {
    if (!(await confirmReplace('restore the unsaved changes'))) return;
    setRestoreOffer(null);
    setCurrent(restoredDocument(offer.name, offer.text, offer.handle, offer.path));
    // This session owns the autosave now: it is replaced as the document changes, deleted when saved.
    autosaved.current = true;
    api['documents.autosave'](offer.text, { handle: offer.handle, name: offer.name }).catch(fail);
  };

  const discardOffer = () => {
    setRestoreOffer(null);
    api['documents.discardAutosave']().catch(fail);
  };

  // What each of the renderer's commands does.
  useEffect(() => {
    const handlers: Partial<Record<CommandId, (invocation: CommandInvocation) => void>> = {
      'file.new': () => void replaceWith('start a new document', () => newDocument()),
      'file.open': () => {
        if (shell === 'web') upload('open');
        else
          void replaceWith('open another document', async () => {
            const opened = await api['documents.open']();
            return opened && openedDocument(opened);
          });
      },
      'file.openRecent': ({ recentId }) =>
        void replaceWith('open another document', async () =>
          recentId === undefined ? null : openedDocument(await api['documents.openRecent'](recentId)),
        ),
      'file.save': () => void save(false),
      'file.saveAs': () => void save(true),
      'file.import': () => {
        if (shell === 'web') upload('import');
        else
          void replaceWith('import another document', async () => {
            const opened = await api['documents.import']();
            return opened && openedDocument(opened, { kind: 'import' });
          });
      },
      'file.export': () => void exportDocument(),
      'view.toggleExamples': () =>
        setView((settings) => ({
          ...settings,
          panels: { ...settings.panels, examples: !settings.panels.examples },
        })),
      'view.toggleEditor': () =>
        setView((settings) => ({
          ...settings,
          panels: { ...settings.panels, editor: !settings.panels.editor },
        })),
      'view.themeLight': () => setView((settings) => ({ ...settings, theme: 'light' })),
      'view.themeDark': () => setView((settings) => ({ ...settings, theme: 'dark' })),
      'help.shortcuts': () => setDialog('shortcuts'),
      'help.about': () => setDialog('about'),
    };
    const stops = Object.entries(handlers).map(([id, handler]) => runner.register(id as CommandId, handler));
    return () => stops.forEach((stop) => stop());
  });

  const dirty = current !== null && isDirty(current);
  const studioState: StudioState = useMemo(
    () => ({
      document: current && { name: current.name, dirty, hasFile: current.handle !== null },
      canStartRun: runState.canStart,
      canCancelRun: runState.canCancel,
      panels: view.panels,
      theme: view.theme,
    }),
    [current, dirty, runState, view],
  );
  const stateRef = useRef(studioState);
  stateRef.current = studioState;

  const runCommand = useCallback(
    (invocation: CommandInvocation) => {
      if (shell === null || prompt !== null) return;
      const outcome = runner.run(invocation, stateRef.current, shell);
      if (outcome !== true) tell(outcome);
    },
    [runner, shell, prompt, tell],
  );
  useKeyboardShortcuts(shell === 'web' && dialog === null, platform, runCommand);

  // The desktop's menu and the OS.
  useEffect(() => {
    const stops = [
      api.on('commands.invoke', runCommand),
      api.on('studio.notice', (notice) =>
        setMessage({ level: notice.level === 'error' ? 'error' : 'info', text: notice.message }),
      ),
      api.on(
        'documents.openRequested',
        ({ name }) =>
          void replaceWith(`open ${name}`, async () => {
            const opened = await api['documents.takePending']();
            return opened && openedDocument(opened);
          }),
      ),
    ];
    return () => stops.forEach((stop) => stop());
  }, [api, runCommand, replaceWith]);

  // The desktop's menu items and its close prompt follow the renderer's state.
  const stateJson = JSON.stringify(studioState);
  useEffect(() => {
    if (shell !== 'electron') return;
    api['studio.state'](JSON.parse(stateJson) as StudioState).catch(() => undefined);
  }, [api, shell, stateJson]);

  useEffect(() => {
    window.document.title = documentTitle(current?.name ?? null, dirty);
  }, [current?.name, dirty]);

  useEffect(() => {
    window.document.documentElement.dataset['theme'] = view.theme;
    try {
      window.localStorage.setItem(VIEW_STORAGE_KEY, JSON.stringify(view));
    } catch {
      // Storage may be unavailable; the settings then last for this session.
    }
  }, [view]);

  // The browser asks before a tab with unsaved changes closes (the desktop has its own prompt).
  useEffect(() => {
    if (shell !== 'web' || !dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [shell, dirty]);

  // Autosave: the unsaved document, a few seconds after the last change; deleted once it is
  // saved or its changes discarded. Not while an earlier session's autosave awaits a decision.
  useEffect(() => {
    if (current === null || shell === null) return;
    if (!isDirty(current)) {
      unsavedSince.current = null;
      if (autosaved.current) {
        autosaved.current = false;
        api['documents.discardAutosave']().catch(() => undefined);
      }
      return;
    }
    if (restoreOffer !== null) return;
    const since = (unsavedSince.current ??= Date.now());
    const delay = Math.max(0, Math.min(AUTOSAVE_DELAY_MS, since + AUTOSAVE_MAX_DELAY_MS - Date.now()));
    const timer = setTimeout(() => {
      autosaved.current = true;
      unsavedSince.current = null;
      api['documents.autosave'](current.text, { handle: current.handle, name: current.name }).catch(
        (error: unknown) => console.error('archsim: autosave failed', error),
      );
    }, delay);
    return () => clearTimeout(timer);
  }, [api, current, restoreOffer, shell]);

  // Validation of the text as typed (deferred, so typing stays quick).
  const source = useMemo(
    () => current && { serial: current.serial, text: current.text },
    [current?.serial, current?.text],
  );
  const deferred = useDeferredValue(source);
  const validation = useMemo(
    () => (deferred === null ? null : validateDocumentText(deferred.text)),
    [deferred],
  );

  // Invalid JSON keeps the last view that parsed, so a half-typed edit does not blank the page.
  const [lastParsed, setLastParsed] = useState<{ serial: number; value: unknown } | null>(null);
  if (
    deferred &&
    validation &&
    validation.value !== undefined &&
    (lastParsed?.value !== validation.value || lastParsed?.serial !== deferred.serial)
  ) {
    setLastParsed({ serial: deferred.serial, value: validation.value });
  }
  const documentView = useMemo(
    () =>
      viewDocument(
        lastParsed !== null && lastParsed.serial === deferred?.serial ? lastParsed.value : undefined,
      ),
    [lastParsed, deferred?.serial],
  );
  const stale = validation !== null && validation.value === undefined;
  const ready = current !== null && validation !== null && deferred?.serial === current.serial;

  const showProblem = (problem: Problem) => {
    const area = editor.current;
    if (!area || problem.line === undefined) return;
    const offset = offsetOf(area.value, problem.line, problem.column ?? 1);
    area.focus();
    area.setSelectionRange(offset, offset);
    const lineHeight = Number.parseFloat(getComputedStyle(area).lineHeight) || 18;
    area.scrollTop = Math.max(0, (problem.line - 4) * lineHeight);
  };

  const errors = validation?.problems.filter((problem) => problem.severity === 'error').length ?? 0;
  const warnings = (validation?.problems.length ?? 0) - errors;
  const heading = documentView.title ?? current?.name ?? '';
  const workspaceClass = [
    'workspace',
    view.panels.examples ? '' : 'no-examples',
    view.panels.editor ? '' : 'no-editor',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <>
      <div className="app">
        <header className="topbar">
          <span className="wordmark">archsim</span>
          {shell === 'web' && (
            <MenuBar state={studioState} platform={platform} onCommand={(id) => runCommand({ id })} />
          )}
          <div className="document-status" aria-label="Current document">
            {current && (
              <>
                <span className="document-name" title={current.path ?? undefined}>
                  {current.name}
                </span>
                {dirty ? (
                  <span className="dirty-badge">Unsaved changes</span>
                ) : (
                  <span className="muted">{describeOrigin(current)}</span>
                )}
              </>
            )}
          </div>
          {info && (
            <span className="topbar-meta">
              <span>v{info.version}</span>
              <span className="shell-badge">{info.shell === 'electron' ? 'desktop' : 'web host'}</span>
            </span>
          )}
        </header>

        {restoreOffer && (
          <div className="restore-banner" role="region" aria-label="Unsaved changes from the last session">
            <span>
              Unsaved changes to <strong>{restoreOffer.name}</strong> from {formatTime(restoreOffer.savedAt)}{' '}
              were left when archsim last stopped without saving them.
            </span>
            <button type="button" className="primary" onClick={() => void restore(restoreOffer)}>
              Restore
            </button>
            <button type="button" onClick={discardOffer}>
              Discard
            </button>
          </div>
        )}

        {message && (
          <div
            className={message.level === 'error' ? 'banner' : 'banner banner-info'}
            role={message.level === 'error' ? 'alert' : 'status'}
          >
            <span>{message.text}</span>
            <button
              type="button"
              className="banner-close"
              aria-label="Dismiss"
              onClick={() => setMessage(null)}
            >
              ×
            </button>
          </div>
        )}

        <div className={workspaceClass}>
          {view.panels.examples && (
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
                        aria-pressed={current?.origin.kind === 'example' && current.origin.id === example.id}
                        onClick={() => openExample(example.id)}
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
          )}

          <main className="content">
            {ready ? (
              <section className="overview" aria-label="Document">
                <h1>{heading}</h1>
                {documentView.description && <p className="description">{documentView.description}</p>}
                <p className="stats">
                  <span>{plural(documentView.services.length, 'service')}</span>
                  <span className={errors > 0 ? 'count-error' : undefined}>{plural(errors, 'error')}</span>
                  <span className={warnings > 0 ? 'count-warning' : undefined}>
                    {plural(warnings, 'warning')}
                  </span>
                  {validation.migratedFrom === 0 && <span>spigo format</span>}
                </p>
              </section>
            ) : (
              <p className="muted">Loading…</p>
            )}

            {/* Outside the conditionals: it stays mounted (and keeps its form) while documents change. */}
            <RunPanel
              api={api}
              commands={runner}
              onStateChange={setRunState}
              document={ready ? validation.document : null}
              label={`${heading || 'document'}${dirty ? ' (edited)' : ''}`}
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
                  <ServicesTable services={documentView.services} />
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

          {view.panels.editor && (
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
                disabled={current === null}
                value={current?.text ?? ''}
                onChange={(event) => {
                  const next = event.target.value;
                  setCurrent((latest) => latest && { ...latest, text: next });
                }}
              />
            </section>
          )}
        </div>

        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="file-input"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(event) => void onUpload(event)}
        />
      </div>

      {prompt && <SavePrompt name={prompt.name} action={prompt.action} onChoose={prompt.resolve} />}
      {dialog === 'shortcuts' && shell && (
        <ShortcutsDialog shell={shell} platform={platform} onClose={() => setDialog(null)} />
      )}
      {dialog === 'about' && <AboutDialog info={info} onClose={() => setDialog(null)} />}
    </>
  );
}

function describeOrigin(document: CurrentDocument): string {
  switch (document.origin.kind) {
    case 'example':
      return 'example';
    case 'new':
      return 'new document';
    case 'file':
      return document.path ?? 'file';
    case 'upload':
      return 'uploaded';
    case 'import':
      return 'imported';
    case 'restored':
      return 'restored';
  }
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

function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
