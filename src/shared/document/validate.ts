/**
 * Validation of architecture documents: JSON syntax (with line and column), the schema, the
 * cross-references spigo checks (package, duplicate name, dependency) and more, and warnings.
 * Every problem is reported at once, with its JSON path; nothing throws.
 */
import { documentSchema, type ArchDocument } from './schema.ts';
import { locateProblems, parseJsonText, withoutByteOrderMark } from './json-text.ts';
import { migrateDocument } from './migrate.ts';
import { INTERNAL_PACKAGE_NAMES, PACKAGE_NAMES, isPackageName } from './packages.ts';
import { entryServiceNames } from './entries.ts';
import { regionLayouts } from './regions.ts';
import { PROBLEM_CODES, type JsonPath, type Problem } from './problems.ts';
import { zodIssueToProblem } from './zod-issues.ts';
import { resilienceLints } from './lints.ts';
import { callCycleProblems } from './call-cycles.ts';
import { runLimitProblems } from './run-limits.ts';
import { valueChainProblems } from './value-chain-checks.ts';
import { checkValueShape, MAX_VALUE_NODES } from './value-shape.ts';
import { MAX_JSON_DEPTH } from '../limits.ts';

export interface ValidationOptions {
  /** spigo's -p: percent applied to every count (default 100). */
  readonly scale?: number;
  /** spigo's -w: how many regions a `regions: 1` service spans (default 1). */
  readonly regions?: number;
  /** The instance limit (default DEFAULT_MAX_INSTANCES, src/shared/limits.ts). */
  readonly maxInstances?: number;
  /** The run's length when it overrides `load.durationS` (failures after the end, the work estimate). */
  readonly durationS?: number;
  /** The run's rate when it overrides `load.rate` (the work estimate). */
  readonly rate?: number;
  /**
   * The scenario a run will simulate: its failures are checked against the run's end. Null for a
   * run without failures, `all` or absent (validate) to check every scenario.
   */
  readonly scenario?: string | null;
}

export interface ValidationResult {
  /** The migrated, valid document, or null when there are errors. */
  readonly document: ArchDocument | null;
  /** Errors and warnings, errors first, each in document order. */
  readonly problems: readonly Problem[];
  /** The version the document had before migration (0 = spigo file). */
  readonly migratedFrom: number | null;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates a parsed JSON value as an architecture document. */
export function validateDocument(raw: unknown, options: ValidationOptions = {}): ValidationResult {
  if (!isObject(raw)) {
    return {
      document: null,
      migratedFrom: null,
      problems: [error(PROBLEM_CODES.invalidValue, [], 'an architecture document must be a JSON object')],
    };
  }
  const shape = checkValueShape(raw);
  if (shape !== null) {
    const message =
      shape.kind === 'too-deep'
        ? `nested more than ${MAX_JSON_DEPTH} levels deep below here`
        : `more than ${MAX_VALUE_NODES.toLocaleString('en')} arrays and objects: too large to be an architecture`;
    // The first few keys say where; the whole path of a value nested a thousand deep says nothing more.
    const path = shape.kind === 'too-deep' ? shape.path.slice(0, 8) : [];
    return {
      document: null,
      migratedFrom: null,
      problems: [error(PROBLEM_CODES.invalidValue, path, message)],
    };
  }
  const migration = migrateDocument(raw);
  if (!migration.ok) {
    return {
      document: null,
      migratedFrom: migration.from,
      problems: [error(PROBLEM_CODES.newerVersion, ['archsimVersion'], migration.message)],
    };
  }
  const parsed = documentSchema.safeParse(migration.document, { reportInput: true });
  const problems: Problem[] = parsed.success ? [] : parsed.error.issues.map(zodIssueToProblem);
  problems.push(...checkReferences(migration.document, options));
  problems.push(...callCycleProblems(migration.document));
  problems.push(...valueChainProblems(migration.document));
  problems.push(...runLimitProblems(migration.document, options));
  if (parsed.success && !problems.some((problem) => problem.severity === 'error')) {
    problems.push(...resilienceLints(migration.document as ArchDocument, options.scale ?? 100));
  }
  const unique = dedupe(problems);
  const ordered = sortProblems(unique);
  const failed = ordered.some((problem) => problem.severity === 'error');
  return {
    document: failed || !parsed.success ? null : (migration.document as ArchDocument),
    migratedFrom: migration.from,
    problems: ordered,
  };
}

export interface TextValidationResult extends ValidationResult {
  /** The parsed JSON value, or undefined when the text is not JSON. */
  readonly value: unknown;
}

/**
 * Parses and validates document text; problems carry line and column. A leading byte order mark
 * is read past (lines and columns count from the first character after it).
 */
export function validateDocumentText(text: string, options: ValidationOptions = {}): TextValidationResult {
  const syntax = parseJsonText(text);
  if (!syntax.ok) {
    return { value: undefined, document: null, migratedFrom: null, problems: [syntax.problem] };
  }
  const result = validateDocument(syntax.value, options);
  const problems = locateProblems(result.problems, withoutByteOrderMark(text));
  return { ...result, value: syntax.value, problems };
}

function error(code: Problem['code'], path: JsonPath, message: string): Problem {
  return { severity: 'error', code, path, message };
}

function warning(code: Problem['code'], path: JsonPath, message: string): Problem {
  return { severity: 'warning', code, path, message };
}

/** Cross-reference checks on the raw document, tolerant of any shape the schema rejects. */
function checkReferences(document: JsonObject, options: ValidationOptions): Problem[] {
  const problems: Problem[] = [];
  const services = Array.isArray(document['services']) ? (document['services'] as unknown[]) : [];
  const firstIndexByName = new Map<string, number>();
  const packageByName = new Map<string, unknown>();

  // 1. Names (spigo checks duplicates and packages in one pass, in file order).
  services.forEach((service, index) => {
    if (!isObject(service)) return;
    const name = service['name'];
    if (typeof name === 'string' && name.length > 0) {
      if (name === 'eureka') {
        problems.push(
          error(
            PROBLEM_CODES.reservedName,
            ['services', index, 'name'],
            'the name "eureka" is reserved for the service registry',
          ),
        );
      } else if (firstIndexByName.has(name)) {
        problems.push(
          error(
            PROBLEM_CODES.duplicateName,
            ['services', index, 'name'],
            `duplicate service name "${name}" (first defined at $.services[${firstIndexByName.get(name)}])`,
          ),
        );
      } else {
        firstIndexByName.set(name, index);
        packageByName.set(name, service['package']);
      }
    }
    const packageName = service['package'];
    if (typeof packageName === 'string' && !isPackageName(packageName)) {
      const internal = (INTERNAL_PACKAGE_NAMES as readonly string[]).includes(packageName);
      problems.push(
        error(
          internal ? PROBLEM_CODES.internalPackage : PROBLEM_CODES.unknownPackage,
          ['services', index, 'package'],
          internal
            ? `package "${packageName}" is internal to spigo and cannot be used in an architecture (valid: ${PACKAGE_NAMES.join(', ')})`
            : `unknown package "${packageName}" (valid: ${PACKAGE_NAMES.join(', ')})`,
        ),
      );
    }
  });

  // 2. Dependencies and call patterns.
  const dependenciesOf = new Map<string, string[]>();
  services.forEach((service, index) => {
    if (!isObject(service)) return;
    const dependencies = Array.isArray(service['dependencies']) ? (service['dependencies'] as unknown[]) : [];
    const seen = new Set<string>();
    const valid: string[] = [];
    dependencies.forEach((dependency, position) => {
      if (typeof dependency !== 'string') return;
      const path = ['services', index, 'dependencies', position];
      if (dependency !== 'eureka' && !firstIndexByName.has(dependency)) {
        problems.push(
          error(
            PROBLEM_CODES.unknownDependency,
            path,
            `unknown dependency "${dependency}" (no service has that name)`,
          ),
        );
      } else if (seen.has(dependency)) {
        problems.push(
          warning(
            PROBLEM_CODES.repeatedDependency,
            path,
            `dependency "${dependency}" is listed more than once`,
          ),
        );
      } else if (dependency !== 'eureka') {
        valid.push(dependency);
      }
      seen.add(dependency);
    });
    if (typeof service['name'] === 'string' && !dependenciesOf.has(service['name'])) {
      dependenciesOf.set(service['name'], valid);
    }
    const calls = service['calls'];
    for (const field of ['probabilities', 'edges'] as const) {
      if (!isObject(calls) || !isObject(calls[field])) continue;
      for (const key of Object.keys(calls[field] as JsonObject)) {
        if (!seen.has(key) || key === 'eureka') {
          problems.push(
            error(
              PROBLEM_CODES.unknownReference,
              ['services', index, 'calls', field, key],
              `"${key}" is not a dependency of this service`,
            ),
          );
        }
      }
    }
  });

  // 3. Regions: enough of them for every regional service.
  const layouts = Array.isArray(document['regions'])
    ? regionLayouts({ regions: (document['regions'] as unknown[]).filter(isObject) as never })
    : regionLayouts({});
  const regionMultiplier = options.regions ?? 1;
  services.forEach((service, index) => {
    if (!isObject(service)) return;
    const regions = service['regions'];
    if (typeof regions === 'number' && Number.isInteger(regions) && regions > 0) {
      const needed = regions * regionMultiplier;
      if (needed > layouts.length) {
        problems.push(
          error(
            PROBLEM_CODES.tooManyRegions,
            ['services', index, 'regions'],
            `needs ${needed} regions (regions ${regions} × ${regionMultiplier} run region${regionMultiplier === 1 ? '' : 's'}) but only ${layouts.length} exist`,
          ),
        );
      } else if (regions > 1) {
        const dependencies = Array.isArray(service['dependencies'])
          ? (service['dependencies'] as unknown[])
          : [];
        if (!dependencies.includes('eureka')) {
          problems.push(
            warning(
              PROBLEM_CODES.unregisteredInstances,
              ['services', index, 'regions'],
              `regions ${regions} spans ${needed} regions but eureka runs only in the first ${regionMultiplier}: as in spigo, the instances beyond them are never discovered (add "eureka" to the dependencies to make the service cross-region)`,
            ),
          );
        }
      }
    }
  });
  if (Array.isArray(document['regions'])) {
    const seenRegions = new Set<string>();
    (document['regions'] as unknown[]).forEach((region, index) => {
      if (!isObject(region) || typeof region['name'] !== 'string') return;
      if (seenRegions.has(region['name'])) {
        problems.push(
          error(
            PROBLEM_CODES.duplicateName,
            ['regions', index, 'name'],
            `duplicate region name "${region['name']}"`,
          ),
        );
      }
      seenRegions.add(region['name']);
    });
  }

  // 4. Names used elsewhere in the document.
  const isService = (name: unknown): boolean => typeof name === 'string' && firstIndexByName.has(name);
  const victim = document['victim'];
  if (typeof victim === 'string' && victim !== '' && !isService(victim)) {
    problems.push(
      warning(
        PROBLEM_CODES.unknownReference,
        ['victim'],
        `victim "${victim}" is not a service: chaos monkey will not run`,
      ),
    );
  }
  const load = document['load'];
  if (isObject(load) && Array.isArray(load['entry'])) {
    (load['entry'] as unknown[]).forEach((entry, index) => {
      if (typeof entry === 'string' && !isService(entry)) {
        problems.push(
          error(PROBLEM_CODES.unknownReference, ['load', 'entry', index], `unknown service "${entry}"`),
        );
      }
    });
  }
  if (Array.isArray(document['slos'])) {
    (document['slos'] as unknown[]).forEach((slo, index) => {
      if (isObject(slo) && typeof slo['service'] === 'string' && !isService(slo['service'])) {
        problems.push(
          error(
            PROBLEM_CODES.unknownReference,
            ['slos', index, 'service'],
            `unknown service "${slo['service']}"`,
          ),
        );
      }
    });
  }
  if (Array.isArray(document['scenarios'])) {
    problems.push(...checkScenarios(document['scenarios'] as unknown[], isService, layouts));
  }

  // 5. Warnings: entry points, reachability, scale rounding.
  const entries = entryServiceNames(document);
  if (services.length > 0 && entries.length === 0) {
    problems.push(
      warning(
        PROBLEM_CODES.noEntryPoint,
        ['services'],
        'no denominator service: no traffic will enter the system (add a service with package "denominator")',
      ),
    );
  } else if (entries.length > 0) {
    const reached = new Set<string>();
    const queue = [...entries];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (reached.has(next)) continue;
      reached.add(next);
      queue.push(...(dependenciesOf.get(next) ?? []));
    }
    for (const [name, index] of firstIndexByName) {
      if (!reached.has(name)) {
        problems.push(
          warning(
            PROBLEM_CODES.unreachableService,
            ['services', index, 'name'],
            `service "${name}" is not reached from any entry point`,
          ),
        );
      }
    }
  }
  const scale = options.scale ?? 100;
  services.forEach((service, index) => {
    if (!isObject(service)) return;
    const count = service['count'];
    const regions = service['regions'];
    if (typeof count !== 'number' || count <= 0 || !Number.isInteger(count)) return;
    if (typeof regions === 'number' && regions === 0) return;
    if (Math.floor((count * scale) / 100) === 0) {
      problems.push(
        warning(
          PROBLEM_CODES.scaleRoundsDown,
          ['services', index, 'count'],
          `count ${count} at scale ${scale} % rounds down to 0: "${String(service['name'])}" becomes one cross-zone instance per region`,
        ),
      );
    }
  });
  return problems;
}

function checkScenarios(
  scenarios: unknown[],
  isService: (name: unknown) => boolean,
  layouts: ReturnType<typeof regionLayouts>,
): Problem[] {
  const problems: Problem[] = [];
  const names = new Set<string>();
  const regionNames = new Set(layouts.map((layout) => layout.name));
  const isPlace = (place: string): boolean => {
    const [region, zone] = place.split('/');
    const layout = layouts.find((candidate) => candidate.name === region);
    return layout !== undefined && (zone === undefined || layout.zones.includes(zone));
  };
  scenarios.forEach((scenario, scenarioIndex) => {
    if (!isObject(scenario)) return;
    const name = scenario['name'];
    if (typeof name === 'string') {
      if (names.has(name)) {
        problems.push(
          error(
            PROBLEM_CODES.duplicateName,
            ['scenarios', scenarioIndex, 'name'],
            `duplicate scenario name "${name}"`,
          ),
        );
      }
      names.add(name);
    }
    const failures = Array.isArray(scenario['failures']) ? (scenario['failures'] as unknown[]) : [];
    failures.forEach((failure, failureIndex) => {
      if (!isObject(failure)) return;
      const at = (...rest: (string | number)[]): JsonPath => [
        'scenarios',
        scenarioIndex,
        'failures',
        failureIndex,
        ...rest,
      ];
      for (const field of ['service', 'caller'] as const) {
        const value = failure[field];
        if (typeof value === 'string' && !isService(value)) {
          problems.push(error(PROBLEM_CODES.unknownReference, at(field), `unknown service "${value}"`));
        }
      }
      const region = failure['region'];
      if (typeof region === 'string' && !regionNames.has(region)) {
        problems.push(
          error(
            PROBLEM_CODES.unknownReference,
            at('region'),
            `unknown region "${region}" (known: ${[...regionNames].join(', ')})`,
          ),
        );
      } else if (
        typeof region === 'string' &&
        typeof failure['zone'] === 'string' &&
        !isPlace(`${region}/${failure['zone']}`)
      ) {
        problems.push(
          error(PROBLEM_CODES.unknownReference, at('zone'), `unknown zone "${failure['zone']}" in ${region}`),
        );
      }
      const between = failure['between'];
      if (Array.isArray(between)) {
        between.forEach((place, index) => {
          if (typeof place === 'string' && !isPlace(place)) {
            problems.push(
              error(
                PROBLEM_CODES.unknownReference,
                at('between', index),
                `unknown region or zone "${place}" (write "region" or "region/zone")`,
              ),
            );
          }
        });
      }
    });
  });
  return problems;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.severity}|${JSON.stringify(problem.path)}|${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function comparePaths(left: JsonPath, right: JsonPath): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left[index] as string | number;
    const b = right[index] as string | number;
    if (a === b) continue;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return 0; // different keys of one object: keep the order the checks found them in
  }
  return left.length - right.length;
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((left, right) => {
      if (left.problem.severity !== right.problem.severity) return left.problem.severity === 'error' ? -1 : 1;
      return comparePaths(left.problem.path, right.problem.path) || left.index - right.index;
    })
    .map((entry) => entry.problem);
}
