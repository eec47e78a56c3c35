/** The `archsim` command line: dispatches to one command per sub-command. */
import { EXIT, OutputClosedError, UsageError, processIo, withEscapedOutput, type CliIo } from './io.ts';
import { runExpand, expandUsage } from './commands/expand.ts';
import { runValidate, validateUsage } from './commands/validate.ts';
import { runRun, runUsage } from './commands/run.ts';
import { runRuns, runsUsage } from './commands/runs.ts';
import { compareUsage, runCompare } from './commands/compare.ts';
import { exportUsage, runExport } from './commands/export.ts';
import { diagramUsage, runDiagram } from './commands/diagram.ts';
import { importUsage, runImport } from './commands/import.ts';
import { evolveUsage, runEvolve } from './commands/evolve.ts';
import { owmUsage, runOwm } from './commands/owm.ts';
import { runSweep, sweepUsage } from './commands/sweep.ts';
import { tuneCompilerForEngine } from '@engine/host/compiler-tuning.ts';

export const usage = `archsim — design a distributed architecture and see how it behaves under load and failure

usage: archsim COMMAND [options]

commands:
  validate FILE…   check architecture files (exit 0 valid, 1 problems, 2 unreadable or not JSON)
  expand FILE      write the instance topology (spigo graph JSON or a summary)
  run FILE         simulate request traffic and print per-service latency, errors, utilisation
                   (--db PATH also stores the run in a run database; --replications N runs N
                   seeds in parallel and reports means with 95 % confidence intervals)
  sweep FILE       one run per rate, scale or parameter value, in parallel: a table per point and
                   the knee (--chart, --emit k8s for a Kubernetes Indexed Job)
  runs             list, show, delete or import the runs in a run database (--db PATH)
  compare ID ID…   stored runs side by side: percentiles with deltas, document and option changes;
                   two groups of replications (gA gB): which differences are significant
  export ID        a stored run's traces (Zipkin JSON), per-service CSV, timeline CSV or .hgrm
  diagram FILE     draw the architecture as SVG or PNG (the studio's layout and drawing),
                   or its value chain (--view value-chain)
  evolve FILE      the variant with every evolve arrow applied, to run and compare
  owm FILE         the value chain as OnlineWardleyMaps text
  import FILE      a docker-compose file, an exported SVG or an OnlineWardleyMaps map → a document
  help [COMMAND]   show help

Run "archsim COMMAND --help" for a command's options.`;

const commands: Record<
  string,
  { run: (argv: string[], io: CliIo) => number | Promise<number>; usage: string }
> = {
  validate: { run: runValidate, usage: validateUsage },
  expand: { run: runExpand, usage: expandUsage },
  run: { run: runRun, usage: runUsage },
  sweep: { run: runSweep, usage: sweepUsage },
  runs: { run: runRuns, usage: runsUsage },
  compare: { run: runCompare, usage: compareUsage },
  export: { run: runExport, usage: exportUsage },
  diagram: { run: runDiagram, usage: diagramUsage },
  import: { run: runImport, usage: importUsage },
  evolve: { run: runEvolve, usage: evolveUsage },
  owm: { run: runOwm, usage: owmUsage },
};

/**
 * Runs one command. Its output is escaped (names from a document are shown, never obeyed, by the
 * terminal); a reader that closes the pipe (`| head`) ends the command quietly; and a failure of
 * the file system or the database is one line naming it, never a stack trace.
 */
export async function main(argv: string[], givenIo: CliIo = processIo): Promise<number> {
  // Before any simulation's code gets hot (runs, replications and sweeps; their job workers too).
  tuneCompilerForEngine();
  const io = withEscapedOutput(givenIo);
  try {
    return await dispatch(argv, io);
  } catch (cause) {
    if (cause instanceof OutputClosedError) return EXIT.ok;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (/^E[A-Z]+$/.test(code) || code.startsWith('SQLITE_'))) {
      io.stderr(`archsim ${argv[0] ?? ''}: ${(cause as Error).message} (${code})\n`);
      return EXIT.usage;
    }
    throw cause;
  }
}

/**
 * A bad argument, said plainly: Node's own words for an unknown option go on to explain "--"
 * for positionals that start with "-" (with an unbalanced quote); the first sentence is the news.
 */
function argumentMessage(cause: Error): string {
  const code = (cause as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(cause.message)?.[1];
    if (option !== undefined) return `unknown option ${option}`;
  }
  return cause.message;
}

/** The command of that name; undefined for others ("toString" and kin included). */
function commandNamed(name: string): (typeof commands)[string] | undefined {
  return Object.hasOwn(commands, name) ? commands[name] : undefined;
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const asked = name === 'help' ? rest[0] : undefined;
    const topic = asked === undefined ? undefined : commandNamed(asked);
    if (asked !== undefined && !topic) {
      io.stderr(`archsim help: unknown command "${asked}"\n\n${usage}\n`);
      return EXIT.usage;
    }
    io.stdout(`${topic ? topic.usage : usage}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    io.stdout('archsim 0.1.0\n');
    return EXIT.ok;
  }
  const command = commandNamed(name);
  if (!command) {
    io.stderr(`archsim: unknown command "${name}"\n\n${usage}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (cause) {
    if (cause instanceof UsageError || (cause as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`archsim ${name}: ${argumentMessage(cause as Error)}\n\n${command.usage}\n`);
      return EXIT.usage;
    }
    if (cause instanceof RangeError) {
      io.stderr(`archsim ${name}: ${cause.message}\n`);
      return EXIT.problems;
    }
    throw cause;
  }
}
