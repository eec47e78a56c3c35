/**
 * `archsim validate FILE…`: exit 0 when every file is valid (warnings allowed), 1 when a file has
 * errors, 2 when a file cannot be read or is not JSON. `--json` prints one array of problems.
 */
import { formatJsonPath, type Problem } from '@shared/document/problems.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { loadArchitectureFile } from '../load.ts';
import { GROUP_WARNINGS_ABOVE, formatProblemLines } from '../problems.ts';
import {
  MAX_INSTANCES_HELP,
  parseCommandArgs,
  parseDurationOption,
  parseMaxInstancesOption,
  parseRateOption,
  parseRegionsOption,
  parseScaleOption,
} from '../options.ts';

export const validateUsage = `usage: archsim validate FILE… [--json] [--scale PCT] [--regions N] [--max-instances N]
                         [--duration D] [--rate R]

Checks architecture files. Prints every problem as FILE: PATH: MESSAGE.
Exit 0 when all are valid, 1 when any has errors, 2 when a file cannot be read or is not JSON.
  --json         print the problems as a JSON array (file, severity, code, path, message, line, column)
  --scale PCT    check as if run at this scale (spigo -p; warns when a count rounds down to 0)
  --regions N    check as if run in N regions (spigo -w)
  --duration D   check as a run of this length would (failures after its end, the work it takes)
  --rate R       check as a run at this rate would (the work it takes)
${MAX_INSTANCES_HELP}

More than ${GROUP_WARNINGS_ABOVE} warnings of one kind are printed as one line; --json lists each.`;

interface JsonProblem {
  file: string;
  severity: Problem['severity'];
  code: string;
  path: string;
  message: string;
  line: number | null;
  column: number | null;
}

export function runValidate(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean', default: false },
    scale: { type: 'string' },
    regions: { type: 'string' },
    'max-instances': { type: 'string' },
    duration: { type: 'string' },
    rate: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(`${validateUsage}\n`);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('validate needs at least one FILE');
  const options = {
    scale: parseScaleOption(values.scale),
    regions: parseRegionsOption(values.regions),
    maxInstances: parseMaxInstancesOption(values['max-instances']),
    durationS: parseDurationOption('duration', values.duration, undefined),
    rate: parseRateOption(values.rate),
  };

  let exitCode: number = EXIT.ok;
  const collected: JsonProblem[] = [];
  for (const file of positionals) {
    const loaded = loadArchitectureFile(io, file, options);
    const problems: readonly Problem[] = loaded.kind === 'unreadable' ? [] : loaded.problems;
    if (loaded.kind !== 'checked') exitCode = EXIT.usage;
    else if (problems.some((problem) => problem.severity === 'error'))
      exitCode = Math.max(exitCode, EXIT.problems);

    if (loaded.kind === 'unreadable') {
      collected.push({
        file,
        severity: 'error',
        code: 'unreadable',
        path: '$',
        message: loaded.message,
        line: null,
        column: null,
      });
    }
    for (const problem of problems) {
      collected.push({
        file,
        severity: problem.severity,
        code: problem.code,
        path: formatJsonPath(problem.path),
        message: problem.message,
        line: problem.line ?? null,
        column: problem.column ?? null,
      });
    }
    if (values.json) continue;
    if (loaded.kind === 'unreadable') {
      io.stderr(`${file}: ${loaded.message}\n`);
      continue;
    }
    if (loaded.kind === 'malformed') {
      const problem = problems[0] as Problem;
      io.stderr(`${file}:${problem.line}:${problem.column}: ${problem.message}\n`);
      continue;
    }
    for (const line of formatProblemLines(file, problems)) io.stdout(`${line}\n`);
    if (!problems.some((problem) => problem.severity === 'error')) {
      const services = loaded.document?.services.length ?? 0;
      const warnings = problems.length;
      io.stdout(
        `${file}: valid (${services} service${services === 1 ? '' : 's'}${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''})\n`,
      );
    }
  }
  if (values.json) io.stdout(`${JSON.stringify(collected, null, 2)}\n`);
  return exitCode;
}
