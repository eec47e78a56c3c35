/**
 * Checks of the value chain's fields beyond what the schema says: an evolve arrow's package must
 * be one a service may run (an error, as for the service's own package), and should point to a
 * later evolution than the service has now (a warning: the variant can still be made); the
 * anchor should not share a service's name (a warning: a map would show two components of one
 * name). Tolerant of any document shape, like the other reference checks.
 */
import { INTERNAL_PACKAGE_NAMES, PACKAGE_NAMES, PACKAGE_PROFILES, isPackageName } from './packages.ts';
import { PROBLEM_CODES, type Problem } from './problems.ts';
import { evolutionValue, stageMidpoint, stageOf } from '../value-chain/stages.ts';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** "0.55 (product)": an evolution as a message shows it. */
function describeEvolution(value: number): string {
  return `${Math.round(value * 1000) / 1000} (${stageOf(value)})`;
}

export function valueChainProblems(document: JsonObject): Problem[] {
  const problems: Problem[] = [];
  const services = Array.isArray(document['services']) ? (document['services'] as unknown[]) : [];
  const names = new Set<string>();
  services.forEach((service, index) => {
    if (!isObject(service)) return;
    if (typeof service['name'] === 'string') names.add(service['name']);
    const evolve = service['evolve'];
    if (!isObject(evolve)) return;
    const packageName = evolve['package'];
    if (typeof packageName === 'string' && !isPackageName(packageName)) {
      const internal = (INTERNAL_PACKAGE_NAMES as readonly string[]).includes(packageName);
      problems.push({
        severity: 'error',
        code: internal ? PROBLEM_CODES.internalPackage : PROBLEM_CODES.unknownPackage,
        path: ['services', index, 'evolve', 'package'],
        message: internal
          ? `package "${packageName}" is internal to spigo and cannot be evolved to (valid: ${PACKAGE_NAMES.join(', ')})`
          : `unknown package "${packageName}" to evolve to (valid: ${PACKAGE_NAMES.join(', ')})`,
      });
    }
    const ownPackage = service['package'];
    const now =
      evolutionValue(service['evolution']) ??
      (isPackageName(ownPackage)
        ? stageMidpoint(PACKAGE_PROFILES[ownPackage].defaults.evolution)
        : undefined);
    const target = evolutionValue(evolve['evolution']);
    if (now !== undefined && target !== undefined && target <= now) {
      problems.push({
        severity: 'warning',
        code: PROBLEM_CODES.evolveNotLater,
        path: ['services', index, 'evolve', 'evolution'],
        message:
          target === now
            ? `the evolve arrow of "${String(service['name'])}" does not move it: it stays at ${describeEvolution(now)} (an evolve arrow points to a later evolution)`
            : `the evolve arrow of "${String(service['name'])}" goes back from ${describeEvolution(now)} to ${describeEvolution(target)} (an evolve arrow points to a later evolution)`,
      });
    }
  });
  const valueChain = document['valueChain'];
  const anchor = isObject(valueChain) ? valueChain['anchor'] : undefined;
  if (isObject(anchor) && typeof anchor['name'] === 'string' && names.has(anchor['name'])) {
    problems.push({
      severity: 'warning',
      code: PROBLEM_CODES.duplicateName,
      path: ['valueChain', 'anchor', 'name'],
      message: `the anchor "${anchor['name']}" has the name of a service: a map would show two components of that name`,
    });
  }
  return problems;
}
