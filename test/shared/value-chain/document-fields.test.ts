/** The value chain's document fields: the schema, validation with JSON paths, the JSON Schema. */
import { describe, expect, it } from 'vitest';
import { documentJsonSchema } from '@shared/document/schema.ts';
import { validateDocument } from '@shared/document/validate.ts';
import { formatProblem } from '@shared/document/problems.ts';

const base = (cassandra: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  arch: 'fields',
  services: [
    { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['cass'] },
    { name: 'cass', package: 'priamCassandra', count: 3, regions: 1, dependencies: [], ...cassandra },
  ],
  ...extra,
});
const problemsOf = (document: unknown) => validateDocument(document).problems.map(formatProblem);

describe('value chain fields', () => {
  it('accepts a stage name or a number 0–1 for evolution, and the other new fields', () => {
    for (const evolution of ['genesis', 'custom', 'product', 'commodity', 0, 0.42, 1]) {
      expect(problemsOf(base({ evolution }))).toEqual([]);
    }
    const full = base(
      {
        evolution: 0.45,
        visibility: 0.3,
        sourcing: 'build',
        evolve: {
          evolution: 'commodity',
          package: 'store',
          count: 0,
          regions: 1,
          latency: { type: 'constant', value: 2 },
          capacity: { concurrency: 100 },
          timeoutMs: 200,
          retries: { count: 1 },
          circuitBreaker: { errorThresholdPercent: 50 },
          cacheHitRate: 0.9,
        },
      },
      {
        valueChain: {
          title: 'Fields',
          anchor: { name: 'User', visibility: 0.95, evolution: 0.7 },
          notes: [{ text: 'a note', visibility: 0.5, evolution: 0.5 }],
        },
      },
    );
    const result = validateDocument(full);
    expect(result.problems).toEqual([]);
    expect(result.document?.services[1]?.evolve?.package).toBe('store');
  });

  it('reports bad values at their JSON paths', () => {
    expect(problemsOf(base({ evolution: 'ancient' }))).toEqual([
      '$.services[1].evolution: must be one of "genesis", "custom", "product", "commodity", or a number (got "ancient")',
    ]);
    expect(problemsOf(base({ evolution: 1.5 }))).toEqual(['$.services[1].evolution: must be ≤ 1 (got 1.5)']);
    expect(problemsOf(base({ visibility: -0.1 }))).toEqual([
      '$.services[1].visibility: must be ≥ 0 (got -0.1)',
    ]);
    expect(problemsOf(base({ sourcing: 'rent' }))).toEqual([
      '$.services[1].sourcing: must be one of "build", "buy", "outsource" (got "rent")',
    ]);
    expect(problemsOf(base({ evolve: { package: 'store' } }))).toEqual([
      '$.services[1].evolve.evolution: required field is missing',
    ]);
    expect(problemsOf(base({ evolve: { evolution: 0.9, colour: 'red' } }))).toEqual([
      '$.services[1].evolve: unknown field "colour"',
    ]);
    expect(problemsOf(base({}, { valueChain: { anchor: { visibility: 0.9 } } }))).toEqual([
      '$.valueChain.anchor.name: required field is missing',
    ]);
    expect(
      problemsOf(base({}, { valueChain: { notes: [{ text: 'x', visibility: 2, evolution: 0.5 }] } })),
    ).toEqual(['$.valueChain.notes[0].visibility: must be ≤ 1 (got 2)']);
    expect(problemsOf(base({}, { valueChain: { legend: true } }))).toEqual([
      '$.valueChain: unknown field "legend"',
    ]);
  });

  it('reports an unknown package to evolve to as an error at evolve.package', () => {
    const result = validateDocument(base({ evolve: { evolution: 'commodity', package: 'dynamo' } }));
    expect(result.document).toBeNull();
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'unknown-package',
        path: ['services', 1, 'evolve', 'package'],
        message: expect.stringMatching(/^unknown package "dynamo" to evolve to \(valid: denominator, elb/),
      }),
    ]);
    expect(
      validateDocument(base({ evolve: { evolution: 0.9, package: 'eureka' } })).problems[0],
    ).toMatchObject({
      code: 'internal-package',
      path: ['services', 1, 'evolve', 'package'],
    });
  });

  it('warns about an evolve arrow that does not point to a later evolution', () => {
    // priamCassandra's own evolution is product (0.55).
    expect(problemsOf(base({ evolve: { evolution: 'custom' } }))).toEqual([
      '$.services[1].evolve.evolution: warning: the evolve arrow of "cass" goes back from 0.55 (product) to 0.285 (custom) (an evolve arrow points to a later evolution)',
    ]);
    expect(problemsOf(base({ evolution: 0.6, evolve: { evolution: 0.6 } }))).toEqual([
      '$.services[1].evolve.evolution: warning: the evolve arrow of "cass" does not move it: it stays at 0.6 (product) (an evolve arrow points to a later evolution)',
    ]);
    expect(validateDocument(base({ evolve: { evolution: 0.6 } })).document).not.toBeNull();
    expect(problemsOf(base({ evolve: { evolution: 0.6 } }))).toEqual([]);
  });

  it('warns when the anchor has the name of a service', () => {
    expect(problemsOf(base({}, { valueChain: { anchor: { name: 'cass' } } }))).toEqual([
      '$.valueChain.anchor.name: warning: the anchor "cass" has the name of a service: a map would show two components of that name',
    ]);
  });

  it('describes the fields in the JSON Schema the editor and inspector read', () => {
    const schema = documentJsonSchema() as {
      properties: Record<string, { properties?: Record<string, Record<string, unknown>> }> & {
        services: { items: { properties: Record<string, Record<string, unknown>> } };
      };
    };
    const service = schema.properties.services.items.properties;
    expect(service['evolution']?.['description']).toMatch(/number from 0 \(genesis.*to 1 \(commodity/);
    expect(service['evolution']?.['anyOf']).toEqual([
      expect.objectContaining({ type: 'string', enum: ['genesis', 'custom', 'product', 'commodity'] }),
      expect.objectContaining({ type: 'number', minimum: 0, maximum: 1 }),
    ]);
    expect(service['visibility']).toMatchObject({ type: 'number', minimum: 0, maximum: 1 });
    expect(service['sourcing']).toMatchObject({ enum: ['build', 'buy', 'outsource'] });
    expect(Object.keys((service['evolve'] as { properties: object }).properties)).toEqual([
      'evolution',
      'package',
      'count',
      'regions',
      'latency',
      'capacity',
      'timeoutMs',
      'retries',
      'circuitBreaker',
      'cacheHitRate',
    ]);
    expect((service['evolve'] as { required: string[] }).required).toEqual(['evolution']);
    expect(Object.keys(schema.properties['valueChain']?.properties ?? {})).toEqual([
      'title',
      'anchor',
      'notes',
    ]);
  });
});
