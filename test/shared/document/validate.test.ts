import { describe, expect, it } from 'vitest';
import { listSpigo, readSpigoJson } from '../../support/spigo.ts';
import { validateDocument, validateDocumentText } from '@shared/document/validate.ts';
import { formatJsonPath, formatProblem, type Problem } from '@shared/document/problems.ts';
import { PACKAGE_NAMES } from '@shared/document/packages.ts';

const errorsOf = (problems: readonly Problem[]) =>
  problems.filter((problem) => problem.severity === 'error').map((problem) => formatProblem(problem));
const warningsOf = (problems: readonly Problem[]) =>
  problems.filter((problem) => problem.severity === 'warning').map((problem) => problem.code);

const service = (
  name: string,
  packageName: string,
  count: number,
  dependencies: string[] = [],
  regions = 1,
) => ({
  name,
  package: packageName,
  count,
  regions,
  dependencies,
});
const minimal = () => ({
  services: [
    service('db', 'store', 3),
    service('web', 'karyon', 3, ['db']),
    service('www', 'denominator', 0, ['web'], 0),
  ],
});

describe('spigo architecture files', () => {
  it.each(listSpigo('json_arch'))('%s opens unchanged and without errors', (file) => {
    const raw = readSpigoJson('json_arch', file);
    const result = validateDocument(raw);
    expect(errorsOf(result.problems)).toEqual([]);
    expect(result.document).not.toBeNull();
    expect(result.migratedFrom).toBe(0);
    // Everything the file said is still there, field for field.
    const { archsimVersion, ...rest } = result.document as Record<string, unknown>;
    expect(archsimVersion).toBe(1);
    expect(rest).toEqual(raw);
  });

  it('keeps arch-0.1 container fields and unknown fields', () => {
    const raw = readSpigoJson('json_arch', 'composeV2_arch.json') as { services: Record<string, unknown>[] };
    raw.services[0]!['somethingNew'] = { nested: true };
    (raw as Record<string, unknown>)['topLevelExtra'] = 42;
    const document = validateDocument(raw).document as unknown as Record<string, unknown>;
    expect(document['topLevelExtra']).toBe(42);
    const first = (document['services'] as Record<string, unknown>[])[0]!;
    expect(first['somethingNew']).toEqual({ nested: true });
    expect(first['container']).toBe('./result-app/.');
    expect(first['machine']).toBe('machine');
  });
});

describe("spigo's rejections", () => {
  it('reports an unknown package with its path and the valid names', () => {
    const result = validateDocument(readSpigoJson('invalid', 'testBadPackage_arch.json'));
    expect(result.document).toBeNull();
    expect(errorsOf(result.problems)).toEqual([
      `$.services[2].package: unknown package "unknown" (valid: ${PACKAGE_NAMES.join(', ')})`,
    ]);
  });

  it('reports a duplicate service name', () => {
    const result = validateDocument(readSpigoJson('invalid', 'testDuplicate_arch.json'));
    expect(errorsOf(result.problems)).toEqual([
      '$.services[3].name: duplicate service name "signup-node" (first defined at $.services[2])',
    ]);
  });

  it('reports an unknown dependency', () => {
    const result = validateDocument(readSpigoJson('invalid', 'testMissingDep_arch.json'));
    expect(errorsOf(result.problems)).toEqual([
      '$.services[3].dependencies[2]: unknown dependency "missing" (no service has that name)',
    ]);
  });

  it('reports all three at once, in document order, instead of stopping at the first', () => {
    const document = minimal();
    document.services.push(service('web', 'karyon', 1), service('bad', 'nonsense', 1, ['ghost']));
    const result = validateDocument(document);
    expect(errorsOf(result.problems)).toEqual([
      '$.services[3].name: duplicate service name "web" (first defined at $.services[1])',
      `$.services[4].package: unknown package "nonsense" (valid: ${PACKAGE_NAMES.join(', ')})`,
      '$.services[4].dependencies[0]: unknown dependency "ghost" (no service has that name)',
    ]);
  });
});

describe('what spigo let through', () => {
  const withService = (patch: Record<string, unknown>) => {
    const document = minimal();
    Object.assign(document.services[0]!, patch);
    return errorsOf(validateDocument(document).problems);
  };

  it('rejects negative and fractional counts and regions', () => {
    expect(withService({ count: -1 })).toEqual(['$.services[0].count: must be ≥ 0 (got -1)']);
    expect(withService({ count: 2.5 })).toEqual(['$.services[0].count: must be a whole number (got 2.5)']);
    expect(withService({ regions: -2 })).toEqual(['$.services[0].regions: must be ≥ 0 (got -2)']);
    expect(withService({ regions: 0.5 })).toEqual([
      '$.services[0].regions: must be a whole number (got 0.5)',
    ]);
  });

  it('rejects an empty name and the reserved name eureka', () => {
    expect(withService({ name: '' })).toContain('$.services[0].name: must not be empty');
    const eureka = withService({ name: 'eureka' });
    expect(eureka).toContain('$.services[0].name: the name "eureka" is reserved for the service registry');
  });

  it('rejects dependencies that are not an array, and non-string entries', () => {
    expect(withService({ dependencies: 'db' })).toEqual([
      '$.services[0].dependencies: must be an array (got "db")',
    ]);
    expect(withService({ dependencies: [3] })).toEqual([
      '$.services[0].dependencies[0]: must be a string (got 3)',
    ]);
  });

  it('accepts null dependencies (spigo writes them)', () => {
    expect(withService({ dependencies: null })).toEqual([]);
  });

  it('rejects an empty services list and a missing one', () => {
    expect(errorsOf(validateDocument({ services: [] }).problems)).toEqual([
      '$.services: must have at least 1 entry',
    ]);
    expect(errorsOf(validateDocument({ arch: 'x' }).problems)).toEqual([
      '$.services: required field is missing',
    ]);
  });

  it("rejects spigo's internal packages and a missing package", () => {
    expect(withService({ package: 'pirate' })[0]).toMatch(/package "pirate" is internal to spigo/);
    const document = minimal() as { services: Record<string, unknown>[] };
    delete document.services[0]!['package'];
    expect(errorsOf(validateDocument(document).problems)).toEqual([
      '$.services[0].package: required field is missing',
    ]);
  });

  it('rejects a document that is not an object', () => {
    expect(errorsOf(validateDocument([1, 2]).problems)).toEqual([
      '$: an architecture document must be a JSON object',
    ]);
  });

  it('rejects unknown fields and bad values inside archsim extensions', () => {
    expect(withService({ latency: { type: 'lognormal', median: 2, sigmaa: 1 } })).toEqual([
      '$.services[0].latency: unknown field "sigmaa"',
      '$.services[0].latency.sigma: required field is missing',
    ]);
    expect(withService({ latency: { type: 'weibull' } })[0]).toMatch(
      /^\$\.services\[0\]\.latency(\.type)?: /,
    );
    expect(withService({ cacheHitRate: 1.5 })).toEqual(['$.services[0].cacheHitRate: must be ≤ 1 (got 1.5)']);
    expect(withService({ evolution: 'ancient' })[0]).toMatch(
      /must be one of "genesis", "custom", "product", "commodity"/,
    );
  });

  it('checks names used by scenarios, SLOs, load entries and call patterns', () => {
    const document = {
      ...minimal(),
      load: { entry: ['nobody'] },
      slos: [{ service: 'ghost', percentile: 99, latencyMs: 100 }],
      scenarios: [
        {
          name: 'outage',
          failures: [
            { type: 'zone-outage', region: 'us-east-1', zone: 'zoneQ' },
            { type: 'kill-instances', service: 'nope' },
            { type: 'partition', between: ['us-east-1', 'mars-1'] },
          ],
        },
      ],
    };
    (document.services[1] as Record<string, unknown>)['calls'] = { probabilities: { elsewhere: 0.5 } };
    expect(errorsOf(validateDocument(document).problems)).toEqual([
      '$.services[1].calls.probabilities.elsewhere: "elsewhere" is not a dependency of this service',
      '$.load.entry[0]: unknown service "nobody"',
      '$.slos[0].service: unknown service "ghost"',
      '$.scenarios[0].failures[0].zone: unknown zone "zoneQ" in us-east-1',
      '$.scenarios[0].failures[1].service: unknown service "nope"',
      '$.scenarios[0].failures[2].between[1]: unknown region or zone "mars-1" (write "region" or "region/zone")',
    ]);
  });

  it('rejects more regions than exist', () => {
    const document = minimal();
    document.services[0]!.regions = 2;
    expect(errorsOf(validateDocument(document, { regions: 4 }).problems)).toEqual([
      '$.services[0].regions: needs 8 regions (regions 2 × 4 run regions) but only 6 exist',
    ]);
    expect(errorsOf(validateDocument(document, { regions: 3 }).problems)).toEqual([]);
  });
});

describe('warnings', () => {
  it('warns when there is no denominator', () => {
    const result = validateDocument({ services: [service('db', 'store', 2)] });
    expect(result.document).not.toBeNull();
    expect(warningsOf(result.problems)).toEqual(['no-entry-point']);
  });

  it('warns about services no entry point reaches', () => {
    const document = minimal();
    document.services.push(service('orphan', 'store', 2));
    const result = validateDocument(document);
    expect(result.problems.map(formatProblem)).toEqual([
      '$.services[3].name: warning: service "orphan" is not reached from any entry point',
    ]);
  });

  it('warns when the scale rounds a count down to a cross-zone singleton', () => {
    const document = minimal();
    document.services[0]!.count = 1;
    document.services[0]!.package = 'cache';
    expect(warningsOf(validateDocument(document, { scale: 100 }).problems)).toEqual([]);
    const problems = validateDocument(document, { scale: 50 }).problems;
    expect(problems.map(formatProblem)).toEqual([
      '$.services[0].count: warning: count 1 at scale 50 % rounds down to 0: "db" becomes one cross-zone instance per region',
    ]);
  });
});

describe('resilience lints', () => {
  it('warn when a caller gives up before its callee’s timeouts and retries are spent', () => {
    const document: { services: Record<string, unknown>[] } = {
      services: [
        { ...service('db', 'store', 3), timeoutMs: 2000, retries: { count: 2 } },
        { ...service('web', 'karyon', 3, ['db']), timeoutMs: 2000 },
        service('www', 'denominator', 0, ['web'], 0),
      ],
    };
    const problems = validateDocument(document).problems.map(formatProblem);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^\$\.services\[1\]\.timeoutMs: warning: callers of "web" give up after 2000 ms, but it may wait 60\d\d ms \(db 6000 ms/,
    );
    document.services[1]!['timeoutMs'] = 7000;
    expect(validateDocument(document).problems).toEqual([]);
  });

  it('derive timeouts a document leaves out so that the defaults never trip the rule', () => {
    for (const file of listSpigo('json_arch')) {
      const problems = validateDocument(readSpigoJson('json_arch', file)).problems;
      const budget = problems.filter((problem) => problem.code === 'timeout-budget');
      // Only a dependency cycle (composeV2: db-data → db → db-data) can defeat derived timeouts.
      expect(budget.length, file).toBe(file === 'composeV2_arch.json' ? 1 : 0);
    }
  });

  it('warn about a stateful service with all its instances in one zone', () => {
    const document = minimal();
    document.services[0]!.count = 1;
    expect(validateDocument(document).problems.map(formatProblem)).toEqual([
      '$.services[0].count: warning: stateful service "db" has all its instances in one zone: losing that zone loses it (use at least 2 instances, or count 0 for a managed cross-zone service)',
    ]);
  });
});

describe('document text', () => {
  it('reports malformed JSON with line and column', () => {
    const result = validateDocumentText('{\n  "services": [\n    { "name": "a", }\n  ]\n}');
    expect(result.value).toBeUndefined();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ code: 'json-syntax', line: 3, column: 20 });
    expect(result.problems[0]!.message).toBe('malformed JSON at line 3, column 20: property name expected');
  });

  it('locates problems in the text', () => {
    const text = JSON.stringify(readSpigoJson('invalid', 'testBadPackage_arch.json'), null, 2);
    const [problem] = validateDocumentText(text).problems;
    const lines = text.split('\n');
    expect(lines[problem!.line! - 1]!.slice(problem!.column! - 1)).toMatch(/^"package": "unknown"/);
  });

  it('formats paths for odd keys', () => {
    expect(formatJsonPath(['services', 0, 'calls', 'probabilities', 'www-elb'])).toBe(
      '$.services[0].calls.probabilities["www-elb"]',
    );
  });
});
