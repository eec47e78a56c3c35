/**
 * Documents as they cross the IPC boundary (`documents.*` channels), and the pure rules both sides
 * share: what a new document is, how a document is written to a file, what an importable spigo
 * file looks like, and how the window is titled.
 *
 * The renderer holds the current document (its text is the source of truth); the main process
 * owns the files. Files are never named by path from the renderer: the main process hands out a
 * `DocumentHandle` for each file the user chose (a dialog, Open Recent, the command line, the
 * OS), and Save takes the handle back. A renderer cannot make up a handle for a file nobody chose.
 */
import { z } from 'zod';
import { architectureValueProblem } from './import/json.ts';

/** An opaque reference to a file the user chose, minted by the main process; never a path. */
export type DocumentHandle = string & { readonly __brand: 'DocumentHandle' };

export const documentHandleSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'must be a document handle')
  .transform((value) => value as DocumentHandle);

/** Largest document text accepted, opened or saved (hand-written architectures, not data). */
export const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;

export const documentTextSchema = z.string().max(MAX_DOCUMENT_CHARS, 'the document is too large');

/**
 * A display name: a file's base name, "Untitled"… NOTE: never made into a path as it is; a save
 * dialog proposes `suggestedFileName(name)`, which takes out path syntax.
 */
export const documentNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[/\0]/.test(name), 'must be a name, not a path');

/** A document the main process read for the renderer. */
export interface OpenedDocument {
  /** Where Save writes it back; null when it has no file of its own yet (an import). */
  readonly handle: DocumentHandle | null;
  /** The file's base name ("lamp.json"). */
  readonly name: string;
  /** The file's full path, to show; the renderer never sends it back. */
  readonly path: string | null;
  readonly text: string;
  /** It differs from its file, or has none: an import, a restored autosave. */
  readonly unsaved: boolean;
}

export const openedDocumentSchema = z.strictObject({
  handle: documentHandleSchema.nullable(),
  name: documentNameSchema,
  path: z.string().nullable(),
  text: documentTextSchema,
  unsaved: z.boolean(),
}) satisfies z.ZodType<OpenedDocument, unknown>;

/** A document written to its file: the text as written (formatted) and where. */
export interface SavedDocument {
  readonly handle: DocumentHandle;
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

export const savedDocumentSchema = z.strictObject({
  handle: documentHandleSchema,
  name: documentNameSchema,
  path: z.string(),
  text: documentTextSchema,
}) satisfies z.ZodType<SavedDocument, unknown>;

/** One entry of Open Recent. */
export interface RecentFile {
  /** What `documents.openRecent` takes: derived from the path, not the path. */
  readonly id: string;
  readonly name: string;
  /** The full path, to show. */
  readonly path: string;
  /** When it was last opened or saved (ms since the epoch). */
  readonly openedAt: number;
}

export interface RecentFiles {
  /** Newest first, at most MAX_RECENT_FILES. */
  readonly files: readonly RecentFile[];
  /** Files that no longer exist and were just taken off the list (their paths). */
  readonly removed: readonly string[];
}

/** A recent file's id (`documents.recent`): the renderer names recent files by it, never by path. */
export const recentIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'must be a recent-file id');

/** How many files Open Recent remembers. */
export const MAX_RECENT_FILES = 10;

export const recentFilesSchema = z.strictObject({
  files: z
    .array(
      z.strictObject({
        id: recentIdSchema,
        name: z.string(),
        path: z.string(),
        openedAt: z.number(),
      }),
    )
    .max(MAX_RECENT_FILES),
  removed: z.array(z.string()),
}) satisfies z.ZodType<RecentFiles>;

/**
 * The autosave's two slots: the open document, and the one Create variant set aside (its
 * unsaved changes would otherwise live only in memory).
 */
export type AutosaveSlot = 'open' | 'aside';
export const autosaveSlotSchema = z.enum(['open', 'aside']) satisfies z.ZodType<AutosaveSlot, unknown>;

/** What the renderer says about the document it autosaves. */
export interface AutosaveInfo {
  /** The file it was opened from or last saved to, if any. */
  readonly handle: DocumentHandle | null;
  readonly name: string;
  /** Which slot it goes to (default: the open document's). */
  readonly slot?: AutosaveSlot;
}

export const autosaveInfoSchema = z.strictObject({
  handle: documentHandleSchema.nullable(),
  name: documentNameSchema,
  slot: autosaveSlotSchema.optional(),
}) satisfies z.ZodType<AutosaveInfo, unknown>;

/**
 * Unsaved changes a previous session left in the autosave folder (it ended without saving or
 * discarding them: a crash, a killed process, a closed browser tab).
 */
export interface AutosavedDocument {
  readonly name: string;
  readonly text: string;
  /** When it was written (ms since the epoch). */
  readonly savedAt: number;
  /** The document's file, when it had one and it still exists: where Save would write. */
  readonly handle: DocumentHandle | null;
  readonly path: string | null;
}

export interface AutosaveOffer extends AutosavedDocument {
  /** The document that was set aside beside it (Create variant), when it had unsaved changes too. */
  readonly aside?: AutosavedDocument;
}

const autosavedDocumentSchema = z.strictObject({
  name: documentNameSchema,
  text: documentTextSchema,
  savedAt: z.number(),
  handle: documentHandleSchema.nullable(),
  path: z.string().nullable(),
}) satisfies z.ZodType<AutosavedDocument, unknown>;

export const autosaveOfferSchema = autosavedDocumentSchema.extend({
  aside: autosavedDocumentSchema.optional(),
}) satisfies z.ZodType<AutosaveOffer, unknown>;

/** The name of a document that has no file yet. */
export const UNTITLED_NAME = 'Untitled';

/**
 * File > New: the smallest document that is valid and runs, one service behind spigo's
 * `denominator` entry point, as the user starts to edit it.
 */
export function newDocumentText(): string {
  return formatJson({
    archsimVersion: 1,
    arch: 'untitled',
    description: '',
    version: 'arch-0.0',
    services: [
      { name: 'app', package: 'monolith', count: 1, regions: 1, dependencies: [] },
      { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['app'] },
    ],
  });
}

/**
 * The text a document is saved as: exactly the user's text — every field, its order, its
 * formatting (the studio edits only the changed spots, so a spigo file keeps its one-line
 * services) — once it is known to be JSON. Text that is not JSON is refused (a file that does not
 * parse would not open again).
 */
export function formatDocumentText(
  text: string,
): { ok: true; text: string } | { ok: false; message: string } {
  try {
    JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `The document is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it before saving.`,
    };
  }
  return { ok: true, text };
}

function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Why `text` cannot be imported as a spigo architecture file, or null when it can: it must be a
 * JSON object with a `services` array (spigo's `json_arch` format; it opens unchanged). A spigo
 * graph (`spigo-0.4`, the instance graph spigo writes) is not an architecture. (Other formats —
 * docker-compose, exported SVG — and located errors: `importDocumentText` in `./import`.)
 */
export function importProblem(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'The file is not JSON.';
  }
  const problem = architectureValueProblem(value);
  return problem === null ? null : `The file is ${problem}.`;
}

/** A file name to suggest in a save dialog or a download: the name, ending in .json. */
export function suggestedFileName(name: string): string {
  const base = fileNameOf(name, 'untitled');
  const stem = base === UNTITLED_NAME ? 'untitled' : base;
  return /\.json$/i.test(stem) ? stem : `${stem}.json`;
}

/**
 * `name` with path syntax taken out — separators of either system, drive colons, the characters
 * Windows refuses — so that, joined to a folder, it names a file in that folder; `fallback` for a
 * name that is empty or nothing but dots once trimmed.
 */
export function fileNameOf(name: string, fallback: string): string {
  const base = name.replace(/[/\\:*?"<>|\0]/g, '-').trim();
  return base === '' || /^\.+$/.test(base) ? fallback : base;
}

/** The window's title: "• name — archsim" while there are unsaved changes. */
export function documentTitle(name: string | null, dirty: boolean): string {
  if (name === null) return 'archsim';
  return `${dirty ? '• ' : ''}${name} — archsim`;
}
