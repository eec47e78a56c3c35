/**
 * The "JSON editor" region: Monaco over the document store's text. Typing becomes text changes
 * in the one history (Ctrl/⌘+Z is the studio's undo, not Monaco's own); changes made elsewhere
 * arrive as edits of their span only, so the cursor and scroll position stay. The generated JSON
 * Schema gives markers, hovers and completion; archsim's own problems (references, lints) are
 * markers too; package and service names complete.
 */
import { readJsonTree } from '@shared/document/json-text.ts';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { documentJsonSchema } from '@shared/document/schema.ts';
import type { JsonPath, Problem } from '@shared/document/problems.ts';
import type { Theme } from '@shared/commands.ts';
import type { DocumentStore } from '../document/store.ts';
import { diffTexts } from '../document/text-diff.ts';
import { monaco, jsonDefaults } from './monaco.ts';
import {
  completionKindAt,
  completionNames,
  isSemanticProblem,
  spanOfPath,
  stringLiteralAt,
} from './markers.ts';

export interface JsonEditorHandle {
  /** Scrolls to the value at `path`, selects it and focuses the editor. */
  reveal(path: JsonPath): void;
  focus(): void;
}

export interface JsonEditorProps {
  readonly store: DocumentStore;
  readonly problems: readonly Problem[];
  readonly serviceNames: readonly string[];
  readonly theme: Theme;
  readonly readOnly?: boolean;
  /** What the editor says when a keystroke meets `readOnly`. */
  readonly readOnlyMessage?: string;
  /** Keystrokes the editor must not keep (the studio's shortcuts): handled by the caller. */
  readonly onUndo: () => void;
  readonly onRedo: () => void;
  readonly ref?: Ref<JsonEditorHandle>;
}

const MODEL_URI = monaco.Uri.parse('inmemory://archsim/document.json');
const SCHEMA = documentJsonSchema();
const SCHEMA_URI = String(SCHEMA['$id']);

/** Names the completion provider offers; set by the mounted editor. */
let currentServiceNames: readonly string[] = [];

function configureJson(schemaReference: string | undefined): void {
  const schemas = [{ uri: SCHEMA_URI, fileMatch: [MODEL_URI.toString()], schema: SCHEMA }];
  // A document's own "$schema" (e.g. "../schema/archsim-document.schema.json") takes precedence in
  // the JSON language service; it is answered with the bundled schema, never fetched.
  if (schemaReference) {
    try {
      const resolved = new URL(schemaReference, MODEL_URI.toString()).toString();
      if (resolved !== SCHEMA_URI) schemas.push({ uri: resolved, fileMatch: [], schema: SCHEMA });
    } catch {
      // Not a URL: the language service reports it as it would.
    }
  }
  jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemaValidation: 'error',
    comments: 'error',
    trailingCommas: 'error',
    schemas,
  });
}

let completionRegistered = false;
function registerCompletion(): void {
  if (completionRegistered) return;
  completionRegistered = true;
  monaco.languages.registerCompletionItemProvider('json', {
    triggerCharacters: ['"'],
    provideCompletionItems(model, position) {
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      const kind = completionKindAt(text, offset);
      const names = completionNames(kind, currentServiceNames);
      if (names.length === 0) return { suggestions: [] };
      const literal = stringLiteralAt(text, offset);
      const start = model.getPositionAt(literal ? literal.offset : offset);
      const end = model.getPositionAt(literal ? literal.offset + literal.length : offset);
      const range = new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
      return {
        suggestions: names.map((name, index) => ({
          label: name,
          kind:
            kind === 'package'
              ? monaco.languages.CompletionItemKind.Module
              : monaco.languages.CompletionItemKind.Reference,
          detail: kind === 'package' ? 'package' : 'service',
          insertText: JSON.stringify(name),
          filterText: JSON.stringify(name),
          sortText: String(index).padStart(4, '0'),
          range,
        })),
      };
    },
  });
}

function schemaReferenceOf(text: string): string | undefined {
  const match = /^\s*\{\s*"\$schema"\s*:\s*"([^"]*)"/.exec(text);
  return match?.[1];
}

export function JsonEditor({
  store,
  problems,
  serviceNames,
  theme,
  readOnly = false,
  readOnlyMessage,
  onUndo,
  onRedo,
  ref,
}: JsonEditorProps) {
  const container = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  /** True while the editor applies the store's own change (so it is not sent back). */
  const applying = useRef(false);
  const callbacks = useRef({ onUndo, onRedo });
  callbacks.current = { onUndo, onRedo };

  // The editor and its model live as long as the component.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    registerCompletion();
    const initial = store.getSnapshot().text;
    configureJson(schemaReferenceOf(initial));
    const model = monaco.editor.getModel(MODEL_URI) ?? monaco.editor.createModel(initial, 'json', MODEL_URI);
    if (model.getValue() !== initial) model.setValue(initial);
    const editor = monaco.editor.create(element, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      renderWhitespace: 'none',
      wordWrap: 'off',
      ariaLabel: 'Document JSON',
      fixedOverflowWidgets: true,
      theme: theme === 'dark' ? 'vs-dark' : 'vs',
    });
    editorRef.current = editor;
    // One history: the studio's undo and redo, whatever Monaco would do.
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyZ, () => callbacks.current.onUndo());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyZ, () =>
      callbacks.current.onRedo(),
    );
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyY, () => callbacks.current.onRedo());

    const typed = model.onDidChangeContent((event) => {
      if (applying.current) return;
      const before = store.text;
      const only = event.changes.length === 1 ? event.changes[0] : undefined;
      const diff = only
        ? {
            offset: only.rangeOffset,
            removed: before.slice(only.rangeOffset, only.rangeOffset + only.rangeLength),
            inserted: only.text,
          }
        : diffTexts(before, model.getValue());
      // Typing on is one step; a whole-text replacement (setValue, a paste over everything) is its own.
      const result = store.apply(
        { type: 'text', diff },
        { label: 'Edit JSON', source: 'text', ...(event.isFlush ? {} : { mergeKey: 'typing' }) },
      );
      // Out of step (cannot happen unless the two texts diverged): the store's text wins.
      if (!result.ok || store.text.length !== model.getValueLength()) {
        applying.current = true;
        model.setValue(store.text);
        applying.current = false;
      }
    });

    let documentId = store.getSnapshot().documentId;
    const unsubscribe = store.subscribe(() => {
      const snapshot = store.getSnapshot();
      const edit = snapshot.lastEdit;
      if (snapshot.documentId !== documentId) {
        documentId = snapshot.documentId;
        configureJson(schemaReferenceOf(snapshot.text));
      }
      if (edit?.source === 'text' && model.getValueLength() === snapshot.text.length) return;
      applying.current = true;
      try {
        if (
          edit &&
          model.getValueLength() + edit.diff.inserted.length - edit.diff.removed.length ===
            snapshot.text.length
        ) {
          const start = model.getPositionAt(edit.diff.offset);
          const end = model.getPositionAt(edit.diff.offset + edit.diff.removed.length);
          model.applyEdits([
            {
              range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
              text: edit.diff.inserted,
            },
          ]);
        }
        if (model.getValue() !== snapshot.text) model.setValue(snapshot.text);
      } finally {
        applying.current = false;
      }
    });

    return () => {
      unsubscribe();
      typed.dispose();
      editor.dispose();
      editorRef.current = null;
    };
    // The store lives as long as the studio; theme changes are applied below.
  }, [store]);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  useEffect(() => {
    editorRef.current?.updateOptions({
      readOnly,
      ...(readOnlyMessage === undefined ? {} : { readOnlyMessage: { value: readOnlyMessage } }),
    });
  }, [readOnly, readOnlyMessage]);

  useEffect(() => {
    currentServiceNames = serviceNames;
  }, [serviceNames]);

  // archsim's own problems as markers (the schema's are the JSON worker's).
  useEffect(() => {
    const model = monaco.editor.getModel(MODEL_URI);
    if (!model) return;
    const text = model.getValue();
    // NOTE: one parse for all the problems (a document of 300 services with 27 warnings took
    // 36 ms when each problem parsed the text again, on every edit).
    const tree = readJsonTree(text);
    const markers = problems.filter(isSemanticProblem).flatMap((problem) => {
      const span = spanOfPath(text, problem.path, tree);
      if (!span) return [];
      const start = model.getPositionAt(span.offset);
      const end = model.getPositionAt(span.offset + span.length);
      return [
        {
          severity:
            problem.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
          message: problem.message,
          source: 'archsim',
          code: problem.code,
          startLineNumber: start.lineNumber,
          startColumn: start.column,
          endLineNumber: end.lineNumber,
          endColumn: end.column,
        },
      ];
    });
    monaco.editor.setModelMarkers(model, 'archsim', markers);
  }, [problems]);

  useImperativeHandle(
    ref,
    () => ({
      reveal(path) {
        const editor = editorRef.current;
        const model = editor?.getModel();
        if (!editor || !model) return;
        const span = spanOfPath(model.getValue(), path);
        if (!span) return;
        const start = model.getPositionAt(span.offset);
        const end = model.getPositionAt(span.offset + span.length);
        const range = new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
        editor.setSelection(range);
        editor.revealRangeInCenterIfOutsideViewport(range);
        editor.focus();
      },
      focus() {
        editorRef.current?.focus();
      },
    }),
    [],
  );

  return <div ref={container} className="json-editor-host" data-testid="json-editor" />;
}
