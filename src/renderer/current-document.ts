/**
 * The current document: the one the studio shows and edits, wherever it came from (a file, an
 * example, New, an upload, an import, a restored autosave). Its text is the source of truth —
 * the services table, the problems, the runs and the saved file are all derived from it — and it
 * is dirty while the text differs from what was last opened or saved.
 */
import {
  UNTITLED_NAME,
  newDocumentText,
  type DocumentHandle,
  type OpenedDocument,
} from '@shared/documents.ts';
import { downloadBlob } from './export/diagram-export.ts';

/** Where the current document came from. */
export type DocumentOrigin =
  | { readonly kind: 'example'; readonly id: string }
  | { readonly kind: 'file' }
  | { readonly kind: 'new' }
  | { readonly kind: 'upload' }
  | { readonly kind: 'import' }
  | { readonly kind: 'restored' };

export interface CurrentDocument {
  /** Changes with every document opened, so views of the previous one reset. */
  readonly serial: number;
  readonly origin: DocumentOrigin;
  /** The title's name: "lamp.json", "Untitled". */
  readonly name: string;
  /** The file Save writes to (desktop: chosen in a dialog; web host: its command-line file). */
  readonly handle: DocumentHandle | null;
  /** That file's path, to show. */
  readonly path: string | null;
  readonly text: string;
  /** The text as last opened or saved; null when it never was (an import, a restored autosave). */
  readonly savedText: string | null;
}

let serial = 0;

export function isDirty(document: CurrentDocument): boolean {
  return document.savedText === null || document.text !== document.savedText;
}

/** A document shown again (switched back to): the same, under a new serial. */
export function reshown(document: CurrentDocument): CurrentDocument {
  return { ...document, serial: ++serial };
}

/** File > New. */
export function newDocument(): CurrentDocument {
  const text = newDocumentText();
  return {
    serial: ++serial,
    origin: { kind: 'new' },
    name: UNTITLED_NAME,
    handle: null,
    path: null,
    text,
    savedText: text,
  };
}

/** An example, as shipped; Save asks where (examples are not written to). */
export function exampleDocument(id: string, text: string): CurrentDocument {
  return {
    serial: ++serial,
    origin: { kind: 'example', id },
    name: `${id}.json`,
    handle: null,
    path: null,
    text,
    savedText: text,
  };
}

/** A document the main process read (a file, an import). */
export function openedDocument(
  opened: OpenedDocument,
  origin: DocumentOrigin = { kind: opened.unsaved ? 'import' : 'file' },
): CurrentDocument {
  return {
    serial: ++serial,
    origin,
    name: opened.name,
    handle: opened.handle,
    path: opened.path,
    text: opened.text,
    savedText: opened.unsaved ? null : opened.text,
  };
}

/** A file the browser read (the web host's Open and Import: an upload). */
export function uploadedDocument(name: string, text: string, unsaved: boolean): CurrentDocument {
  return {
    serial: ++serial,
    origin: unsaved ? { kind: 'import' } : { kind: 'upload' },
    name,
    handle: null,
    path: null,
    text,
    savedText: unsaved ? null : text,
  };
}

/** Changes a previous session left (the autosave). */
export function restoredDocument(
  name: string,
  text: string,
  handle: DocumentHandle | null,
  path: string | null,
): CurrentDocument {
  return { serial: ++serial, origin: { kind: 'restored' }, name, handle, path, text, savedText: null };
}

/**
 * The document after a save of `sentText` went through as `savedText` (formatted), to `where`.
 * An edit made while the save was on its way stays (and the document stays dirty).
 */
export function afterSave(
  document: CurrentDocument,
  sentText: string,
  savedText: string,
  where: { readonly name: string; readonly handle: DocumentHandle | null; readonly path: string | null },
): CurrentDocument {
  const unchanged = document.text === sentText;
  return {
    ...document,
    name: where.name,
    handle: where.handle,
    path: where.path,
    text: unchanged ? savedText : document.text,
    savedText: unchanged ? savedText : sentText,
  };
}

/** Downloads `text` as a file (the web host's Save, Save As and Export). */
export function downloadText(text: string, fileName: string): void {
  downloadBlob(new Blob([text], { type: 'application/json' }), fileName);
}
