/**
 * Call cycles among request-response services: reported with their path, at the dependency that
 * closes them; an error when every request goes round, a warning when only some may; rings and
 * stores listing themselves stay legal.
 */
import { describe, expect, it } from 'vitest';
import { validateDocument, validateDocumentText } from '@shared/document/validate.ts';
import { formatProblem, type Problem } from '@shared/document/problems.ts';
import { listSpigo, readSpigoJson } from '../../support/spigo.ts';

const service = (name: string, packageName: string, dependencies: string[] = [], extra = {}) => ({
  name,
  package: packageName,
  count: 2,
  regions: 1,
  dependencies,
  ...extra,
});
const entry = (to: string) => ({
  name: 'www',
  package: 'denominator',
  count: 0,
  regions: 0,
  dependencies: [to],
});

const cyclesOf = (problems: readonly Problem[]) =>
  problems.filter((problem) => problem.code === 'call-cycle').map(formatProblem);

describe('call cycles', () => {
  it('a karyon that depends on itself is an error at that dependency', () => {
    const result = validateDocument({ services: [entry('web'), service('web', 'karyon', ['web'])] });
    expect(result.document).toBeNull();
    expect(cyclesOf(result.problems)).toEqual([
      '$.services[1].dependencies[0]: call cycle web → web: every request that reaches "web" goes round it until it times out (a service that waits for its calls\' answers cannot depend on itself, directly or through others)',
    ]);
  });

  it('a cycle through several services names its path, closed where the last call goes back', () => {
    const result = validateDocument({
      services: [
        entry('orders'),
        service('orders', 'karyon', ['billing', 'db']),
        service('db', 'store'),
        service('billing', 'monolith', ['ledger']),
        service('ledger', 'karyon', ['db', 'orders']),
      ],
    });
    expect(cyclesOf(result.problems)).toEqual([
      expect.stringMatching(
        /^\$\.services\[4\]\.dependencies\[1\]: call cycle orders → billing → ledger → orders: every request/,
      ),
    ]);
  });

  it('through proxies and staash tiers too', () => {
    const result = validateDocument({
      services: [
        entry('edge'),
        service('edge', 'elb', ['api']),
        service('api', 'zuul', ['data']),
        service('data', 'staash', ['data']),
      ],
    });
    expect(cyclesOf(result.problems)).toEqual([
      expect.stringContaining('$.services[3].dependencies[0]: call cycle data → data: every request'),
    ]);
  });

  it('a cycle some requests may avoid is a warning: one-of several, or a probability below 1', () => {
    const oneOf = validateDocument({
      services: [
        entry('web'),
        service('web', 'karyon', ['db', 'web'], { calls: { mode: 'one-of' } }),
        service('db', 'store'),
      ],
    });
    expect(oneOf.document).not.toBeNull();
    expect(oneOf.problems.filter((problem) => problem.code === 'call-cycle')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: ['services', 1, 'dependencies', 1],
        message: expect.stringContaining('call cycle web → web: requests that take this path go round it'),
      }),
    ]);
    const sometimes = validateDocument({
      services: [
        entry('a'),
        service('a', 'karyon', ['b']),
        service('b', 'karyon', ['a'], { calls: { probabilities: { a: 0.1 } } }),
      ],
    });
    expect(sometimes.problems.find((problem) => problem.code === 'call-cycle')?.severity).toBe('warning');
  });

  it('rings, stores and caches listing themselves are peers, not calls that wait: no cycle', () => {
    const result = validateDocument({
      services: [
        entry('api'),
        service('api', 'karyon', ['ring', 'log', 'cache', 'kv']),
        service('ring', 'priamCassandra', ['ring', 'eureka']),
        service('kv', 'riak', ['kv']),
        service('log', 'store', ['log']),
        service('cache', 'cache', ['cache']),
      ],
    });
    expect(cyclesOf(result.problems)).toEqual([]);
    expect(result.document).not.toBeNull();
  });

  it.each(listSpigo('json_arch'))('spigo’s %s has none', (file) => {
    expect(cyclesOf(validateDocument(readSpigoJson('json_arch', file)).problems)).toEqual([]);
  });

  it('a chain of 20,000 services is checked without exhausting the stack', () => {
    const services = Array.from({ length: 20_000 }, (_, index) =>
      service(`s${index}`, 'karyon', index + 1 < 20_000 ? [`s${index + 1}`] : ['s0']),
    );
    const result = validateDocumentText(JSON.stringify({ services: [entry('s0'), ...services] }));
    expect(cyclesOf(result.problems)).toEqual([
      expect.stringMatching(
        /^\$\.services\[20000\]\.dependencies\[0\]: call cycle s0 → s1 → .* → s19999 → s0:/,
      ),
    ]);
  });
});
