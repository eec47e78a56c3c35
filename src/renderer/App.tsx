/**
 * The studio: composes the document session and store with the views of the one document —
 * palette, canvas, inspector, JSON editor, problems — and the Run panel, the menus (the desktop's
 * native ones or the web host's menu bar), the shortcuts and the dialogs. Every view reads the
 * store and changes it through change objects; this file only wires them together.
 */
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { AppInfo, ArchsimApi, ExampleSummary, ExportFormat } from '@shared/ipc/contract.ts';
import type { CommandId, CommandInvocation, StudioState } from '@shared/commands.ts';
import { documentTitle } from '@shared/documents.ts';
import { renderDiagramSvg } from '@shared/diagram/svg.ts';
import type { Problem } from '@shared/document/problems.ts';
import { Canvas, type CanvasHandle } from './canvas/Canvas.tsx';
import { CanvasHeading } from './canvas/CanvasHeading.tsx';
import { useInstanceView } from './canvas/use-instance-view.ts';
import { Palette } from './canvas/Palette.tsx';
import { CommandRunner, detectKeyPlatform, isPlainTextField, useKeyboardShortcuts } from './commands.ts';
import { newDocument, openedDocument, type CurrentDocument } from './current-document.ts';
import { AboutDialog, SavePrompt, ShortcutsDialog } from './Dialogs.tsx';
import { NOT_PARSING_NOTICE, type Change } from './document/changes.ts';
import { useDerivedDocument } from './document/derived.ts';
import { RESTORE_FIRST_NOTICE, useDocumentSession } from './document/session.ts';
import { DocumentStore } from './document/store.ts';
import { JsonEditor, type JsonEditorHandle } from './editor/JsonEditor.tsx';
import { diagramFileName, saveExport, svgToPngBase64 } from './export/diagram-export.ts';
import { Inspector } from './inspector/Inspector.tsx';
import { MenuBar } from './MenuBar.tsx';
import { Banners, ExamplesList, TopBar, type Message } from './shell/Chrome.tsx';
import { ProblemsPanel } from './problems/ProblemsPanel.tsx';
import type { RunPanelState } from './runs/RunPanel.tsx';
import { RunsDock } from './runs/RunsDock.tsx';
import type { CanvasOverlay } from './canvas/overlay.ts';
import { loadViewSettings, saveViewSettings, type ViewSettings } from './view-settings.ts';
import { MapBar } from './value-chain/MapBar.tsx';
import { useValueChain } from './value-chain/use-value-chain.ts';
import './studio-layout.css';
import { ErrorBoundary } from './shell/ErrorBoundary.tsx';

export interface AppProps {
  readonly api: ArchsimApi;
}

export function App({ api }: AppProps) {
  const store = useMemo(() => new DocumentStore(), []);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [examples, setExamples] = useState<readonly ExampleSummary[] | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [dialog, setDialog] = useState<'shortcuts' | 'about' | null>(null);
  const [view, setView] = useState<ViewSettings>(loadViewSettings);
  const [runState, setRunState] = useState<RunPanelState>({ canStart: false, canCancel: false });
  const [selectedIds, setSelectedIds] = useState<readonly string[]>([]);
  // NOTE: a transition: the inspector's form and the editor's reveal follow a selection on the
  // canvas without holding up the canvas's next frame (a click that starts a drag selects).
  const showSelection = useCallback(
    (ids: readonly string[]) => startTransition(() => setSelectedIds(ids)),
    [],
  );
  const [overlay, setOverlay] = useState<CanvasOverlay | null>(null);
  const runner = useMemo(() => new CommandRunner(), []);
  const platform = useMemo(detectKeyPlatform, []);
  const shell = info?.shell ?? null;
  const canvas = useRef<CanvasHandle>(null);
  const editor = useRef<JsonEditorHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const uploadPurpose = useRef<'open' | 'import'>('open');

  const fail = useCallback((error: unknown) => setMessage({ level: 'error', text: messageOf(error) }), []);
  const tell = useCallback((text: string) => setMessage({ level: 'info', text }), []);
  const session = useDocumentSession(api, store, shell, { fail, tell });
  const { meta, snapshot, dirty } = session;
  const derived = useDerivedDocument(snapshot, { showEureka: view.panels.eureka });
  const { model, validation } = derived;
  // While an earlier session's unsaved changes wait for Restore or Discard, nothing is edited: the
  // autosave holds them, and could not keep new changes without losing them.
  const offerPending = session.restoreOffer !== null;
  const editable = derived.current && meta !== null && !offerPending;
  // A notice that is moot now: the text does not parse (it parses again), nothing can be edited
  // until Restore or Discard (one of them was chosen).
  useEffect(() => {
    setMessage((shown) =>
      (derived.current && shown?.text.startsWith(NOT_PARSING_NOTICE)) ||
      (!offerPending && shown?.text === RESTORE_FIRST_NOTICE)
        ? null
        : shown,
    );
  }, [derived.current, offerPending]);

  useEffect(() => {
    let live = true;
    Promise.all([api['app.info'](), api['examples.list']()])
      .then(([appInfo, list]) => {
        if (!live) return;
        setInfo(appInfo);
        setExamples(list);
      })
      .catch((error: unknown) => live && fail(error));
    return () => {
      live = false;
    };
  }, [api, fail]);

  const validDocument = derived.validationCurrent ? validation.document : null;
  const instances = useInstanceView(api, view.panels.instances, validDocument, fail);

  // A new document starts with nothing selected.
  useEffect(() => setSelectedIds([]), [snapshot.documentId]);

  const selectedIndexes = useMemo(() => {
    const byId = new Map(model.nodes.map((node) => [node.id, node.index]));
    return selectedIds.map((id) => byId.get(id) ?? -1).filter((index) => index >= 0);
  }, [model, selectedIds]);

  const serviceNames = useMemo(
    () => model.nodes.filter((node) => !node.eureka && node.name !== '').map((node) => node.name),
    [model],
  );

  const applyFromInspector = useCallback(
    (change: Change, label: string) => {
      // The selection is by name: a selected service renamed here stays selected under its new one.
      const selected = model.nodes.filter((node) => selectedIds.includes(node.id));
      const result = store.apply(change, { label, source: 'inspector' });
      const renames = renamesIn(change);
      if (result.ok && renames.length > 0 && selected.length > 0) {
        canvas.current?.selectWhenDrawn(
          selected.map((node) => renames.find((rename) => rename.index === node.index)?.name ?? node.name),
        );
      }
      return result;
    },
    [store, model, selectedIds],
  );

  const undo = useCallback(() => {
    if (isPlainTextField(document.activeElement)) document.execCommand('undo');
    else store.undo();
  }, [store]);
  const redo = useCallback(() => {
    if (isPlainTextField(document.activeElement)) document.execCommand('redo');
    else store.redo();
  }, [store]);

  const upload = (purpose: 'open' | 'import') => {
    uploadPurpose.current = purpose;
    if (fileInput.current) {
      fileInput.current.accept =
        purpose === 'import'
          ? '.json,.yml,.yaml,.svg,.owm,.txt,application/json,image/svg+xml,text/plain'
          : '.json,application/json';
      fileInput.current.click();
    }
  };

  const exportFile = useCallback(
    (format: ExportFormat, data: string, fileName: string) =>
      saveExport(api, shell, format, data, fileName).then((said) => said && tell(said), fail),
    [api, shell, tell, fail],
  );

  const studioMap = useValueChain({
    enabled: view.panels.valueChain,
    documentValue: derived.modelValue,
    eureka: view.panels.eureka,
    meta,
    text: () => store.text,
    theme: view.theme,
    openBeside: session.openBeside,
    exportFile,
    tell,
    fail,
  });

  const exportDiagram = async (format: 'svg' | 'png') => {
    if (!meta) return;
    try {
      const positions = canvas.current?.positions() ?? new Map();
      const svg = renderDiagramSvg(model, positions, { theme: view.theme, documentText: store.text });
      const data = format === 'svg' ? svg : await svgToPngBase64(svg);
      await exportFile(format, data, diagramFileName(meta.name, format));
    } catch (error) {
      fail(error);
    }
  };

  // What each of the renderer's commands does.
  useEffect(() => {
    const replaceWith = (
      action: string,
      next: () => Promise<CurrentDocument | null> | CurrentDocument | null,
    ) => void session.replaceWith(action, next);
    const togglePanel = (panel: keyof ViewSettings['panels']) =>
      setView((settings) => ({
        ...settings,
        panels: { ...settings.panels, [panel]: !settings.panels[panel] },
      }));
    const handlers: Partial<Record<CommandId, (invocation: CommandInvocation) => void>> = {
      'file.new': () => replaceWith('start a new document', () => newDocument()),
      'file.open': () => {
        if (shell === 'web') upload('open');
        else
          replaceWith('open another document', async () => {
            const opened = await api['documents.open']();
            return opened && openedDocument(opened);
          });
      },
      'file.openRecent': ({ recentId }) =>
        replaceWith('open another document', async () =>
          recentId === undefined ? null : openedDocument(await api['documents.openRecent'](recentId)),
        ),
      'file.save': () => void session.save(false),
      'file.saveAs': () => void session.save(true),
      'file.import': () => {
        if (shell === 'web') upload('import');
        else
          replaceWith('import another document', async () => {
            const opened = await api['documents.import']();
            return opened && openedDocument(opened, { kind: 'import' });
          });
      },
      'file.export': () => void session.exportJson(),
      'file.exportSvg': () => void exportDiagram('svg'),
      'file.exportPng': () => void exportDiagram('png'),
      'file.exportValueChainSvg': studioMap.exportSvg,
      'edit.undo': undo,
      'edit.redo': redo,
      'edit.duplicate': () => canvas.current?.duplicateSelection(),
      'edit.delete': () => canvas.current?.deleteSelection(),
      'edit.rename': () => canvas.current?.renameSelection(),
      'canvas.autoLayout': () => canvas.current?.autoLayout(),
      'canvas.zoomToFit': () => canvas.current?.fitView(),
      'view.toggleExamples': () => togglePanel('examples'),
      'view.toggleEditor': () => togglePanel('editor'),
      'view.toggleInstances': () => togglePanel('instances'),
      'view.toggleEureka': () => togglePanel('eureka'),
      'view.toggleValueChain': () => togglePanel('valueChain'),
      'valueChain.createVariant': studioMap.createVariant,
      'view.themeLight': () => setView((settings) => ({ ...settings, theme: 'light' })),
      'view.themeDark': () => setView((settings) => ({ ...settings, theme: 'dark' })),
      'help.shortcuts': () => setDialog('shortcuts'),
      'help.about': () => setDialog('about'),
    };
    const stops = Object.entries(handlers).map(([id, handler]) => runner.register(id as CommandId, handler));
    return () => stops.forEach((stop) => stop());
  });

  const studioState: StudioState = useMemo(
    () => ({
      // A document set aside by Create variant counts too: closing asks before it is lost.
      document: meta && {
        name: meta.name,
        dirty: dirty || session.aside?.dirty === true,
        hasFile: meta.handle !== null,
        ...(session.aside?.dirty ? { aside: session.aside.meta.name } : {}),
      },
      canStartRun: runState.canStart,
      canCancelRun: runState.canCancel,
      undo: snapshot.undoLabel,
      redo: snapshot.redoLabel,
      canEdit: editable,
      ...(offerPending ? { editLocked: RESTORE_FIRST_NOTICE } : {}),
      hasSelection: selectedIds.length > 0,
      panels: view.panels,
      theme: view.theme,
    }),
    [
      meta,
      dirty,
      session.aside,
      runState,
      snapshot.undoLabel,
      snapshot.redoLabel,
      editable,
      offerPending,
      selectedIds.length,
      view,
    ],
  );
  const stateRef = useRef(studioState);
  stateRef.current = studioState;

  const prompt = session.prompt;
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
          void session.replaceWith(`open ${name}`, async () => {
            const opened = await api['documents.takePending']();
            return opened && openedDocument(opened);
          }),
      ),
    ];
    return () => stops.forEach((stop) => stop());
  }, [api, runCommand, session.replaceWith]);

  // The desktop's menu items and its close prompt follow the renderer's state.
  const stateJson = JSON.stringify(studioState);
  useEffect(() => {
    if (shell !== 'electron') return;
    api['studio.state'](JSON.parse(stateJson) as StudioState).catch(() => undefined);
  }, [api, shell, stateJson]);

  useEffect(() => {
    window.document.title = documentTitle(meta?.name ?? null, dirty);
  }, [meta?.name, dirty]);

  useEffect(() => {
    window.document.documentElement.dataset['theme'] = view.theme;
    saveViewSettings(view);
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

  const showProblem = useCallback(
    (problem: Problem) => {
      const [first, index] = problem.path;
      if (first === 'services' && typeof index === 'number') {
        const node = model.nodes.find((candidate) => candidate.index === index);
        if (node) canvas.current?.select([node.id]);
      }
      if (!view.panels.editor)
        setView((settings) => ({ ...settings, panels: { ...settings.panels, editor: true } }));
      requestAnimationFrame(() => editor.current?.reveal(problem.path));
    },
    [model, view.panels.editor],
  );

  const errors = validation.problems.filter((problem) => problem.severity === 'error').length;
  const heading = model.title ?? meta?.name ?? '';
  const modelArch = (derived.modelValue as { arch?: unknown } | undefined)?.arch;
  const openArch = typeof modelArch === 'string' ? modelArch : null;
  const syntax = !derived.current
    ? validation.problems.find((problem) => problem.code === 'json-syntax')
    : undefined;

  return (
    <>
      <div className="app">
        <TopBar
          info={info}
          meta={meta}
          dirty={dirty}
          menuBar={
            shell === 'web' ? (
              <MenuBar state={studioState} platform={platform} onCommand={(id) => runCommand({ id })} />
            ) : null
          }
          undoLabel={snapshot.undoLabel}
          redoLabel={snapshot.redoLabel}
          editable={editable}
          instances={view.panels.instances}
          valueChain={view.panels.valueChain}
          onCommand={(id) => runCommand({ id })}
        />
        <Banners
          restoreOffer={session.restoreOffer}
          onRestore={(offer) => void session.restore(offer)}
          onDiscard={session.discardOffer}
          message={message}
          onDismiss={() => setMessage(null)}
        />

        <Group className="studio" orientation="vertical" id="archsim-root">
          <Panel id="design" minSize="200px">
            <Group orientation="horizontal" id="archsim-studio">
              {view.panels.examples && (
                <>
                  <Panel id="sidebar" defaultSize="200px" minSize="150px" maxSize="320px" className="sidebar">
                    <Palette
                      theme={view.theme}
                      disabled={!editable}
                      onAdd={(packageName) => canvas.current?.addService(packageName)}
                    />
                    <ExamplesList
                      examples={examples}
                      current={meta?.origin.kind === 'example' ? meta.origin.id : null}
                      onOpen={session.openExample}
                    />
                  </Panel>
                  <Separator className="separator" />
                </>
              )}
              <Panel id="centre" minSize="320px">
                <section className="canvas-region" aria-label="Canvas">
                  <CanvasHeading
                    heading={heading}
                    services={model.nodes.filter((node) => !node.eureka).length}
                    spigoFormat={validation.migratedFrom === 0}
                    aside={session.aside?.meta.name ?? null}
                    onSwitchAside={session.switchAside}
                    mapBar={
                      studioMap.chain && (
                        <MapBar
                          chain={studioMap.chain}
                          evolveArrows={studioMap.evolveArrows}
                          editable={editable}
                          onCreateVariant={studioMap.createVariant}
                        />
                      )
                    }
                    current={derived.current}
                    hasDocument={meta !== null}
                    syntax={syntax}
                    errors={derived.validationCurrent ? errors : 0}
                  />
                  <div className="canvas-host">
                    {meta && (
                      <ErrorBoundary region="canvas" resetKey={snapshot.documentId}>
                        <Canvas
                          ref={canvas}
                          store={store}
                          model={model}
                          documentId={snapshot.documentId}
                          problems={validation.problems}
                          editable={editable}
                          lockedNotice={offerPending ? RESTORE_FIRST_NOTICE : null}
                          theme={view.theme}
                          instances={instances}
                          overlay={overlay}
                          valueChain={studioMap.chain}
                          onSelectionChange={showSelection}
                          onMessage={tell}
                        />
                      </ErrorBoundary>
                    )}
                  </div>
                </section>
              </Panel>
              <Separator className="separator" />
              <Panel id="side" defaultSize="30%" minSize="260px">
                <Group orientation="vertical" id="archsim-side">
                  <Panel id="inspector" minSize="120px" defaultSize={view.panels.editor ? '45%' : '100%'}>
                    <ErrorBoundary region="inspector" resetKey={snapshot.documentId}>
                      <Inspector
                        value={derived.value}
                        selection={selectedIndexes}
                        editable={editable}
                        readOnlyReason={
                          offerPending
                            ? RESTORE_FIRST_NOTICE
                            : syntax || derived.value === undefined
                              ? undefined
                              : 'The document has no services list: the form is read-only until it has one.'
                        }
                        onApply={applyFromInspector}
                      />
                    </ErrorBoundary>
                  </Panel>
                  {view.panels.editor && (
                    <>
                      <Separator className="separator separator-horizontal" />
                      <Panel id="editor" minSize="120px">
                        <section className="editor-pane" aria-label="JSON editor">
                          <h2 className="section-title">Document JSON</h2>
                          <ErrorBoundary region="JSON editor" resetKey={snapshot.documentId}>
                            <JsonEditor
                              ref={editor}
                              readOnly={offerPending}
                              readOnlyMessage={RESTORE_FIRST_NOTICE}
                              store={store}
                              problems={validation.problems}
                              serviceNames={serviceNames}
                              theme={view.theme}
                              onUndo={() => (offerPending ? tell(RESTORE_FIRST_NOTICE) : store.undo())}
                              onRedo={() => (offerPending ? tell(RESTORE_FIRST_NOTICE) : store.redo())}
                            />
                          </ErrorBoundary>
                        </section>
                      </Panel>
                    </>
                  )}
                </Group>
              </Panel>
            </Group>
          </Panel>
          <Separator className="separator separator-horizontal" />
          <Panel id="runs" defaultSize="40%" minSize="140px">
            <ErrorBoundary region="runs panel">
              <RunsDock
                api={api}
                commands={runner}
                onRunStateChange={setRunState}
                document={derived.validationCurrent ? validation.document : null}
                openArch={openArch}
                label={`${heading || 'document'}${dirty ? ' (edited)' : ''}`}
                theme={view.theme}
                problems={
                  <ProblemsPanel
                    // Before a document is open the text is empty: no "malformed JSON" for it.
                    problems={meta ? validation.problems : NO_PROBLEMS}
                    stale={!derived.validationCurrent}
                    onSelect={showProblem}
                  />
                }
                onCanvasOverlay={setOverlay}
                onExport={(format, data, fileName) => void exportFile(format, data, fileName)}
                onMessage={tell}
              />
            </ErrorBoundary>
          </Panel>
        </Group>

        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="file-input"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(event) => {
            const input = event.target;
            const file = input.files?.[0];
            input.value = '';
            if (file) void session.openUpload(file, uploadPurpose.current);
          }}
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const NO_PROBLEMS: readonly Problem[] = [];

/** The services a change renames (on its own or in a batch). */
function renamesIn(change: Change): { readonly index: number; readonly name: string }[] {
  if (change.type === 'renameService') return [change];
  if (change.type === 'batch') return change.changes.flatMap(renamesIn);
  return [];
}
