/**
 * Output files of commands that write documents and pictures (`diagram`, `import`): never over
 * an existing file unless `--force`, and never over the command's own input, even with it.
 */
import { realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function resolved(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Why `out` may not be written, or null: it is one of the inputs. */
export function outputConflict(out: string, inputs: readonly string[]): string | null {
  const target = resolved(out);
  const input = inputs.find((file) => resolved(file) === target);
  return input === undefined ? null : `--out ${out} is the input file ${input}; choose another name`;
}

/**
 * Writes `data` to `out`; an existing file is replaced only with `force` (checked by the open
 * itself, so nothing is overwritten between a check and the write). Returns an error message
 * (the file exists, cannot be written) or null.
 */
export function writeOutputFile(out: string, data: string | Uint8Array, force: boolean): string | null {
  try {
    writeFileSync(out, data, { flag: force ? 'w' : 'wx' });
    return null;
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException;
    switch (error.code) {
      case 'EEXIST':
        return `${out} already exists (use --force to overwrite it)`;
      case 'ENOENT':
        return `cannot write ${out}: no such folder`;
      case 'EISDIR':
        return `cannot write ${out}: it is a folder`;
      case 'EACCES':
      case 'EPERM':
        return `cannot write ${out}: permission denied`;
      default:
        return `cannot write ${out}: ${error.message}`;
    }
  }
}

/** Reads a command's input file; the reason in words when it cannot (as `validate` says it). */
export function readInputFile(
  readFile: (file: string) => string,
  file: string,
): { text: string } | { message: string } {
  try {
    return { text: readFile(file) };
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException;
    const reason =
      error.code === 'ENOENT'
        ? 'no such file'
        : error.code === 'EISDIR'
          ? 'is a directory'
          : error.code === 'EACCES'
            ? 'permission denied'
            : error.message;
    return { message: `cannot read file: ${reason}` };
  }
}
