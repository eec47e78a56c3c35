/**
 * `archsim owm FILE [--out map.owm] [--force]`: the architecture's value chain as OnlineWardleyMaps
 * text — paste it into onlinewardleymaps.com, edit it there, and `archsim import map.owm` brings
 * the edits back (what OWM cannot hold travels in `// archsim` comments, which OWM ignores).
 */
import { toOwm } from '@shared/value-chain/owm.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { loadDocumentOrReport } from '../load.ts';
import { parseCommandArgs } from '../options.ts';
import { inputFiles, reportOutputProblems, writeOutputFile } from '../outputs.ts';

export const owmUsage = `usage: archsim owm FILE [--out F] [--force]

Writes the architecture's value chain as OnlineWardleyMaps text: title, anchor, a component per
service at [visibility, maturity], a link per dependency, evolve arrows, build / buy / outsource
and notes. Each component carries its archsim fields (package, count…) in a "// archsim" comment
that OWM ignores, so "archsim import map.owm" gives the document back, with the map's edits.
  --out F       write to F (without it: standard output)
  --force       replace F if it exists
Exit 0 written, 1 the document has errors, 2 unreadable, not JSON, or --out not writable.`;

export function runOwm(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${owmUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('owm takes exactly one FILE');
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
  const text = toOwm(loaded.document);
  if (out === undefined) {
    (io.rawStdout ?? io.stdout)(text);
    return EXIT.ok;
  }
  const failure = writeOutputFile(io, out, (write) => write(text));
  if (failure) {
    io.stderr(`archsim owm: ${failure}\n`);
    return EXIT.usage;
  }
  const services = loaded.document.services.length;
  io.stderr(`${out}: ${services} component${services === 1 ? '' : 's'} (OnlineWardleyMaps)\n`);
  return EXIT.ok;
}
