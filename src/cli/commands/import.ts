/**
 * `archsim import FILE [--out arch.json] [--force]`: a docker-compose file, an SVG that archsim
 * exported, an OnlineWardleyMaps map, or spigo/archsim JSON → an architecture document, as the
 * studio's File → Import does (one shared function, `importDocumentText`).
 */
import { importDocumentText, type ImportFormat } from '@shared/import/index.ts';
import { validateDocumentText } from '@shared/document/validate.ts';
import { formatJsonPath } from '@shared/document/problems.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { describeReadError } from '../load.ts';
import { parseCommandArgs } from '../options.ts';
import { inputFiles, reportOutputProblems, writeOutputFile } from '../outputs.ts';

export const importUsage = `usage: archsim import FILE [--out F] [--force]

Turns FILE into an architecture document:
  .yml, .yaml   a docker-compose file: a service per compose service, dependencies from
                depends_on and links, the package guessed from the image (redis → cache,
                postgres/mysql/mariadb/mongo → store, nginx/haproxy/traefik/envoy → elb,
                others → monolith), a denominator www-SERVICE in front of each published port
  .svg          a diagram archsim exported: the document embedded in it, exactly
  .owm          an OnlineWardleyMaps map: a service per component (its package from the
                "// archsim" comment "archsim owm" writes, else guessed from its name), a
                dependency per link, maturity → evolution, visibility pinned, evolve arrows,
                build / buy / outsource, the anchor, notes and title; what the map holds that
                a document cannot (pipelines, styles…) is listed as FILE:LINE: warning: …
  .json         a spigo or archsim architecture, as it is
(other names are recognised by their content). Writes the document to standard output, or:
  --out F       write it to F
  --force       overwrite F if it exists
Exit 0 imported, 1 not importable (FILE:LINE:COLUMN: why), 2 unreadable or --out not writable.`;

const FORMAT_NAMES: Readonly<Record<ImportFormat, string>> = {
  spigo: 'spigo architecture',
  archsim: 'archsim document',
  compose: 'docker-compose file',
  svg: 'archsim SVG',
  owm: 'OnlineWardleyMaps map',
};

export function runImport(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${importUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('import takes exactly one FILE');
  const file = positionals[0] as string;
  // Checked before any work: never over the input, never over a file without --force.
  if (
    values.out !== undefined &&
    !reportOutputProblems(io, [{ option: '--out', path: values.out }], inputFiles(file), values.force)
  ) {
    return EXIT.usage;
  }

  let input: string;
  try {
    input = io.readFile(file);
  } catch (cause) {
    io.stderr(`${file}: cannot read file: ${describeReadError(cause)}\n`);
    return EXIT.usage;
  }
  const imported = importDocumentText(file, input);
  if (!imported.ok) {
    const where = imported.line === undefined ? '' : `${imported.line}:${imported.column}:`;
    io.stderr(`${file}:${where} ${imported.message}\n`);
    return EXIT.problems;
  }

  for (const warning of imported.warnings ?? []) {
    io.stderr(`${file}:${warning.line}: warning: ${warning.message}\n`);
  }
  const checked = validateDocumentText(imported.text);
  const services = Array.isArray((checked.value as { services?: unknown } | undefined)?.services)
    ? (checked.value as { services: unknown[] }).services.length
    : 0;
  if (values.out === undefined) {
    (io.rawStdout ?? io.stdout)(imported.text);
  } else {
    const failure = writeOutputFile(io, values.out, (write) => write(imported.text));
    if (failure) {
      io.stderr(`archsim import: ${failure}\n`);
      return EXIT.usage;
    }
  }
  io.stderr(
    `imported ${services} service${services === 1 ? '' : 's'} from ${file} (${FORMAT_NAMES[imported.format]})${values.out === undefined ? '' : ` to ${values.out}`}\n`,
  );
  // The file became a document; what it still lacks is the user's to fix (the studio shows the same).
  for (const problem of checked.problems.filter((entry) => entry.severity === 'error')) {
    io.stderr(
      `${values.out ?? 'the imported document'}: ${formatJsonPath(problem.path)}: ${problem.message}\n`,
    );
  }
  return EXIT.ok;
}
