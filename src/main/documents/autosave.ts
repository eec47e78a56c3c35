/**
 * The autosave of unsaved documents, in the user-data folder, in two slots:
 *
 *   autosave/document.json         the open document's text, as it was in the editor
 *   autosave/autosave.json         { version, name, originalPath, savedAt }
 *   autosave/aside-document.json   the same for the document set aside by Create variant
 *   autosave/aside.json
 *
 * A slot is written while its document has unsaved changes and deleted when they are saved or
 * discarded, so one that is there when a session starts was left by a session that ended
 * without either (a crash): the studio offers to restore it.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MAX_DOCUMENT_CHARS, type AutosaveSlot } from '@shared/documents.ts';
import { writeFileAtomic } from './atomic-write.ts';

export const AUTOSAVE_DIRECTORY = 'autosave';
export const AUTOSAVE_TEXT_FILE = 'document.json';
export const AUTOSAVE_METADATA_FILE = 'autosave.json';
/** The files of each slot, text and metadata. */
export const AUTOSAVE_FILES: Readonly<Record<AutosaveSlot, { text: string; metadata: string }>> = {
  open: { text: AUTOSAVE_TEXT_FILE, metadata: AUTOSAVE_METADATA_FILE },
  aside: { text: 'aside-document.json', metadata: 'aside.json' },
};

/** What is kept beside the text. */
export interface AutosaveMetadata {
  /** The document's name as the title showed it. */
  readonly name: string;
  /** The file it came from or was last saved to; null when it had none. */
  readonly originalPath: string | null;
  /** When it was written (ms since the epoch). */
  readonly savedAt: number;
}

const metadataSchema = z.object({
  version: z.literal(1),
  name: z.string().min(1).max(255),
  originalPath: z.string().min(1).nullable(),
  savedAt: z.number(),
});

export interface Autosave extends AutosaveMetadata {
  readonly text: string;
}

export interface AutosaveStore {
  readonly directory: string;
  write(text: string, metadata: AutosaveMetadata): Promise<void>;
  /** The autosave, or null when there is none (or it is incomplete or damaged). */
  read(): Promise<Autosave | null>;
  /** Deletes it; whether there was one. */
  discard(): Promise<boolean>;
}

/** One slot of the autosave folder (the open document's, unless `slot` says otherwise). */
export function openAutosaveStore(dataDirectory: string, slot: AutosaveSlot = 'open'): AutosaveStore {
  const directory = path.join(dataDirectory, AUTOSAVE_DIRECTORY);
  const textFile = path.join(directory, AUTOSAVE_FILES[slot].text);
  const metadataFile = path.join(directory, AUTOSAVE_FILES[slot].metadata);
  return {
    directory,
    async write(text, metadata) {
      await mkdir(directory, { recursive: true });
      // The text first: metadata beside an older text would only restore older changes.
      await writeFileAtomic(textFile, text);
      await writeFileAtomic(
        metadataFile,
        `${JSON.stringify({ version: 1, ...metadata } satisfies z.infer<typeof metadataSchema>, null, 2)}\n`,
      );
    },
    async read() {
      let metadata;
      let text;
      try {
        metadata = metadataSchema.safeParse(JSON.parse(await readFile(metadataFile, 'utf8')));
        text = await readFile(textFile, 'utf8');
      } catch {
        return null;
      }
      if (!metadata.success || text.length > MAX_DOCUMENT_CHARS) return null;
      const { name, originalPath, savedAt } = metadata.data;
      return { name, originalPath, savedAt, text };
    },
    async discard() {
      const existed = await readFile(metadataFile).then(
        () => true,
        () => false,
      );
      // The metadata first: without it, a text left behind is never offered.
      await rm(metadataFile, { force: true });
      await rm(textFile, { force: true });
      return existed;
    },
  };
}
