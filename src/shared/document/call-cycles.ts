/**
 * Call cycles: a request-response service — one whose calls wait for an answer: the entry
 * (denominator), proxies (elb, zuul), services (karyon, monolith) and staash reading its tiers —
 * that depends on itself, directly or through other such services. Each call of the cycle waits
 * for the next, so a request that enters it goes round until the first caller's timeout: in a run
 * every request that takes the path fails, after the full timeout, and its calls multiply.
 *
 * Not cycles: the peer dependencies of rings (priamCassandra, riak) and stores, cache and volume,
 * which replicate writes one way and answer without waiting on anyone.
 *
 * Severity: an error when every request that reaches the cycle goes round it (each call on it is
 * certain: made in sequence or in parallel with probability 1, or the only dependency to choose
 * from), because such a document cannot produce a single answer. A warning when some call on the
 * cycle is optional (a probability below 1, one dependency of several to pick from), because then
 * only the requests that take it fail.
 */
import { PACKAGE_PROFILES, STAASH_TIER_ORDER, isPackageName, type PackageName } from './packages.ts';
import { PROBLEM_CODES, type Problem } from './problems.ts';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A call a request-response service makes and waits on. */
interface Call {
  readonly callee: number;
  /** Its position in the caller's `dependencies` (where a cycle it closes is reported). */
  readonly position: number;
  /** Every request the caller serves makes this call. */
  readonly certain: boolean;
}

/** Whether a service of this package waits for the answers of the calls it makes. */
function waitsForAnswers(packageName: PackageName): boolean {
  const behaviour = PACKAGE_PROFILES[packageName].behaviour;
  return behaviour !== 'store' && behaviour !== 'ring';
}

/** The calls each service makes and waits on, by service index (tolerant of any document shape). */
function waitedCalls(services: readonly unknown[]): Call[][] {
  const indexByName = new Map<string, number>();
  services.forEach((service, index) => {
    if (isObject(service) && typeof service['name'] === 'string' && !indexByName.has(service['name']))
      indexByName.set(service['name'], index);
  });
  const packageOf = (index: number): PackageName | null => {
    const packageName = (services[index] as JsonObject)['package'];
    return isPackageName(packageName) ? packageName : null;
  };
  return services.map((service, index) => {
    const packageName = isObject(service) ? packageOf(index) : null;
    if (packageName === null || !waitsForAnswers(packageName)) return [];
    const dependencies = Array.isArray((service as JsonObject)['dependencies'])
      ? ((service as JsonObject)['dependencies'] as unknown[])
      : [];
    const targets: { callee: number; position: number }[] = [];
    dependencies.forEach((name, position) => {
      if (typeof name !== 'string' || name === 'eureka') return;
      const callee = indexByName.get(name);
      if (callee !== undefined && !targets.some((target) => target.callee === callee))
        targets.push({ callee, position });
    });
    const behaviour = PACKAGE_PROFILES[packageName].behaviour;
    const calls = isObject((service as JsonObject)['calls'])
      ? ((service as JsonObject)['calls'] as JsonObject)
      : {};
    if (behaviour === 'data-access') {
      // staash calls only its tiers, and a read stops at the first tier that has the key.
      const tiers = targets.filter((target) =>
        STAASH_TIER_ORDER.includes(packageOf(target.callee) as PackageName),
      );
      const firstTier = STAASH_TIER_ORDER.find((tier) =>
        tiers.some((target) => packageOf(target.callee) === tier),
      );
      const inFirstTier = tiers.filter((target) => packageOf(target.callee) === firstTier);
      return tiers.map((target) => ({
        ...target,
        certain: inFirstTier.length === 1 && inFirstTier[0] === target,
      }));
    }
    const mode =
      behaviour === 'service'
        ? typeof calls['mode'] === 'string'
          ? calls['mode']
          : PACKAGE_PROFILES[packageName].defaults.callMode
        : 'one-of'; // the entry and proxies forward each request to one instance of them all
    const probabilities = isObject(calls['probabilities']) ? calls['probabilities'] : {};
    return targets.map((target) => {
      const name = (services[target.callee] as JsonObject)['name'] as string;
      const probability = probabilities[name];
      const certain =
        mode === 'one-of' ? targets.length === 1 : typeof probability !== 'number' || probability >= 1;
      return { ...target, certain };
    });
  });
}

/** Every call cycle of request-response services, each reported once at the call that closes it. */
export function callCycleProblems(document: JsonObject): Problem[] {
  const services = Array.isArray(document['services']) ? (document['services'] as unknown[]) : [];
  const calls = waitedCalls(services);
  const nameOf = (index: number) => String((services[index] as JsonObject)['name']);
  const problems: Problem[] = [];
  // Depth-first, without recursion (a chain of thousands of services must not exhaust the stack).
  const state = new Uint8Array(services.length); // 0 unseen, 1 on the path, 2 done
  const path: number[] = [];
  const pathCalls: Call[] = [];
  const nextCall: number[] = [];
  for (let root = 0; root < services.length; root++) {
    if (state[root] !== 0 || (calls[root] as Call[]).length === 0) continue;
    state[root] = 1;
    path.push(root);
    nextCall.push(0);
    while (path.length > 0) {
      const top = path.length - 1;
      const caller = path[top] as number;
      const callIndex = nextCall[top] as number;
      const call = (calls[caller] as Call[])[callIndex];
      if (call === undefined) {
        state[caller] = 2;
        path.pop();
        nextCall.pop();
        pathCalls.pop();
        continue;
      }
      nextCall[top] = callIndex + 1;
      if (state[call.callee] === 1) {
        const start = path.indexOf(call.callee);
        const cycleCalls = [...pathCalls.slice(start), call];
        const names = [...path.slice(start), call.callee].map(nameOf);
        const certain = cycleCalls.every((member) => member.certain);
        problems.push({
          severity: certain ? 'error' : 'warning',
          code: PROBLEM_CODES.callCycle,
          path: ['services', caller, 'dependencies', call.position],
          message: certain
            ? `call cycle ${names.join(' → ')}: every request that reaches "${names[0]}" goes round it until it times out (a service that waits for its calls' answers cannot depend on itself, directly or through others)`
            : `call cycle ${names.join(' → ')}: requests that take this path go round it until they time out (not every request does: some calls on it are optional)`,
        });
      } else if (state[call.callee] === 0 && (calls[call.callee] as Call[]).length > 0) {
        state[call.callee] = 1;
        path.push(call.callee);
        nextCall.push(0);
        pathCalls.push(call);
      }
    }
  }
  return problems;
}
