/** Running the CLI in memory (with the real file system) and files for it, for the CLI tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { main } from '@cli/main.ts';
import { processIo, type CliIo } from '@cli/io.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in memory with the real file system; returns exit code and output. */
export async function cli(...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    ...processIo,
    isTerminal: false,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A temporary folder for one test file, removed after it; `file` writes a file in it. */
export function workspace(prefix: string) {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return {
    folder,
    path: (name: string) => path.join(folder, name),
    file: (name: string, content: string | Buffer | object) => {
      const file = path.join(folder, name);
      writeFileSync(
        file,
        typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2),
      );
      return file;
    },
  };
}

/** A small valid document: www → web (karyon) → db (store), with `extra` merged in. */
export function smallDocument(extra: Record<string, unknown> = {}, web: Record<string, unknown> = {}) {
  return {
    arch: 'small',
    services: [
      { name: 'db', package: 'store', count: 2, regions: 1, dependencies: [] },
      { name: 'web', package: 'karyon', count: 2, regions: 1, dependencies: ['db'], ...web },
      { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['web'] },
    ],
    ...extra,
  };
}
