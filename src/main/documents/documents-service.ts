/**
 * The documents service behind the `documents.*` channels, for both shells: opening and saving
 * architecture files, Open Recent, the files the OS or the command line asks to open, and the
 * autosave of unsaved changes.
 *
 * Files are named by `DocumentHandle`s this service mints when the user chooses a file — in a
 * dialog (desktop), from Open Recent (desktop), on the command line or from the OS (argv,
 * `open-file`, `npm run web -- FILE`) — and never by a path from the renderer. So a renderer can
 * read and write only files the user chose, and in the web host (no dialogs, no Open Recent)
 * only the file given on its command line: other files reach the browser by upload and leave it
 * by download.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  MAX_DOCUMENT_CHARS,
  formatDocumentText,
  fileNameOf,
  suggestedFileName,
  type AutosaveInfo,
  type AutosaveOffer,
  type AutosaveSlot,
  type AutosavedDocument,
  type DocumentHandle,
  type OpenedDocument,
  type RecentFiles,
  type SavedDocument,
} from '@shared/documents.ts';
import { importDocumentText } from '@shared/import/index.ts';
import {
  RequestError,
  type ExportFormat,
  type StudioEventOf,
  type StudioEventSource,
} from '@shared/ipc/contract.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { openAutosaveStore, type Autosave, type AutosaveStore } from './autosave.ts';
import { openRecentFiles, type RecentFilesStore } from './recent-files.ts';

/** Largest file opened, in bytes. */
export const MAX_DOCUMENT_FILE_BYTES = MAX_DOCUMENT_CHARS;

/** What a save dialog is for: the document, a copy of it, or a diagram. */
export type SavePurpose = 'save' | 'export' | `export-${ExportFormat}`;

/** The native file dialogs (Electron's `dialog`); the web host has none. */
export interface FileDialogs {
  /** The file the user chose to open, or null when cancelled. */
  chooseFileToOpen(purpose: 'open' | 'import'): Promise<string | null>;
  /** The file the user chose to write (proposed: `defaultPath`), or null when cancelled. */
  chooseFileToSave(purpose: SavePurpose, defaultPath: string): Promise<string | null>;
}

export interface DocumentsServiceOptions {
  /** The user-data folder: recent-files.json and autosave/ live here. */
  readonly dataDirectory: string;
  /** Null in the web host: Open…, Import, Save As… and Export are the browser's there. */
  readonly dialogs: FileDialogs | null;
  /** Whether to keep Open Recent (desktop only: the web host opens only what it was given). */
  readonly recentFiles: boolean;
  /** Where a save dialog starts until a file was opened or saved (the user's documents folder). */
  readonly defaultDirectory?: string;
  /**
   * The file given on the web host's command line: every page that starts opens it (a reload
   * shows it again), unless the OS asked for another since.
   */
  readonly commandLineFile?: string;
  readonly now?: () => number;
}

/** The events this service emits. */
export type DocumentsEvent = StudioEventOf<'documents.openRequested' | 'studio.notice'>;

export interface DocumentsService extends StudioEventSource<DocumentsEvent> {
  open(): Promise<OpenedDocument | null>;
  import(): Promise<OpenedDocument | null>;
  recent(): Promise<RecentFiles>;
  openRecent(id: string): Promise<OpenedDocument>;
  clearRecent(): Promise<RecentFiles>;
  /**
   * Asks the renderer to open `file` (argv, a second instance, macOS open-file, the web host's
   * command line): it becomes the pending file and `documents.openRequested` is emitted. The
   * last request wins (the studio shows one document).
   */
  requestOpen(file: string): void;
  takePending(): Promise<OpenedDocument | null>;
  save(handle: DocumentHandle, text: string): Promise<SavedDocument>;
  saveAs(text: string, name: string): Promise<SavedDocument | null>;
  export(text: string, name: string): Promise<{ name: string; path: string } | null>;
  /** Writes a diagram (SVG text, or PNG as base64) where the user chooses. */
  /** Writes an exported file (text, or PNG as base64) where the user chooses, proposing `fileName`. */
  exportFile(
    format: ExportFormat,
    data: string,
    fileName: string,
  ): Promise<{ name: string; path: string } | null>;
  autosave(text: string, info: AutosaveInfo): Promise<{ savedAt: number }>;
  restoreOffer(): Promise<AutosaveOffer | null>;
  /** Deletes one slot of the autosave, or without `slot` both. */
  discardAutosave(slot?: AutosaveSlot): Promise<{ discarded: boolean }>;
  /**
   * Deletes the autosaves this session wrote (Don't Save when a window closes), leaving any an
   * earlier session left and the user has not decided about yet.
   */
  discardOwnAutosave(): Promise<void>;
  /** Called with the recent files whenever the list changes (the desktop rebuilds its menu). */
  onRecentFilesChanged(listener: (recent: RecentFiles) => void): () => void;
  /** Waits for writes in progress. */
  close(): Promise<void>;
}

export function createDocumentsService(options: DocumentsServiceOptions): DocumentsService {
  const now = options.now ?? Date.now;
  const recents: RecentFilesStore | null = options.recentFiles
    ? openRecentFiles(options.dataDirectory, now)
    : null;
  const autosaves: Readonly<Record<AutosaveSlot, AutosaveStore>> = {
    open: openAutosaveStore(options.dataDirectory, 'open'),
    aside: openAutosaveStore(options.dataDirectory, 'aside'),
  };
  const listeners = new Set<(event: DocumentsEvent) => void>();
  const recentListeners = new Set<(recent: RecentFiles) => void>();
  const handles = new Map<DocumentHandle, string>();
  const handlesByPath = new Map<string, DocumentHandle>();
  let pending: string | null = null;
  const commandLineFile =
    options.commandLineFile === undefined ? null : path.resolve(options.commandLineFile);
  /** The folder of the last file opened or saved: where the next save dialog starts. */
  let lastDirectory = options.defaultDirectory ?? null;
  const proposedPath = (name: string) => {
    const file = suggestedFileName(name);
    return lastDirectory === null ? file : path.join(lastDirectory, file);
  };
  /** Whether each slot's autosave on disk is this session's. */
  const ownsAutosave: Record<AutosaveSlot, boolean> = { open: false, aside: false };
  /** Deletes a slot's autosave; whether there was one. */
  const discardSlot = (slot: AutosaveSlot): Promise<boolean> => {
    ownsAutosave[slot] = false;
    return autosaves[slot].discard();
  };
  /** An autosave as offered: with a handle for its file when that still exists. */
  const offered = async (found: Autosave): Promise<AutosavedDocument> => {
    const exists =
      found.originalPath !== null &&
      (await stat(found.originalPath).then(
        (info) => info.isFile(),
        () => false,
      ));
    return {
      name: found.name,
      text: found.text,
      savedAt: found.savedAt,
      // The file it belonged to, as chosen in an earlier session: Save writes there again.
      handle: exists ? handleFor(found.originalPath!) : null,
      path: found.originalPath,
    };
  };
  // Autosave writes and deletes happen one after the other, in the order asked.
  let autosaveQueue: Promise<unknown> = Promise.resolve();

  const emit = (event: DocumentsEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error(`archsim: a ${event.channel} listener failed`, error);
      }
    }
  };

  const serialise = <T>(task: () => Promise<T>): Promise<T> => {
    const next = autosaveQueue.catch(() => undefined).then(task);
    autosaveQueue = next;
    return next;
  };

  const handleFor = (file: string): DocumentHandle => {
    const existing = handlesByPath.get(file);
    if (existing) return existing;
    const handle = randomBytes(16).toString('hex') as DocumentHandle;
    handles.set(handle, file);
    handlesByPath.set(file, handle);
    return handle;
  };

  const recentChanged = async () => {
    if (!recents || recentListeners.size === 0) return;
    const list = await recents.list();
    for (const listener of [...recentListeners]) listener(list);
  };

  const remember = async (file: string) => {
    lastDirectory = path.dirname(file);
    if (!recents) return;
    await recents.add(file);
    await recentChanged();
  };

  const requireDialogs = (what: string): FileDialogs => {
    if (!options.dialogs) {
      throw new RequestError(
        `${what} needs a file dialog, which the web host does not have: the browser uploads and downloads files instead.`,
      );
    }
    return options.dialogs;
  };

  const openFile = async (file: string): Promise<OpenedDocument> => {
    const text = await readDocumentFile(file);
    await remember(file);
    return { handle: handleFor(file), name: path.basename(file), path: file, text, unsaved: false };
  };

  /** The text as it is written; refused before any dialog opens when it is not JSON. */
  const formatted = (text: string): string => {
    const result = formatDocumentText(text);
    if (!result.ok) throw new RequestError(result.message);
    return result.text;
  };

  const writeDocument = async (file: string, text: string): Promise<void> => {
    try {
      await writeFileAtomic(file, text);
    } catch (error) {
      throw new RequestError(`${path.basename(file)} could not be saved: ${describeFileError(error)}`);
    }
  };

  /** Writes already formatted text. */
  const saveTo = async (file: string, written: string): Promise<SavedDocument> => {
    await writeDocument(file, written);
    await remember(file);
    // What was saved is the open document: its autosave has done its work.
    await serialise(async () => {
      if (ownsAutosave.open) await discardSlot('open');
    });
    return { handle: handleFor(file), name: path.basename(file), path: file, text: written };
  };

  return {
    async open() {
      const file = await requireDialogs('Open…').chooseFileToOpen('open');
      return file === null ? null : openFile(file);
    },

    async import() {
      const file = await requireDialogs('Import').chooseFileToOpen('import');
      if (file === null) return null;
      const name = path.basename(file);
      const imported = importDocumentText(name, await readDocumentFile(file));
      if (!imported.ok) {
        const where =
          imported.line === undefined ? '' : ` (line ${imported.line}, column ${imported.column})`;
        const reason = imported.message.charAt(0).toUpperCase() + imported.message.slice(1);
        throw new RequestError(`${name} cannot be imported. ${reason}${where}.`);
      }
      // A new document with the file's content (or, from docker-compose or SVG, the document made
      // of it): Save asks where, and never overwrites the original. A JSON file keeps its name.
      const json = imported.format === 'spigo' || imported.format === 'archsim';
      const documentName = json ? name : `${name.replace(/\.[^.]*$/, '')}.json`;
      return { handle: null, name: documentName, path: file, text: imported.text, unsaved: true };
    },

    async recent() {
      if (!recents) return { files: [], removed: [] };
      const list = await recents.list();
      if (list.removed.length > 0) {
        emit({
          channel: 'studio.notice',
          payload: {
            level: 'info',
            message: `Taken off Open Recent (no longer there): ${list.removed.map((file) => path.basename(file)).join(', ')}.`,
          },
        });
        for (const listener of [...recentListeners]) listener(list);
      }
      return list;
    },

    async openRecent(id) {
      if (!recents) throw new RequestError('Open Recent is not available in the web host.');
      const entry = await recents.find(id);
      if (!entry) throw new RequestError('That file is no longer in Open Recent.');
      try {
        return await openFile(entry.path);
      } catch (error) {
        if (error instanceof RequestError && (await stat(entry.path).catch(() => null)) === null) {
          await recents.remove(entry.path);
          await recentChanged();
          throw new RequestError(`${entry.name} no longer exists; it was taken off Open Recent.`);
        }
        throw error;
      }
    },

    async clearRecent() {
      if (!recents) return { files: [], removed: [] };
      await recents.clear();
      await recentChanged();
      return { files: [], removed: [] };
    },

    requestOpen(file) {
      pending = path.resolve(file);
      emit({ channel: 'documents.openRequested', payload: { name: path.basename(pending) } });
    },

    async takePending() {
      const file = pending ?? commandLineFile;
      pending = null;
      return file === null ? null : openFile(file);
    },

    async save(handle, text) {
      const file = handles.get(handle);
      if (file === undefined) throw new RequestError('This document has no file to save to: use Save As.');
      return saveTo(file, formatted(text));
    },

    async saveAs(text, name) {
      const dialogs = requireDialogs('Save As…');
      const written = formatted(text);
      const chosen = await dialogs.chooseFileToSave('save', proposedPath(name));
      return chosen === null ? null : saveTo(withJsonExtension(chosen), written);
    },

    async export(text, name) {
      const dialogs = requireDialogs('Export');
      const written = formatted(text);
      const chosen = await dialogs.chooseFileToSave('export', proposedPath(name));
      if (chosen === null) return null;
      const file = withJsonExtension(chosen);
      await writeDocument(file, written);
      return { name: path.basename(file), path: file };
    },

    async exportFile(format, data, fileName) {
      const dialogs = requireDialogs('Export');
      if (format === 'png' && !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) {
        throw new RequestError('The PNG image arrived damaged (not base64).');
      }
      // NOTE: the name comes from the page: path syntax in it must not steer the dialog elsewhere.
      const name = fileNameOf(fileName, `export.${format}`);
      const proposed = /\.[A-Za-z0-9]+$/.test(name) ? name : `${name}.${format}`;
      const chosen = await dialogs.chooseFileToSave(
        `export-${format}`,
        lastDirectory === null ? proposed : path.join(lastDirectory, proposed),
      );
      if (chosen === null) return null;
      const file = path.extname(chosen) === '' ? `${chosen}.${format}` : chosen;
      try {
        await writeFileAtomic(file, format === 'png' ? Buffer.from(data, 'base64') : data);
      } catch (error) {
        throw new RequestError(`${path.basename(file)} could not be written: ${describeFileError(error)}`);
      }
      return { name: path.basename(file), path: file };
    },

    autosave(text, info) {
      const slot = info.slot ?? 'open';
      return serialise(async () => {
        const savedAt = now();
        const originalPath = info.handle === null ? null : (handles.get(info.handle) ?? null);
        await autosaves[slot].write(text, { name: info.name, originalPath, savedAt });
        ownsAutosave[slot] = true;
        return { savedAt };
      });
    },

    async restoreOffer() {
      const [open, aside] = await serialise(() =>
        Promise.all([autosaves.open.read(), autosaves.aside.read()]),
      );
      // Only a set-aside document left (its variant was saved, or had no changes): it is offered
      // on its own, as the document to restore.
      if (open === null) return aside === null ? null : offered(aside);
      const offer = await offered(open);
      return aside === null ? offer : { ...offer, aside: await offered(aside) };
    },

    discardAutosave(slot) {
      return serialise(async () => {
        if (slot !== undefined) return { discarded: await discardSlot(slot) };
        const [open, aside] = [await discardSlot('open'), await discardSlot('aside')];
        return { discarded: open || aside };
      });
    },

    discardOwnAutosave() {
      return serialise(async () => {
        for (const slot of ['open', 'aside'] as const) if (ownsAutosave[slot]) await discardSlot(slot);
      });
    },

    onRecentFilesChanged(listener) {
      recentListeners.add(listener);
      return () => {
        recentListeners.delete(listener);
      };
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async close() {
      await autosaveQueue.catch(() => undefined);
    },
  };
}

/** Reads a document file, refusing what cannot be one; errors are said for the user. */
export async function readDocumentFile(file: string): Promise<string> {
  const name = path.basename(file);
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new RequestError(`${name} is not a file.`);
    if (info.size > MAX_DOCUMENT_FILE_BYTES) {
      throw new RequestError(
        `${name} is larger than ${MAX_DOCUMENT_FILE_BYTES / 1024 / 1024} MiB, the most the studio opens (the command line reads up to 64 MiB).`,
      );
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof RequestError) throw error;
    throw new RequestError(`${name} could not be opened: ${describeFileError(error)}`);
  }
  if (text.includes('\0')) throw new RequestError(`${name} is not a text file.`);
  // A byte-order mark is not part of the JSON.
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** The user's words for a file-system error. */
function describeFileError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'it does not exist.';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied.';
    case 'EISDIR':
      return 'it is a folder.';
    case 'ENOSPC':
      return 'the disk is full.';
    case 'EROFS':
      return 'the disk is read-only.';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** A chosen file name without an extension gets .json (Linux save dialogs do not add one). */
function withJsonExtension(file: string): string {
  return path.extname(file) === '' ? `${file}.json` : file;
}
