/**
 * The inspector's form is the schema's: every field of a service and every setting of the
 * document has a descriptor, with its description and the shape of its value. A field added to
 * the schema shows up here, and a test below fails until it is handled (or knowingly listed).
 */
import { describe, expect, it } from 'vitest';
import { documentSchema, serviceSchema } from '@shared/document/schema.ts';
import { PACKAGE_NAMES } from '@shared/document/packages.ts';
import {
  DOCUMENT_FIELDS_SHOWN_ELSEWHERE,
  SPIGO_ONLY_SERVICE_FIELDS,
  descriptorAt,
  documentFields,
  pathName,
  schemaForms,
  serviceFields,
  type FieldDescriptor,
  type Shape,
} from '@renderer/inspector/schema-fields.ts';

const byKey = (fields: readonly FieldDescriptor[], key: string): FieldDescriptor => {
  const field = fields.find((candidate) => candidate.key === key);
  if (!field) throw new Error(`no field ${key}`);
  return field;
};

/** Every shape reachable from `fields`, once (the latency union refers back to itself). */
function everyField(fields: readonly FieldDescriptor[], seen = new Set<Shape>()): FieldDescriptor[] {
  const found: FieldDescriptor[] = [];
  const visit = (shape: Shape) => {
    if (seen.has(shape)) return;
    seen.add(shape);
    if (shape.kind === 'object') found.push(...everyField(shape.fields, seen));
    if (shape.kind === 'union')
      for (const variant of shape.variants) found.push(...everyField(variant.fields, seen));
    if (shape.kind === 'list') visit(shape.item);
    if (shape.kind === 'record') visit(shape.value);
  };
  for (const field of fields) {
    found.push(field);
    visit(field.shape);
  }
  return found;
}

describe('field descriptors from the schema', () => {
  it('has one field per service property of the zod schema, in its order', () => {
    const keys = Object.keys(serviceSchema.shape);
    expect(serviceFields().map((field) => field.key)).toEqual(keys);
    expect(schemaForms().serviceKeys).toEqual(keys);
  });

  it('has one field per document property, except those another view edits', () => {
    const keys = Object.keys(documentSchema.shape);
    expect(schemaForms().documentKeys).toEqual(keys);
    expect(
      [...documentFields().map((field) => field.key), ...DOCUMENT_FIELDS_SHOWN_ELSEWHERE].sort(),
    ).toEqual([...keys].sort());
    expect(DOCUMENT_FIELDS_SHOWN_ELSEWHERE).toEqual(['services']);
  });

  it('builds every field into something the form can edit (no raw JSON)', () => {
    const unhandled = [...everyField(serviceFields()), ...everyField(documentFields())].filter(
      (field) => field.shape.kind === 'json',
    );
    expect(unhandled.map((field) => field.key)).toEqual([]);
  });

  it('gives every service field its description', () => {
    const undescribed = serviceFields()
      .filter((field) => field.description === undefined)
      .map((field) => field.key);
    expect(undescribed).toEqual([]);
    expect(byKey(serviceFields(), 'timeoutMs').description).toBe(
      'How long a caller waits for this service before giving up.',
    );
  });

  it('refines what the JSON Schema calls strings into choices', () => {
    const service = serviceFields();
    expect(byKey(service, 'package').shape).toEqual({ kind: 'enum', options: PACKAGE_NAMES });
    expect(byKey(service, 'dependencies')).toMatchObject({
      nullable: true,
      shape: { kind: 'serviceNames', eureka: true },
    });
    const document = documentFields();
    expect(byKey(document, 'victim').shape).toEqual({ kind: 'serviceName' });
    expect(descriptorAt(document, ['load', 'entry'], {})?.shape).toEqual({
      kind: 'serviceNames',
      eureka: false,
    });
    expect(descriptorAt(document, ['slos', 0, 'service'], { slos: [{}] })?.shape).toEqual({
      kind: 'serviceName',
    });
    const failures = { scenarios: [{ failures: [{ type: 'latency' }] }] };
    expect(descriptorAt(document, ['scenarios', 0, 'failures', 0, 'caller'], failures)?.shape).toEqual({
      kind: 'serviceName',
    });
  });

  it('describes numbers, nullability and groups as the schema says', () => {
    const service = serviceFields();
    expect(byKey(service, 'count')).toMatchObject({
      required: false,
      shape: { kind: 'number', integer: true, minimum: 0 },
    });
    expect(byKey(service, 'timeoutMs').shape).toEqual({
      kind: 'number',
      integer: false,
      exclusiveMinimum: 0,
    });
    expect(descriptorAt(service, ['capacity', 'queue'], {})).toMatchObject({ nullable: true });
    expect(descriptorAt(service, ['retries', 'count'], {})).toMatchObject({ required: true });
    expect(descriptorAt(service, ['retries', 'backoff', 'type'], {})?.shape).toEqual({
      kind: 'enum',
      options: ['none', 'fixed', 'exponential'],
    });
    expect(byKey(service, 'deadlinePropagation').shape).toEqual({ kind: 'boolean' });
    expect(byKey(service, 'evolution').shape).toEqual({
      kind: 'numberOrEnum',
      options: ['genesis', 'custom', 'product', 'commodity'],
      minimum: 0,
      maximum: 1,
    });
    expect(descriptorAt(service, ['evolve', 'evolution'], {})?.shape).toMatchObject({
      kind: 'numberOrEnum',
    });
    for (const key of ['machine', 'instance', 'container', 'process']) {
      expect(byKey(service, key).shape).toEqual({ kind: 'text' });
    }
    expect(byKey(service, 'position').shape).toMatchObject({ kind: 'object' });
  });

  it('reads latency models as a union by type, with mixtures of the same union', () => {
    const latency = byKey(serviceFields(), 'latency').shape;
    if (latency.kind !== 'union') throw new Error('latency is not a union');
    expect(latency.discriminator).toBe('type');
    expect(latency.variants.map((variant) => variant.value)).toEqual([
      'constant',
      'uniform',
      'normal',
      'lognormal',
      'exponential',
      'gamma',
      'pareto',
      'mixture',
    ]);
    const lognormal = latency.variants.find((variant) => variant.value === 'lognormal');
    expect(lognormal?.fields.map((field) => field.key)).toEqual(['median', 'sigma']);
    const mixture = { type: 'mixture', components: [{ weight: 1, model: { type: 'constant', value: 1 } }] };
    const component = descriptorAt(serviceFields(), ['latency', 'components'], { latency: mixture });
    expect(component?.shape).toMatchObject({ kind: 'list', minItems: 1 });
    const model = descriptorAt(serviceFields(), ['latency', 'components', 0, 'model'], { latency: mixture });
    expect(model?.shape).toBe(latency);
  });

  it('reads per-dependency settings as records and the document lists as lists', () => {
    const service = serviceFields();
    expect(descriptorAt(service, ['calls', 'probabilities'], {})?.shape).toMatchObject({
      kind: 'record',
      value: { kind: 'number' },
    });
    const edge = descriptorAt(service, ['calls', 'edges', 'db'], { calls: { edges: { db: {} } } });
    expect(edge?.shape.kind === 'object' && edge.shape.fields.map((field) => field.key)).toEqual([
      'timeoutMs',
      'retries',
      'circuitBreaker',
    ]);
    const document = documentFields();
    for (const key of ['regions', 'scenarios', 'slos']) expect(byKey(document, key).shape.kind).toBe('list');
    expect(descriptorAt(document, ['regions', 0, 'zones'], { regions: [{}] })?.shape).toEqual({
      kind: 'textList',
    });
    const failures = descriptorAt(document, ['scenarios', 0, 'failures'], { scenarios: [{}] })?.shape;
    expect(
      failures?.kind === 'list' &&
        failures.item.kind === 'union' &&
        failures.item.variants.map((v) => v.value),
    ).toEqual(['kill-instances', 'zone-outage', 'region-outage', 'latency', 'errors', 'partition']);
    const partition = { scenarios: [{ failures: [{ type: 'partition' }] }] };
    expect(descriptorAt(document, ['scenarios', 0, 'failures', 0, 'between'], partition)?.shape).toEqual({
      kind: 'textList',
      length: 2,
    });
    const network = byKey(document, 'network').shape;
    expect(network.kind === 'object' && network.fields.map((field) => [field.key, field.shape.kind])).toEqual(
      [
        ['sameZone', 'union'],
        ['crossZone', 'union'],
        ['crossRegion', 'union'],
      ],
    );
    expect(byKey(document, 'archsimVersion').readOnly).toBe(true);
  });

  it("gathers spigo's unsimulated service fields, all of them service fields", () => {
    const keys = serviceFields().map((field) => field.key);
    for (const key of SPIGO_ONLY_SERVICE_FIELDS) expect(keys).toContain(key);
    expect(SPIGO_ONLY_SERVICE_FIELDS).toEqual([
      'machine',
      'instance',
      'container',
      'process',
      'useCustomGuesstimate',
      'guesstimateType',
      'guesstimateValue',
    ]);
  });

  it('names paths the way labels do', () => {
    expect(pathName(['timeoutMs'])).toBe('timeoutMs');
    expect(pathName(['retries', 'count'])).toBe('retries.count');
    expect(pathName(['latency', 'components', 0, 'weight'])).toBe('latency.components[0].weight');
  });
});
