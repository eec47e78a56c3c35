/**
 * Inspector values: typed text parsed strictly, defaults as placeholders, values across a
 * multi-selection, and edits refused with zod's reason or applied as one setValues change that
 * keeps the file's formatting.
 */
import { describe, expect, it } from 'vitest';
import { applyChange } from '@renderer/document/changes.ts';
import {
  descriptionDefault,
  documentDefaults,
  formatDefault,
  NETWORK_DEFAULTS,
  placeholderFor,
  serviceDefaults,
} from '@renderer/inspector/field-defaults.ts';
import { formatValue, parseInput, sharedValue, seedValue } from '@renderer/inspector/field-values.ts';
import {
  planAddItem,
  planDependency,
  planRename,
  planSet,
  planSwitchVariant,
  validationProblem,
  type EditScope,
} from '@renderer/inspector/edit-plans.ts';
import { descriptorAt, documentFields, serviceFields } from '@renderer/inspector/schema-fields.ts';

const number = { kind: 'number', integer: false } as const;

const TEXT = `{
  "arch": "shop",
  "services": [
    { "name": "www", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["api"] },
    {
      "name": "api",
      "package": "karyon",
      "x-owner": "alice",
      "count": 3,
      "dependencies": ["db"],
      "timeoutMs": 800
    },
    { "name": "db", "package": "store", "count": 2, "dependencies": [] }
  ],
  "load": { "rate": 10 }
}
`;

type JsonObject = Record<string, unknown>;

function serviceScope(text: string, indexes: readonly number[]): EditScope {
  const services = (JSON.parse(text) as { services: JsonObject[] }).services;
  return {
    kind: 'service',
    fields: serviceFields(),
    targets: indexes.map((index) => {
      const value = services[index] as JsonObject;
      return { index, name: String(value['name']), value, defaults: serviceDefaults(value) };
    }),
  };
}

function documentScope(text: string): EditScope {
  const value = JSON.parse(text) as JsonObject;
  const names = (value['services'] as JsonObject[]).map((service) => String(service['name']));
  return {
    kind: 'document',
    fields: documentFields(),
    targets: [{ name: 'document', value, defaults: documentDefaults(value, names) }],
  };
}

/** The text after a plan that must succeed and change something. */
function applied(text: string, plan: ReturnType<typeof planSet>): string {
  if (!plan.ok) throw new Error(plan.message);
  if (plan.change === null) throw new Error('nothing changed');
  return applyChange(text, plan.change);
}

describe('typed values', () => {
  it('parses numbers strictly and leaves anything else for the schema to refuse', () => {
    expect(parseInput(number, false, ' 250 ')).toBe(250);
    expect(parseInput(number, false, '1e3')).toBe(1000);
    expect(parseInput(number, false, '-1')).toBe(-1);
    expect(parseInput(number, false, '.5')).toBe(0.5);
    expect(parseInput(number, false, 'abc')).toBe('abc');
    expect(parseInput(number, false, '12px')).toBe('12px');
    expect(parseInput(number, false, '0x10')).toBe('0x10');
    expect(parseInput(number, false, 'Infinity')).toBe('Infinity');
  });

  it('reads an evolution as a number when it is one and as the stage name otherwise', () => {
    const evolution = { kind: 'numberOrEnum', options: ['genesis', 'commodity'] } as const;
    expect(parseInput(evolution, false, '0.82')).toBe(0.82);
    expect(parseInput(evolution, false, ' commodity ')).toBe('commodity');
    expect(parseInput(evolution, false, 'utility')).toBe('utility');
  });

  it('reads an empty input as "remove the field", and null only where the field takes it', () => {
    expect(parseInput(number, false, '')).toBeUndefined();
    expect(parseInput({ kind: 'text' }, false, '   ')).toBeUndefined();
    expect(parseInput(number, true, 'null')).toBeNull();
    expect(parseInput(number, false, 'null')).toBe('null');
  });

  it('reads booleans and comma-separated lists', () => {
    expect(parseInput({ kind: 'boolean' }, false, 'true')).toBe(true);
    expect(parseInput({ kind: 'boolean' }, false, 'false')).toBe(false);
    expect(parseInput({ kind: 'textList' }, false, 'zoneA, zoneB,,zoneC ')).toEqual([
      'zoneA',
      'zoneB',
      'zoneC',
    ]);
    expect(formatValue(['zoneA', 'zoneB'])).toBe('zoneA, zoneB');
    expect(formatValue(undefined)).toBe('');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(0)).toBe('0');
  });

  it('tells a shared value from mixed ones, key order aside', () => {
    expect(sharedValue([2000, 2000, 2000])).toEqual({ mixed: false, value: 2000 });
    expect(sharedValue([undefined, undefined])).toEqual({ mixed: false, value: undefined });
    expect(sharedValue([2000, undefined])).toEqual({ mixed: true });
    expect(
      sharedValue([
        { count: 1, failover: true },
        { failover: true, count: 1 },
      ]),
    ).toMatchObject({
      mixed: false,
    });
    expect(sharedValue([{ count: 1 }, { count: 2 }])).toEqual({ mixed: true });
  });
});

describe('defaults as placeholders', () => {
  it("shows a service's package defaults", () => {
    const karyon = serviceDefaults({ name: 'api', package: 'karyon' });
    expect(karyon.at(['timeoutMs'])?.text).toBe('2000 (karyon default)');
    expect(karyon.at(['capacity', 'concurrency'])?.text).toBe('50 (karyon default)');
    expect(karyon.at(['retries', 'count'])?.text).toBe('1 (karyon default)');
    expect(karyon.at(['calls', 'mode'])?.text).toBe('sequential (karyon default)');
    expect(karyon.at(['evolution'])?.text).toBe('custom (karyon default)');
    expect(karyon.at(['latency'])?.text).toBe('lognormal median 5, sigma 0.5 (karyon default)');
    expect(karyon.at(['latency', 'median'])?.value).toBe(5);
    expect(serviceDefaults({ package: 'elb' }).at(['capacity', 'queue'])?.text).toBe(
      'null (unbounded) (elb default)',
    );
    expect(karyon.at(['cacheHitRate'])?.text).toBe('1 (default)');
    expect(serviceDefaults({ package: 'nonsense' }).at(['timeoutMs'])).toBeUndefined();
  });

  it('reads the defaults the descriptions state', () => {
    expect(descriptionDefault('First delay in ms (default 10).')).toEqual({
      value: 10,
      text: '10 (default)',
    });
    expect(descriptionDefault('Rolling window in ms (Hystrix default 10000).')?.text).toBe(
      '10000 (Hystrix default)',
    );
    expect(descriptionDefault('Fraction of requests whose traces are kept (default 0.001).')?.value).toBe(
      0.001,
    );
    expect(
      descriptionDefault('Replaces a dead instance after this many seconds (default: never).')?.text,
    ).toBe('never (default)');
    expect(descriptionDefault('Only calls from this service (an edge); default all callers.')?.text).toBe(
      'all callers (default)',
    );
    expect(descriptionDefault('Service time per request. Default: package profile.')).toBeUndefined();
    expect(
      descriptionDefault('Network delay by locality. Defaults are documented in the README.'),
    ).toBeUndefined();
    const karyon = serviceDefaults({ package: 'karyon' });
    const baseMs = descriptorAt(serviceFields(), ['retries', 'backoff', 'baseMs'], {});
    expect(placeholderFor(karyon, ['retries', 'backoff', 'baseMs'], baseMs?.description)).toBe(
      '10 (default)',
    );
  });

  it("shows the document's defaults: load from descriptions, the network's models", () => {
    const defaults = documentDefaults({ services: [] }, []);
    const rate = descriptorAt(documentFields(), ['load', 'rate'], {});
    expect(placeholderFor(defaults, ['load', 'rate'], rate?.description)).toBe('100 (default)');
    expect(defaults.at(['load', 'arrival'])?.text).toBe('poisson (default)');
    expect(defaults.at(['network', 'crossRegion', 'median'])?.value).toBe(35);
  });

  it('formats defaults for a summary line', () => {
    expect(formatDefault({ concurrency: 50, queue: 500 })).toBe('concurrency 50, queue 500');
    expect(formatDefault(NETWORK_DEFAULTS)).toBe(
      'sameZone lognormal median 0.1, sigma 0.3; crossZone lognormal median 0.6, sigma 0.3; crossRegion lognormal median 35, sigma 0.1',
    );
    expect(formatDefault({ type: 'mixture', components: [] })).toBe('mixture components …');
  });

  it('seeds new items and missing groups with what the schema requires', () => {
    const defaults = documentDefaults({ services: [], regions: [{ name: 'region-1', zones: ['a'] }] }, [
      'www',
    ]);
    const regions = descriptorAt(documentFields(), ['regions'], {})?.shape;
    if (regions?.kind !== 'list') throw new Error('regions is not a list');
    expect(seedValue(regions.item, ['regions', 1], defaults)).toEqual({
      name: 'region-2',
      zones: ['zoneA', 'zoneB', 'zoneC'],
    });
    const retries = descriptorAt(serviceFields(), ['retries'], {})?.shape;
    if (retries === undefined) throw new Error('no retries');
    expect(seedValue(retries, ['retries'], serviceDefaults({ package: 'karyon' }))).toEqual({ count: 1 });
  });
});

describe('validation with the schema', () => {
  it("refuses a value with zod's reason", () => {
    expect(validationProblem('service', ['count'], 3, -1)).toBe('must be ≥ 0 (got -1)');
    expect(validationProblem('service', ['count'], 3, 1.5)).toBe('must be a whole number (got 1.5)');
    expect(validationProblem('service', ['timeoutMs'], undefined, 'abc')).toBe(
      'must be a number (got "abc")',
    );
    expect(validationProblem('service', ['cacheHitRate'], undefined, 2)).toBe('must be ≤ 1 (got 2)');
    expect(validationProblem('document', ['seed'], undefined, -3)).toBe('must be ≥ 0 (got -3)');
    expect(validationProblem('service', ['timeoutMs'], 800, undefined)).toBeNull();
  });

  it('names the nested field at fault, and ignores problems the value already had', () => {
    const uniform = { type: 'uniform', min: 1, max: 5 };
    expect(validationProblem('service', ['latency', 'min'], uniform, { ...uniform, min: 9 })).toBe(
      'latency.max: max must be ≥ min',
    );
    const broken = { count: -1 };
    expect(
      validationProblem('service', ['retries', 'failover'], broken, { ...broken, failover: true }),
    ).toBeNull();
    expect(
      validationProblem('service', ['retries', 'budgetPercent'], broken, { ...broken, budgetPercent: 101 }),
    ).toBe('must be ≤ 100 (got 101)');
    expect(validationProblem('service', ['retries'], broken, { count: -1, budgetPercent: 101 })).toBe(
      'retries.budgetPercent: must be ≤ 100 (got 101)',
    );
  });
});

describe('edits as changes', () => {
  it('sets a field on several services in one setValues change, keeping the formatting', () => {
    const plan = planSet(serviceScope(TEXT, [0, 1, 2]), ['timeoutMs'], 250);
    expect(plan).toMatchObject({ ok: true, label: 'Set timeoutMs on 3 services' });
    if (!plan.ok || plan.change?.type !== 'setValues') throw new Error('expected one setValues change');
    expect(plan.change.entries.map((entry) => entry.path)).toEqual([
      ['services', 0, 'timeoutMs'],
      ['services', 1, 'timeoutMs'],
      ['services', 2, 'timeoutMs'],
    ]);
    expect(applyChange(TEXT, plan.change)).toBe(`{
  "arch": "shop",
  "services": [
    { "name": "www", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["api"], "timeoutMs": 250 },
    {
      "name": "api",
      "package": "karyon",
      "x-owner": "alice",
      "count": 3,
      "dependencies": ["db"],
      "timeoutMs": 250
    },
    { "name": "db", "package": "store", "count": 2, "dependencies": [], "timeoutMs": 250 }
  ],
  "load": { "rate": 10 }
}
`);
  });

  it('refuses an invalid value and changes nothing', () => {
    expect(planSet(serviceScope(TEXT, [1]), ['count'], -1)).toEqual({
      ok: false,
      message: 'must be ≥ 0 (got -1)',
    });
    expect(planSet(serviceScope(TEXT, [0, 1]), ['timeoutMs'], 'abc')).toEqual({
      ok: false,
      message: 'www: must be a number (got "abc")',
    });
  });

  it('removes a field when the input is emptied, and skips services that do not have it', () => {
    const plan = planSet(serviceScope(TEXT, [1, 2]), ['timeoutMs'], undefined);
    expect(plan).toMatchObject({ ok: true, label: 'Remove timeoutMs on 2 services' });
    const text = applied(TEXT, plan);
    expect(text).toContain(`"dependencies": ["db"]\n    },`);
    expect(text).not.toContain('timeoutMs');
    expect(planSet(serviceScope(TEXT, [2]), ['timeoutMs'], undefined)).toMatchObject({
      ok: true,
      change: null,
    });
  });

  it('starts a missing group with its required fields from the package defaults', () => {
    const text = applied(TEXT, planSet(serviceScope(TEXT, [1]), ['retries', 'failover'], true));
    expect(JSON.parse(text).services[1].retries).toEqual({ count: 1, failover: true });
    const latency = applied(TEXT, planSet(serviceScope(TEXT, [1]), ['latency', 'median'], 7));
    expect(JSON.parse(latency).services[1].latency).toEqual({ type: 'lognormal', median: 7, sigma: 0.5 });
    const backoff = applied(text, planSet(serviceScope(text, [1]), ['retries', 'backoff', 'baseMs'], 20));
    expect(JSON.parse(backoff).services[1].retries).toEqual({
      count: 1,
      failover: true,
      backoff: { type: 'exponential', baseMs: 20 },
    });
  });

  it('edits per-dependency settings under calls', () => {
    const text = applied(TEXT, planSet(serviceScope(TEXT, [1]), ['calls', 'probabilities', 'db'], 0.5));
    expect(JSON.parse(text).services[1].calls).toEqual({ probabilities: { db: 0.5 } });
    expect(planSet(serviceScope(TEXT, [1]), ['calls', 'probabilities', 'db'], 1.5)).toEqual({
      ok: false,
      message: 'must be ≤ 1 (got 1.5)',
    });
  });

  it('switches a latency model, keeping what fits and turning a model into a mixture component', () => {
    const constant = applied(TEXT, planSwitchVariant(serviceScope(TEXT, [1]), ['latency'], 'constant'));
    expect(JSON.parse(constant).services[1].latency).toEqual({ type: 'constant', value: 0 });
    const mixture = applied(constant, planSwitchVariant(serviceScope(constant, [1]), ['latency'], 'mixture'));
    expect(JSON.parse(mixture).services[1].latency).toEqual({
      type: 'mixture',
      components: [{ weight: 1, model: { type: 'constant', value: 0 } }],
    });
    const added = applied(mixture, planAddItem(serviceScope(mixture, [1]), ['latency', 'components']));
    expect(JSON.parse(added).services[1].latency.components[1]).toEqual({
      weight: 1,
      model: { type: 'constant', value: 0 },
    });
    const removed = planSet(serviceScope(mixture, [1]), ['latency', 'components', 0], undefined);
    expect(removed).toEqual({ ok: false, message: 'latency.components: must have at least 1 entry' });
    const unset = applied(constant, planSwitchVariant(serviceScope(constant, [1]), ['latency'], undefined));
    expect(JSON.parse(unset).services[1].latency).toBeUndefined();
  });

  it('adds and edits document lists: SLOs, scenarios and their failures', () => {
    const scope = () => documentScope(text);
    let text = applied(TEXT, planAddItem(documentScope(TEXT), ['slos']));
    expect(JSON.parse(text).slos).toEqual([{ service: 'www', percentile: 99, latencyMs: 100 }]);
    text = applied(text, planAddItem(scope(), ['scenarios']));
    text = applied(text, planAddItem(scope(), ['scenarios', 0, 'failures']));
    expect(JSON.parse(text).scenarios).toEqual([
      { name: 'scenario-1', failures: [{ type: 'kill-instances', service: 'www' }] },
    ]);
    text = applied(text, planSwitchVariant(scope(), ['scenarios', 0, 'failures', 0], 'errors'));
    expect(JSON.parse(text).scenarios[0].failures[0]).toEqual({ type: 'errors', service: 'www', rate: 0 });
    expect(planSet(scope(), ['scenarios', 0, 'failures', 0, 'rate'], 2)).toEqual({
      ok: false,
      message: 'must be ≤ 1 (got 2)',
    });
    text = applied(text, planSet(scope(), ['load', 'rate'], 250));
    expect(JSON.parse(text).load).toEqual({ rate: 250 });
    expect(planSet(scope(), ['load', 'rate'], 250)).toMatchObject({
      ok: true,
      change: null,
      label: 'Set load.rate',
    });
  });

  it('renames through renameService and refuses a taken name', () => {
    const services = (JSON.parse(TEXT) as { services: JsonObject[] }).services;
    const plan = planRename(serviceScope(TEXT, [2]), 'database', services);
    expect(plan).toMatchObject({ ok: true, label: 'Rename db to database' });
    const text = applied(TEXT, plan);
    expect(JSON.parse(text).services[1].dependencies).toEqual(['database']);
    expect(planRename(serviceScope(TEXT, [2]), 'api', services)).toEqual({
      ok: false,
      message: 'There is already a service named "api".',
    });
    expect(planRename(serviceScope(TEXT, [1, 2]), 'x', services)).toMatchObject({ ok: false });
  });

  it('adds a dependency to every selected service that lacks it, in one step', () => {
    const plan = planDependency(serviceScope(TEXT, [0, 1]), 'db', true);
    expect(plan).toMatchObject({ ok: true, label: 'Add dependency db to www' });
    expect(planDependency(serviceScope(TEXT, [0, 2]), 'eureka', true)).toMatchObject({
      label: 'Add dependency eureka to 2 services',
      change: { type: 'batch' },
    });
    const text = applied(TEXT, plan);
    expect(JSON.parse(text).services.map((service: JsonObject) => service['dependencies'])).toEqual([
      ['api', 'db'],
      ['db'],
      [],
    ]);
    const removal = planDependency(serviceScope(text, [0, 1]), 'db', false);
    expect(removal.ok && removal.change?.type).toBe('batch');
    expect(applied(text, removal)).toBe(applied(TEXT, planDependency(serviceScope(TEXT, [1]), 'db', false)));
  });
});
