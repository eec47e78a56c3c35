/**
 * Problems as the command line prints them: `FILE: PATH: [warning: ]MESSAGE`, one a line — except
 * that many warnings of one kind (1,500 services no entry point reaches) are grouped in one line
 * that counts them and names the first few, so that the rest of the output stays readable.
 * `validate --json` lists every problem as it is.
 */
import { formatJsonPath, type Problem } from '@shared/document/problems.ts';

/** More warnings of one kind than this are printed as one line. */
export const GROUP_WARNINGS_ABOVE = 5;
/** How many of a group's subjects its line names. */
const NAMED_IN_GROUP = 5;

/** The plural sentence of a group of warnings, for the kinds that come one per service. */
const GROUP_SENTENCES: Record<string, string> = {
  'unreachable-service': 'services are not reached from any entry point',
  'single-zone-state': 'stateful services have all their instances in one zone: losing that zone loses them',
  'scale-rounds-down': 'services have a count that rounds down to 0 at this scale',
  'timeout-budget': 'services have callers that give up before they are done (timeout budget)',
  'repeated-dependency': 'dependencies are listed more than once',
  'unregistered-instances': 'services have instances beyond the regions that run eureka',
  'failure-after-end': "failures start at or after the run's end and will not happen",
  'call-cycle': 'call cycles may loop until their timeout',
  'evolve-not-later': 'evolve arrows do not point to a later evolution',
};

/** The first quoted name in a message (`service "x" is …` → `x`), else its path. */
function subjectOf(problem: Problem): string {
  const quoted = /"([^"]*)"/.exec(problem.message);
  return quoted ? `"${quoted[1]}"` : formatJsonPath(problem.path);
}

const count = (value: number) => value.toLocaleString('en-US');

/** The lines for one file's problems, in order; a group's line stands where its first one was. */
export function formatProblemLines(file: string, problems: readonly Problem[]): string[] {
  const warningsByCode = new Map<string, Problem[]>();
  for (const problem of problems) {
    if (problem.severity !== 'warning') continue;
    const list = warningsByCode.get(problem.code) ?? [];
    list.push(problem);
    warningsByCode.set(problem.code, list);
  }
  const lines: string[] = [];
  for (const problem of problems) {
    const group = problem.severity === 'warning' ? warningsByCode.get(problem.code) : undefined;
    if (group === undefined || group.length <= GROUP_WARNINGS_ABOVE) {
      const prefix = problem.severity === 'warning' ? 'warning: ' : '';
      lines.push(`${file}: ${formatJsonPath(problem.path)}: ${prefix}${problem.message}`);
      continue;
    }
    if (group[0] !== problem) continue;
    const named = group.slice(0, NAMED_IN_GROUP).map(subjectOf);
    const rest = group.length - named.length;
    const sentence = GROUP_SENTENCES[problem.code] ?? `warnings like this one: ${problem.message}`;
    lines.push(
      `${file}: ${formatJsonPath(problem.path)} and ${count(group.length - 1)} more: warning: ` +
        `${count(group.length)} ${sentence} (${named.join(', ')}${rest > 0 ? ` and ${count(rest)} more` : ''}; ` +
        'validate --json lists each)',
    );
  }
  return lines;
}
