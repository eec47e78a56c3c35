/**
 * Writing a file so that it is either the old file or the new one, never half of each: the text
 * goes to a temporary file next to it, is flushed to disk, and replaces the file by a rename
 * (atomic on one file system). A failure leaves the old file as it was and no temporary file.
 */
import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** The file-system calls the write makes that a test may want to fail. */
export interface AtomicWriteHooks {
  readonly rename?: (from: string, to: string) => Promise<void>;
}

/**
 * Writes `text` (UTF-8) or bytes to `target`. A symbolic link is followed (the file it points to is
 * replaced, the link stays), and the file keeps its permissions.
 */
export async function writeFileAtomic(
  target: string,
  text: string | Uint8Array,
  hooks: AtomicWriteHooks = {},
): Promise<void> {
  const destination = await realpath(target).catch(() => path.resolve(target));
  const directory = path.dirname(destination);
  const temporary = path.join(
    directory,
    `.${path.basename(destination)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const mode = await stat(destination).then(
    (info) => info.mode & 0o777,
    () => 0o666,
  );
  try {
    const file = await open(temporary, 'wx', mode);
    try {
      await (typeof text === 'string' ? file.writeFile(text, 'utf8') : file.writeFile(text));
      await file.sync();
    } finally {
      await file.close();
    }
    await (hooks.rename ?? rename)(temporary, destination);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

/** Flushes a rename to disk where the platform can (not on Windows, where a folder cannot be opened). */
async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every file system lets a folder be synced; the rename itself is still atomic.
  }
}
