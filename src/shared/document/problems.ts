/**
 * Problems found in a document: errors (the document cannot be used) and warnings (it can, but
 * the user should know). Each names the place it concerns as a JSON path.
 */

/** A path into a JSON value: object keys and array indexes, outermost first. */
export type JsonPath = readonly (string | number)[];

export const PROBLEM_CODES = {
  /** The text is not JSON. */
  jsonSyntax: 'json-syntax',
  /** A value has the wrong type or is out of range. */
  invalidValue: 'invalid-value',
  /** A required field is missing. */
  missingField: 'missing-field',
  /** A field archsim does not know inside one of its own (strict) objects. */
  unknownField: 'unknown-field',
  /** spigo: `Unknown package name in architecture`. */
  unknownPackage: 'unknown-package',
  /** `eureka` or `pirate` used as a package. */
  internalPackage: 'internal-package',
  /** spigo: `Duplicate service name in architecture`. */
  duplicateName: 'duplicate-name',
  /** A service called `eureka` (spigo reports it as a duplicate). */
  reservedName: 'reserved-name',
  /** spigo: `Unknown dependency name in architecture`. */
  unknownDependency: 'unknown-dependency',
  /** A name in a scenario, SLO, load entry or call pattern that is not a service, region or zone. */
  unknownReference: 'unknown-reference',
  /** More regions asked for than exist. */
  tooManyRegions: 'too-many-regions',
  /** The document was written by a newer archsim. */
  newerVersion: 'newer-version',
  /** Warning: no denominator, so no traffic enters. */
  noEntryPoint: 'no-entry-point',
  /** Warning: a service no entry point reaches. */
  unreachableService: 'unreachable-service',
  /** Warning: the scale rounds a count to 0, so the service becomes one cross-zone instance. */
  scaleRoundsDown: 'scale-rounds-down',
  /** Warning: instances in regions beyond the run's have no eureka, so spigo never connects them. */
  unregisteredInstances: 'unregistered-instances',
  /** Warning: a dependency listed twice. */
  repeatedDependency: 'repeated-dependency',
  /** Warning: a caller's timeout is not longer than what it may spend waiting on a callee. */
  timeoutBudget: 'timeout-budget',
  /** Warning: a stateful service has all its instances in one zone. */
  singleZoneState: 'single-zone-state',
  /**
   * Request-response services that call themselves, directly or through others: every request
   * that takes the cycle goes round it until it times out (an error when every request does, a
   * warning when only some may).
   */
  callCycle: 'call-cycle',
  /** The document (at the run's scale and regions) expands to more instances than the limit. */
  tooManyInstances: 'too-many-instances',
  /** Warning: the run's expected events would take the engine far longer than a user waits. */
  heavyRun: 'heavy-run',
  /** Warning: a failure starts after the run's end, so it never happens. */
  failureAfterEnd: 'failure-after-end',
  /** Warning: an evolve arrow that does not point to a later evolution than the service's. */
  evolveNotLater: 'evolve-not-later',
} as const;

export type ProblemCode = (typeof PROBLEM_CODES)[keyof typeof PROBLEM_CODES];

export type Severity = 'error' | 'warning';

export interface Problem {
  readonly severity: Severity;
  readonly code: ProblemCode;
  readonly path: JsonPath;
  readonly message: string;
  /** 1-based line and column in the source text, when the problem was found in text. */
  readonly line?: number;
  readonly column?: number;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path the way the CLI prints it: `$.services[3].package`, `$["odd key"]`. */
export function formatJsonPath(path: JsonPath): string {
  let text = '$';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (identifier.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export function formatProblem(problem: Problem): string {
  const prefix = problem.severity === 'warning' ? 'warning: ' : '';
  return `${formatJsonPath(problem.path)}: ${prefix}${problem.message}`;
}
