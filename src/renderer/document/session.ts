/**
 * The open document's life: where it came from, its file, what was last saved, and the moves
 * between documents — New, Open, an example, an upload, an import, a restored autosave — each
 * asking first when unsaved changes would be lost; Save, Save As and Export; and the autosave of
 * unsaved changes. The text itself lives in the document store; this hook keeps the rest.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ArchsimApi, Shell } from '@shared/ipc/contract.ts';
import {
  MAX_DOCUMENT_CHARS,
  formatDocumentText,
  suggestedFileName,
  type AutosaveOffer,
} from '@shared/documents.ts';
import { importDocumentText } from '@shared/import/index.ts';
import {
  afterSave,
  downloadText,
  exampleDocument,
  newDocument,
  reshown,
  openedDocument,
  restoredDocument,
  uploadedDocument,
  type CurrentDocument,
} from '../current-document.ts';
import type { SaveChoice } from '../Dialogs.tsx';
import type { DocumentSnapshot, DocumentStore } from './store.ts';

/** Unsaved changes are autosaved this long after the last edit… */
export const AUTOSAVE_DELAY_MS = 5000;
/**
 * Why nothing can be edited while an earlier session's unsaved changes wait for Restore or
 * Discard: the autosave holds them, so an edit now could not be autosaved without losing them.
 */
export const RESTORE_FIRST_NOTICE =
  'Restore or discard the unsaved changes from the last session first (the banner above): until then nothing can be edited, so that neither they nor new changes are lost.';
/** …or this long after the first one not yet autosaved, for someone who never pauses. */
export const AUTOSAVE_MAX_DELAY_MS = 30_000;

/** The open document without its text (which is the store's). */
export type DocumentMeta = Omit<CurrentDocument, 'text'>;

export interface PendingPrompt {
  readonly name: string;
  readonly action: string;
  readonly resolve: (choice: SaveChoice) => void;
}

export interface SessionCallbacks {
  readonly fail: (error: unknown) => void;
  readonly tell: (text: string) => void;
}

export interface DocumentSession {
  readonly meta: DocumentMeta | null;
  readonly snapshot: DocumentSnapshot;
  readonly dirty: boolean;
  readonly restoreOffer: AutosaveOffer | null;
  readonly prompt: PendingPrompt | null;
  /** Replaces the open document with what `next` gives (after asking about unsaved changes). */
  readonly replaceWith: (
    action: string,
    next: () => Promise<CurrentDocument | null> | CurrentDocument | null,
  ) => Promise<void>;
  readonly openExample: (id: string) => void;
  /** A file the browser read (the web host's Open and Import). */
  readonly openUpload: (file: File, purpose: 'open' | 'import') => Promise<void>;
  readonly save: (saveAs: boolean) => Promise<boolean>;
  readonly exportJson: () => Promise<void>;
  readonly restore: (offer: AutosaveOffer) => Promise<void>;
  readonly discardOffer: () => void;
  /** The document set aside by `openBeside` (the original of a variant), one switch away. */
  readonly aside: AsideDocument | null;
  /**
   * Shows `document` and sets the open one aside, changes and all (nothing is asked or lost).
   * Refused (false, and the user told why) while another document with unsaved changes is aside.
   */
  readonly openBeside: (document: CurrentDocument) => boolean;
  /** Swaps the open document and the one set aside. */
  readonly switchAside: () => void;
}

export interface AsideDocument {
  readonly meta: DocumentMeta;
  readonly text: string;
  readonly dirty: boolean;
}

function splitDocument(document: CurrentDocument): { meta: DocumentMeta; text: string } {
  const { text, ...meta } = document;
  return { meta, text };
}

export function useDocumentSession(
  api: ArchsimApi,
  store: DocumentStore,
  shell: Shell | null,
  { fail, tell }: SessionCallbacks,
): DocumentSession {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [meta, setMeta] = useState<DocumentMeta | null>(null);
  const [restoreOffer, setRestoreOffer] = useState<AutosaveOffer | null>(null);
  const [prompt, setPrompt] = useState<PendingPrompt | null>(null);
  const metaRef = useRef(meta);
  metaRef.current = meta;
  const autosaved = useRef(false);
  /** When the oldest change not yet autosaved was made; null when there is none. */
  const unsavedSince = useRef<number | null>(null);

  const dirty = meta !== null && (meta.savedText === null || snapshot.text !== meta.savedText);
  const isDirtyNow = useCallback(() => {
    const current = metaRef.current;
    return current !== null && (current.savedText === null || store.text !== current.savedText);
  }, [store]);

  const show = useCallback(
    (document: CurrentDocument) => {
      const { meta: nextMeta, text } = splitDocument(document);
      metaRef.current = nextMeta;
      setMeta(nextMeta);
      performance.mark('archsim:document-open');
      store.open(text);
    },
    [store],
  );

  // Start: the file the OS or the command line asked for, else the first example; and an
  // autosave a previous session left, offered for restoring.
  useEffect(() => {
    let live = true;
    (async () => {
      // The three questions at once: each is a round trip to the main process or the web host.
      const [list, pending, offer] = await Promise.all([
        api['examples.list'](),
        api['documents.takePending']().catch((error: unknown) => {
          fail(error);
          return null;
        }),
        api['documents.restoreOffer']().catch(() => null),
      ]);
      if (!live) return;
      setRestoreOffer(offer);
      if (metaRef.current !== null) return;
      if (pending) return show(openedDocument(pending));
      const first = list[0];
      if (first === undefined) return show(newDocument());
      const example = await api['examples.read'](first.id);
      if (live && metaRef.current === null) show(exampleDocument(example.id, example.text));
    })().catch((error: unknown) => live && fail(error));
    return () => {
      live = false;
    };
  }, [api, fail, show]);

  // Save (to the document's file; without one, Save As) and Save As: the desktop writes the file
  // the user chooses, the web host's browser downloads it. True when it was saved.
  const save = useCallback(
    async (saveAs: boolean): Promise<boolean> => {
      const document = metaRef.current;
      if (!document) return false;
      const text = store.text;
      const done = (savedText: string, where: Parameters<typeof afterSave>[3]) =>
        setMeta((latest) => {
          if (!latest || latest.serial !== document.serial) return latest;
          const { meta: nextMeta } = splitDocument(
            afterSave({ ...latest, text: store.text }, text, savedText, where),
          );
          metaRef.current = nextMeta;
          return nextMeta;
        });
      try {
        if (!saveAs && document.handle !== null) {
          const saved = await api['documents.save'](document.handle, text);
          done(saved.text, saved);
          return true;
        }
        if (shell === 'web') {
          // The browser cannot write files: the document is downloaded.
          const formatted = formatDocumentText(text);
          if (!formatted.ok) throw new Error(formatted.message);
          const fileName = suggestedFileName(document.name);
          downloadText(formatted.text, fileName);
          done(formatted.text, { name: fileName, handle: null, path: null });
          tell(`Downloaded ${fileName}.`);
          return true;
        }
        const saved = await api['documents.saveAs'](text, document.name);
        if (saved === null) return false;
        done(saved.text, saved);
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },
    [api, shell, store, fail, tell],
  );

  // Before the open document is replaced: Save / Don't Save / Cancel when it has changes.
  const confirmReplace = useCallback(
    async (action: string): Promise<boolean> => {
      const document = metaRef.current;
      if (!document || !isDirtyNow()) return true;
      const choice = await new Promise<SaveChoice>((resolve) =>
        setPrompt({ name: document.name, action, resolve }),
      );
      setPrompt(null);
      if (choice === 'cancel') return false;
      if (choice === 'discard') return true;
      return save(false);
    },
    [save, isDirtyNow],
  );

  const replaceWith = useCallback(
    async (action: string, next: () => Promise<CurrentDocument | null> | CurrentDocument | null) => {
      try {
        const document = await next();
        if (document === null || !(await confirmReplace(action))) return;
        show(document);
      } catch (error) {
        fail(error);
      }
    },
    [confirmReplace, fail, show],
  );

  const openExample = useCallback(
    (id: string) => {
      const document = metaRef.current;
      if (document?.origin.kind === 'example' && document.origin.id === id && !isDirtyNow()) return;
      void replaceWith(`open ${id}.json`, async () => {
        const example = await api['examples.read'](id);
        return exampleDocument(example.id, example.text);
      });
    },
    [api, replaceWith, isDirtyNow],
  );

  const openUpload = useCallback(
    (file: File, purpose: 'open' | 'import') =>
      replaceWith(`open ${file.name}`, async () => {
        if (file.size > MAX_DOCUMENT_CHARS)
          throw new Error(
            `${file.name} is larger than 4 MiB, the most the studio opens (the command line reads up to 64 MiB).`,
          );
        const raw = await file.text();
        const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
        if (purpose === 'import') {
          const imported = importDocumentText(file.name, text);
          if (!imported.ok) {
            const where =
              imported.line === undefined ? '' : ` (line ${imported.line}, column ${imported.column ?? 1})`;
            throw new Error(`${file.name} cannot be imported${where}: ${imported.message}`);
          }
          const name =
            imported.format === 'spigo' || imported.format === 'archsim'
              ? file.name
              : `${stem(file.name)}.json`;
          return uploadedDocument(name, imported.text, true);
        }
        return uploadedDocument(file.name, text, false);
      }),
    [replaceWith],
  );

  const exportJson = useCallback(async () => {
    const document = metaRef.current;
    if (!document) return;
    try {
      if (shell === 'web') {
        const formatted = formatDocumentText(store.text);
        if (!formatted.ok) throw new Error(formatted.message);
        const fileName = suggestedFileName(document.name);
        downloadText(formatted.text, fileName);
        tell(`Exported ${fileName} (downloaded).`);
        return;
      }
      const exported = await api['documents.export'](store.text, document.name);
      if (exported) tell(`Exported to ${exported.path}.`);
    } catch (error) {
      fail(error);
    }
  }, [api, shell, store, fail, tell]);

  const [aside, setAside] = useState<AsideDocument | null>(null);
  const asideRef = useRef(aside);
  asideRef.current = aside;

  const restore = useCallback(
    async (offer: AutosaveOffer) => {
      const current = asideRef.current;
      if (offer.aside && current?.dirty) {
        tell(asideInTheWay(current.meta.name, `restoring would set ${offer.aside.name} aside in its place`));
        return;
      }
      if (!(await confirmReplace('restore the unsaved changes'))) return;
      setRestoreOffer(null);
      show(restoredDocument(offer.name, offer.text, offer.handle, offer.path));
      // This session owns the autosave now: it is replaced as the document changes, deleted when saved.
      autosaved.current = true;
      api['documents.autosave'](offer.text, { handle: offer.handle, name: offer.name }).catch(fail);
      if (offer.aside) {
        // Set aside again, as it was; the aside slot is written again by the effect below.
        const { meta: asideMeta, text } = splitDocument(
          restoredDocument(offer.aside.name, offer.aside.text, offer.aside.handle, offer.aside.path),
        );
        const next = { meta: asideMeta, text, dirty: true };
        asideRef.current = next;
        setAside(next);
      } else {
        // What was offered may have been the aside slot alone: it lives in the open slot now.
        api['documents.discardAutosave']('aside').catch(() => undefined);
      }
    },
    [api, confirmReplace, fail, show, tell],
  );

  const setCurrentAside = useCallback(() => {
    const current = metaRef.current;
    const next =
      current === null
        ? null
        : {
            meta: current,
            text: store.text,
            dirty: current.savedText === null || store.text !== current.savedText,
          };
    asideRef.current = next;
    setAside(next);
  }, [store]);

  const openBeside = useCallback(
    (document: CurrentDocument) => {
      const other = asideRef.current;
      if (other?.dirty) {
        // One document can be aside: setting this one aside would drop that one's changes.
        tell(asideInTheWay(other.meta.name));
        return false;
      }
      setCurrentAside();
      show(document);
      return true;
    },
    [setCurrentAside, show, tell],
  );

  const switchAside = useCallback(() => {
    const other = asideRef.current;
    if (other === null) return;
    setCurrentAside();
    show(reshown({ ...other.meta, text: other.text }));
  }, [setCurrentAside, show]);

  const discardOffer = useCallback(() => {
    setRestoreOffer(null);
    api['documents.discardAutosave']().catch(fail);
  }, [api, fail]);

  // An autosave that fails is said once (until one succeeds again): the unsaved changes are then
  // only in this window, which the user must know to keep them.
  const autosaveFailing = useRef(false);
  const autosaveFailed = useCallback(
    (error: unknown) => {
      console.error('archsim: autosave failed', error);
      if (autosaveFailing.current) return;
      autosaveFailing.current = true;
      fail(
        new Error(
          `The unsaved changes could not be autosaved (${error instanceof Error ? error.message : String(error)}): they are only in this window until you save them.`,
        ),
      );
    },
    [fail],
  );

  // Autosave: the unsaved document, a few seconds after the last change; deleted once it is
  // saved or its changes discarded. Not while an earlier session's autosave awaits a decision
  // (nothing can be edited then: RESTORE_FIRST_NOTICE).
  useEffect(() => {
    if (meta === null || shell === null) return;
    if (!dirty) {
      unsavedSince.current = null;
      if (autosaved.current) {
        autosaved.current = false;
        api['documents.discardAutosave']('open').catch(() => undefined);
      }
      return;
    }
    if (restoreOffer !== null) return;
    const since = (unsavedSince.current ??= Date.now());
    const delay = Math.max(0, Math.min(AUTOSAVE_DELAY_MS, since + AUTOSAVE_MAX_DELAY_MS - Date.now()));
    const text = snapshot.text;
    const timer = setTimeout(() => {
      autosaved.current = true;
      unsavedSince.current = null;
      api['documents.autosave'](text, { handle: meta.handle, name: meta.name }).then(
        () => {
          autosaveFailing.current = false;
        },
        (error: unknown) => autosaveFailed(error),
      );
    }, delay);
    return () => clearTimeout(timer);
  }, [api, meta, dirty, snapshot.text, restoreOffer, shell, autosaveFailed]);

  // The document set aside keeps its unsaved changes in the autosave's second slot: written at
  // once (its text does not change while it is aside), deleted when it comes back or is saved.
  const asideAutosaved = useRef(false);
  useEffect(() => {
    if (shell === null) return;
    if (aside === null || !aside.dirty) {
      if (asideAutosaved.current) {
        asideAutosaved.current = false;
        api['documents.discardAutosave']('aside').catch(() => undefined);
      }
      return;
    }
    if (restoreOffer !== null) return;
    asideAutosaved.current = true;
    api['documents.autosave'](aside.text, {
      handle: aside.meta.handle,
      name: aside.meta.name,
      slot: 'aside',
    }).catch(autosaveFailed);
  }, [api, aside, restoreOffer, shell, autosaveFailed]);

  return {
    meta,
    snapshot,
    dirty,
    restoreOffer,
    prompt,
    replaceWith,
    openExample,
    openUpload,
    save,
    exportJson,
    restore,
    discardOffer,
    aside,
    openBeside,
    switchAside,
  };
}

function stem(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, '') || 'imported';
}

/** Why a document cannot be set aside: `name`, aside already, has unsaved changes. */
function asideInTheWay(name: string, because?: string): string {
  return `${name} is set aside with unsaved changes${because ? `, and ${because}` : ''}: switch to it (above the canvas) and save it first.`;
}
