/**
 * The "Problems" region: every error and warning the validator finds, errors first. Choosing one
 * selects the service it concerns on the canvas and reveals its text in the JSON editor.
 */
import { formatJsonPath, type Problem } from '@shared/document/problems.ts';

export interface ProblemsPanelProps {
  readonly problems: readonly Problem[];
  /** The problems are of an earlier text (validation is catching up). */
  readonly stale: boolean;
  readonly onSelect: (problem: Problem) => void;
}

export function ProblemsPanel({ problems, stale, onSelect }: ProblemsPanelProps) {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <section className="problems-panel" aria-label="Problems" aria-busy={stale}>
      <h2 className="section-title">
        Problems
        <span className={errors > 0 ? 'count-error' : 'count-muted'}>{plural(errors, 'error')}</span>
        <span className={warnings > 0 ? 'count-warning' : 'count-muted'}>{plural(warnings, 'warning')}</span>
      </h2>
      {problems.length === 0 ? (
        <p className="no-problems">No problems found.</p>
      ) : (
        <ul className="problems">
          {problems.map((problem, index) => (
            <li key={index} className={`problem problem-${problem.severity}`}>
              <button type="button" className="problem-button" onClick={() => onSelect(problem)}>
                <span className={`severity severity-${problem.severity}`}>{problem.severity}</span>
                <code className="problem-path">{formatJsonPath(problem.path)}</code>
                <span className="problem-location">
                  {problem.line === undefined ? '' : `${problem.line}:${problem.column ?? 1}`}
                </span>
                <span className="problem-message">{problem.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
