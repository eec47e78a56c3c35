/** Reading architecture files for commands: text → validated document, with clear failures. */
import path from 'node:path';
import { validateDocumentText, type ValidationOptions } from '@shared/document/validate.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import type { Problem } from '@shared/document/problems.ts';
import { EXIT, InputFileError, UsageError, type CliIo } from './io.ts';
import { formatProblemLines } from './problems.ts';

export type LoadedFile =
  | { readonly kind: 'unreadable'; readonly file: string; readonly message: string }
  | { readonly kind: 'malformed'; readonly file: string; readonly problems: readonly Problem[] }
  | {
      readonly kind: 'checked';
      readonly file: string;
      readonly document: ArchDocument | null;
      readonly problems: readonly Problem[];
    };

/** Why a file could not be read, in a few words. */
export function describeReadError(cause: unknown): string {
  if (cause instanceof InputFileError) return cause.message;
  const error = cause as NodeJS.ErrnoException;
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a folder on its path is a file';
    default:
      return error.message ?? String(cause);
  }
}

export function loadArchitectureFile(io: CliIo, file: string, options: ValidationOptions = {}): LoadedFile {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (cause) {
    return { kind: 'unreadable', file, message: `cannot read file: ${describeReadError(cause)}` };
  }
  const result = validateDocumentText(text, options);
  if (result.value === undefined) return { kind: 'malformed', file, problems: result.problems };
  return { kind: 'checked', file, document: result.document, problems: result.problems };
}

/** spigo names instances after its -a value, i.e. the file name: netflixoss_arch.json → netflixoss. */
export function architectureNameFromFile(file: string): string {
  return path.basename(file).replace(/(_arch)?\.json$/i, '');
}

/**
 * For commands that need a valid document (expand, run): loads it, prints its problems on stderr
 * (warnings too), and returns it, or the exit code when it cannot be used (2 unreadable or not
 * JSON, 1 invalid).
 */
export function loadDocumentOrReport(
  io: CliIo,
  file: string,
  options: ValidationOptions,
): { readonly document: ArchDocument } | { readonly exitCode: number } {
  const loaded = loadArchitectureFile(io, file, options);
  if (loaded.kind === 'unreadable') {
    io.stderr(`${file}: ${loaded.message}\n`);
    return { exitCode: EXIT.usage };
  }
  if (loaded.kind === 'malformed') {
    const problem = loaded.problems[0];
    io.stderr(`${file}:${problem?.line}:${problem?.column}: ${problem?.message}\n`);
    return { exitCode: EXIT.usage };
  }
  for (const line of formatProblemLines(file, loaded.problems)) io.stderr(`${line}\n`);
  return loaded.document ? { document: loaded.document } : { exitCode: EXIT.problems };
}

/**
 * Throws a UsageError for a --scenario the document does not have, listing the ones it has
 * (and "all", where the command takes it: `run` runs them all in turn).
 */
export function checkScenarioName(
  known: readonly string[],
  name: string | undefined,
  allowAll: boolean,
): void {
  if (name === undefined || known.includes(name) || (allowAll && name === 'all')) return;
  const list = [...known, ...(allowAll ? ['all'] : [])];
  throw new UsageError(
    `unknown scenario "${name}" (${known.length > 0 ? `known: ${list.join(', ')}` : 'the document has none'})`,
  );
}
