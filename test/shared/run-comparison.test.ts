/** Runs side by side: the stored numbers per entry and service, deltas, and what differs. */
import { describe, expect, it } from 'vitest';
import {
  compareEntries,
  compareServices,
  deltaOf,
  diffDocuments,
  diffOptions,
  lowerIsBetter,
  sameSeed,
} from '@shared/run-comparison.ts';
import { lampDocument, makeResult } from '../store/fixtures.ts';

describe('comparing runs', () => {
  it('lines up entries and services by name, with null where a run lacks one', () => {
    const first = makeResult();
    const second = {
      ...makeResult(),
      services: makeResult().services.filter((_service, index) => index > 0),
    };
    const services = compareServices([first, second]);
    expect(services.map((item) => item.name)).toEqual(first.services.map((service) => service.name));
    expect(services[0]?.runs[1]).toBeNull();
    expect(services[0]?.runs[0]).toMatchObject({
      requests: first.services[0]?.requests,
      p99: first.services[0]?.latencyMs.p99,
    });
    const entries = compareEntries([first, second]);
    expect(entries[0]?.runs[0]?.p999).toBe(first.entries[0]?.responseMs.p999);
  });

  it('gives absolute and relative deltas, and says which way is better', () => {
    expect(deltaOf(200, 150)).toEqual({ absolute: -50, relative: -0.25 });
    expect(deltaOf(0, 3)).toEqual({ absolute: 3, relative: null });
    expect(lowerIsBetter('p99')).toBe(true);
    expect(lowerIsBetter('requests')).toBe(false);
  });

  it('names what differs between the documents and the options', () => {
    const before = lampDocument();
    const after = {
      ...before,
      description: 'changed',
      services: [...before.services.slice(1), { ...before.services[0]!, count: 9 }],
    };
    const difference = diffDocuments(before, after);
    expect(difference.sameDocument).toBe(false);
    expect(difference.fieldsChanged).toEqual(['description']);
    expect(difference.servicesChanged).toEqual([{ name: before.services[0]!.name, fields: ['count'] }]);
    expect(diffDocuments(before, structuredClone(before)).sameDocument).toBe(true);

    const first = makeResult();
    const second = { ...makeResult(), scenario: 'zone-outage', options: { ...first.options, seed: 99 } };
    expect(diffOptions(first, second)).toEqual([
      { option: 'scenario', from: first.scenario ?? null, to: 'zone-outage' },
      { option: 'seed', from: first.options.seed, to: 99 },
    ]);
    expect(sameSeed([first, first])).toBe(true);
    expect(sameSeed([first, second])).toBe(false);
  });
});
