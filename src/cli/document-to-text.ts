/**
 * The shape of the commands that read one document and write one text (`archsim evolve`,
 * `archsim owm`): `FILE [--out F] [--force] [--help]`, the output checked before any work (never
 * over the input, never over a file without --force), the document loaded with its problems
 * reported, and the text written to F or to standard output.
 */
import type { ArchDocument } from '@shared/document/schema.ts';
import { EXIT, UsageError, type CliIo } from './io.ts';
import { loadDocumentOrReport } from './load.ts';
import { parseCommandArgs } from './options.ts';
import { inputFiles, reportOutputProblems, writeOutputFile } from './outputs.ts';

export interface DocumentCommand {
  readonly file: string;
  readonly document: ArchDocument;
  /** The output file; undefined for standard output. */
  readonly out: string | undefined;
  /** Writes the text where --out says; false (after saying why) when it could not be written. */
  readonly write: (text: string) => boolean;
}

/** Parses and checks the arguments and loads the document; a number is the exit code to end with. */
export function documentCommand(
  command: string,
  usage: string,
  argv: string[],
  io: CliIo,
): DocumentCommand | number {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one FILE`);
  const file = positionals[0] as string;
  const out = values.out === '-' ? undefined : values.out;
  if (
    out !== undefined &&
    !reportOutputProblems(io, [{ option: '--out', path: out }], inputFiles(file), values.force)
  ) {
    return EXIT.usage;
  }
  const loaded = loadDocumentOrReport(io, file, {});
  if ('exitCode' in loaded) return loaded.exitCode;
  const write = (text: string): boolean => {
    if (out === undefined) {
      (io.rawStdout ?? io.stdout)(text);
      return true;
    }
    const failure = writeOutputFile(io, out, (writeText) => writeText(text));
    if (failure) io.stderr(`archsim ${command}: ${failure}\n`);
    return failure === null;
  };
  return { file, document: loaded.document, out, write };
}
