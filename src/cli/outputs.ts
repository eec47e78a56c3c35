/**
 * Files a command writes (`--out`, `--traces`, `--csv`…): checked before any work is done, and
 * written whole or not at all.
 *
 * - A command never writes over its own input, and never over an existing file without `--force`.
 * - Two outputs of one command may not name the same file.
 * - A folder that does not exist or cannot be written, or a path that is a folder, is reported in
 *   one line before the work starts (a simulation can take minutes).
 * - A file is written to a temporary name beside it and renamed into place, so that a failure
 *   half-way leaves the old file (or none), never half a new one. Devices and FIFOs
 *   (`--out /dev/stdout`) are written directly: they are not files to replace.
 */
import { accessSync, constants, realpathSync, renameSync, statSync, unlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError, type CliIo } from './io.ts';
import { describeReadError } from './load.ts';

/** Why a file cannot be written, in a few words. */
function describeWriteError(cause: unknown): string {
  switch ((cause as NodeJS.ErrnoException).code) {
    case 'EROFS':
      return 'a read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return 'no such folder';
    default:
      return describeReadError(cause);
  }
}

/** One file a command is asked to write. */
export interface OutputRequest {
  /** The option that names it, for messages ("--out"). */
  readonly option: string;
  readonly path: string;
}

const statOrNull = (file: string): Stats | null => statSync(file, { throwIfNoEntry: false }) ?? null;

/** The same file: one inode, or (for paths that do not exist yet) one resolved path. */
function sameFile(left: string, right: string): boolean {
  const a = statOrNull(left);
  const b = statOrNull(right);
  if (a && b) return a.dev === b.dev && a.ino === b.ino;
  const resolve = (file: string) => {
    try {
      return path.join(realpathSync(path.dirname(path.resolve(file))), path.basename(file));
    } catch {
      return path.resolve(file);
    }
  };
  return resolve(left) === resolve(right);
}

/** Why the file cannot be written where it is asked to be, or null when it can. */
function writeProblem(file: string): string | null {
  const target = statOrNull(file);
  if (target?.isDirectory()) return 'is a directory';
  const folder = path.dirname(path.resolve(file));
  const folderStats = statOrNull(folder);
  if (folderStats === null) return 'no such folder';
  if (!folderStats.isDirectory()) return 'a folder on its path is a file';
  try {
    accessSync(target ? file : folder, constants.W_OK);
  } catch (cause) {
    return `${describeWriteError(cause)} (${target ? 'the file' : `its folder ${folder}`} cannot be written)`;
  }
  return null;
}

/** A file the command uses otherwise (its input, its run database), never to be written over. */
export interface ReservedFile {
  readonly path: string;
  /** What it is, for messages: "the input file". */
  readonly what: string;
}

/** The input files as ReservedFile entries. */
export const inputFiles = (...files: readonly string[]): ReservedFile[] =>
  files.map((file) => ({ path: file, what: 'the input file' }));

/**
 * Every reason the outputs cannot be written as asked, as lines for stderr: empty when all is
 * well. "-" (standard output) is never a file.
 */
export function checkOutputs(
  outputs: readonly OutputRequest[],
  reserved: readonly ReservedFile[],
  force: boolean,
): string[] {
  const problems: string[] = [];
  for (const output of outputs)
    if (output.path.trim() === '') problems.push(`${output.option}: the file name is empty; name a file`);
  const files = outputs.filter((output) => output.path !== '-' && output.path.trim() !== '');
  files.forEach((output, index) => {
    const earlier = files.slice(0, index).find((other) => sameFile(other.path, output.path));
    if (earlier) {
      problems.push(
        `${output.path}: ${earlier.option} and ${output.option} both name this file; give each output its own file`,
      );
      return;
    }
    const used = reserved.find((file) => sameFile(file.path, output.path));
    if (used !== undefined) {
      problems.push(`${output.path}: that is ${used.what}; choose another file for ${output.option}`);
      return;
    }
    const existing = statOrNull(output.path);
    if (existing?.isFile() && !force) {
      problems.push(`${output.path}: the file exists; add --force to replace it (${output.option})`);
      return;
    }
    const problem = writeProblem(output.path);
    if (problem !== null) problems.push(`${output.path}: cannot write file: ${problem}`);
  });
  return problems;
}

/** Prints the problems of checkOutputs; true when there were none. */
export function reportOutputProblems(
  io: CliIo,
  outputs: readonly OutputRequest[],
  reserved: readonly ReservedFile[],
  force: boolean,
): boolean {
  const problems = checkOutputs(outputs, reserved, force);
  for (const problem of problems) io.stderr(`${problem}\n`);
  return problems.length === 0;
}

/**
 * Writes a file through `produce`, which gets a writer: to a temporary file beside it, renamed
 * over it when complete (devices and FIFOs directly). Returns null when written, else why not
 * (nothing is left behind).
 */
export function writeOutputFile(
  io: CliIo,
  file: string,
  produce: (write: (chunk: string | Uint8Array) => void) => void,
): string | null {
  const existing = statOrNull(file);
  const direct = existing !== null && !existing.isFile() && !existing.isDirectory();
  const temporary = direct
    ? file
    : path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let output: { write: (chunk: string | Uint8Array) => void; close: () => void };
  try {
    output = io.createFile(temporary);
  } catch (cause) {
    return `cannot write file: ${describeWriteError(cause)}`;
  }
  let closed = false;
  try {
    produce(output.write);
    closed = true;
    output.close();
    if (!direct) renameSync(temporary, file);
    return null;
  } catch (cause) {
    if (!closed) {
      try {
        output.close();
      } catch {
        // The write failed already; that is the error to report.
      }
    }
    if (!direct) {
      try {
        unlinkSync(temporary);
      } catch {
        // Already gone.
      }
    }
    if ((cause as NodeJS.ErrnoException).code === undefined) throw cause;
    return `cannot write file: ${describeWriteError(cause)}`;
  }
}

/**
 * A chart's file must be named .svg (or be "-", standard output): a chart named .png would hold
 * SVG (archsim diagram is the command that writes PNG).
 */
export function checkSvgName(option: string, file: string): void {
  if (file === '-' || /\.svg$/i.test(file)) return;
  throw new UsageError(`${option} ${file}: charts are written as SVG; name the file .svg`);
}
