/**
 * Open Recent: the files the user last opened or saved, newest first, at most MAX_RECENT_FILES,
 * kept in the user-data folder (recent-files.json). Files that no longer exist are taken off the
 * list when it is read, and said so. An entry's id is derived from its path, so the renderer can
 * ask for a recent file without ever sending a path.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MAX_RECENT_FILES, type RecentFile, type RecentFiles } from '@shared/documents.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** The list's file name in the user-data folder. */
export const RECENT_FILES_FILE = 'recent-files.json';

const storedSchema = z.object({
  version: z.literal(1),
  files: z.array(z.object({ path: z.string().min(1), openedAt: z.number() })),
});

export interface RecentFilesStore {
  /** The list after taking off files that no longer exist (`removed`: their paths). */
  list(): Promise<RecentFiles>;
  /** Puts `file` (an absolute path) first. */
  add(file: string): Promise<void>;
  /** Takes a file off the list. */
  remove(file: string): Promise<void>;
  clear(): Promise<void>;
  /** The entry with this id, whether its file still exists or not. */
  find(id: string): Promise<RecentFile | undefined>;
}

/** The id of a recent file: 16 hex digits of its path's SHA-256. */
export function recentFileId(file: string): string {
  return createHash('sha256').update(file).digest('hex').slice(0, 16);
}

export function openRecentFiles(dataDirectory: string, now: () => number = Date.now): RecentFilesStore {
  const location = path.join(dataDirectory, RECENT_FILES_FILE);
  let entries: { path: string; openedAt: number }[] | null = null;
  // Changes are written one after the other, in order.
  let writing: Promise<void> = Promise.resolve();

  const load = async () => {
    if (entries !== null) return entries;
    try {
      const parsed = storedSchema.safeParse(JSON.parse(await readFile(location, 'utf8')));
      // NOTE: a list that is not ours (or damaged) is started afresh: it only names files.
      entries = parsed.success ? parsed.data.files.slice(0, MAX_RECENT_FILES) : [];
    } catch {
      entries = [];
    }
    return entries;
  };

  const save = (next: { path: string; openedAt: number }[]) => {
    entries = next;
    const text = `${JSON.stringify({ version: 1, files: next }, null, 2)}\n`;
    writing = writing
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dataDirectory, { recursive: true });
        await writeFileAtomic(location, text);
      });
    return writing;
  };

  const toRecent = (entry: { path: string; openedAt: number }): RecentFile => ({
    id: recentFileId(entry.path),
    name: path.basename(entry.path),
    path: entry.path,
    openedAt: entry.openedAt,
  });

  return {
    async list() {
      const current = await load();
      const removed: string[] = [];
      const kept = [];
      for (const entry of current) {
        if (await isMissing(entry.path)) removed.push(entry.path);
        else kept.push(entry);
      }
      if (removed.length > 0) await save(kept);
      return { files: kept.map(toRecent), removed };
    },
    async add(file) {
      const current = await load();
      const next = [{ path: file, openedAt: now() }, ...current.filter((entry) => entry.path !== file)];
      await save(next.slice(0, MAX_RECENT_FILES));
    },
    async remove(file) {
      const current = await load();
      if (current.some((entry) => entry.path === file)) {
        await save(current.filter((entry) => entry.path !== file));
      }
    },
    async clear() {
      await save([]);
    },
    async find(id) {
      const entry = (await load()).find((candidate) => recentFileId(candidate.path) === id);
      return entry && toRecent(entry);
    },
  };
}

/** Whether a file is gone (not there, or no longer a file); unreadable ones stay listed. */
async function isMissing(file: string): Promise<boolean> {
  try {
    return !(await stat(file)).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}
