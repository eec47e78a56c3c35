/** The canvas's instance view comes from spigo's expansion, as `archsim expand` prints it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDocument } from '@shared/document/validate.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import { instanceView } from '@main/services/instances.ts';

function example(name: string): ArchDocument {
  const document = validateDocument(
    JSON.parse(readFileSync(`resources/examples/${name}.json`, 'utf8')),
  ).document;
  if (!document) throw new Error(`${name} does not validate`);
  return document;
}

describe('the instance view', () => {
  it('groups each service’s instances by region and zone, with spigo’s names', () => {
    const view = instanceView(example('netflixoss'));
    expect(view.instances).toBe(65);
    const cassandra = view.services.find((service) => service.service === 'cassSubscriber');
    expect(cassandra?.total).toBe(6);
    expect(cassandra?.groups.map((group) => [group.region, group.zone, group.count])).toEqual([
      ['us-east-1', 'zoneA', 2],
      ['us-east-1', 'zoneB', 2],
      ['us-east-1', 'zoneC', 2],
    ]);
    expect(cassandra?.groups[0]?.names[0]).toBe('netflixoss.us-east-1.zoneA.cassSubscriber00');
    const dns = view.services.find((service) => service.service === 'www');
    expect(dns?.groups).toEqual([{ region: '*', zone: '*', count: 1, names: ['netflixoss.*.*.www00'] }]);
    expect(view.services.reduce((sum, service) => sum + service.total, 0)).toBe(65);
  });

  it('refuses documents too large to draw instance by instance', () => {
    const huge = example('lamp');
    expect(() =>
      instanceView({ ...huge, services: huge.services.map((service) => ({ ...service, count: 100_000 })) }),
    ).toThrow(/instance view draws up to 200,000 instances/);
  });
});
