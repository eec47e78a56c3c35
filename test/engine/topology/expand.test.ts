import { describe, expect, it } from 'vitest';
import { readSpigoJson } from '../../support/spigo.ts';
import { validateDocument } from '@shared/document/validate.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import {
  calleeCandidates,
  countEdges,
  expandTopology,
  forEachEdge,
  graphName,
  instanceName,
  isGraphNode,
  zoneName,
  type Topology,
} from '@engine/topology/expand.ts';
import { FakeIpAllocator, formatRfc3339Nano } from '@engine/topology/graph.ts';
import { SPIGO_REGIONS } from '@shared/document/regions.ts';
import { summarizeTopology } from '@engine/topology/summary.ts';

function load(arch: string): ArchDocument {
  const document = validateDocument(readSpigoJson('json_arch', `${arch}_arch.json`)).document;
  if (!document) throw new Error(`${arch} did not validate`);
  return document;
}

function namesOf(topology: Topology, service: string): string[] {
  const group = topology.services[topology.serviceIndexByName.get(service)!]!;
  return Array.from({ length: group.instanceCount }, (_unused, index) =>
    graphName(topology, group.firstInstance + index),
  );
}

function edgesByService(topology: Topology): Map<string, number> {
  const counts = new Map<string, number>();
  forEachEdge(topology, (source) => {
    const name = topology.services[topology.instanceService[source]!]!.name;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  return counts;
}

describe('instance names', () => {
  const topology = expandTopology(load('netflixoss'), { arch: 'netflixoss' });

  it("use spigo's nine fields and two-digit instance numbers", () => {
    const group = topology.services[topology.serviceIndexByName.get('homepage')!]!;
    expect(instanceName(topology, group.firstInstance + 15)).toBe(
      'netflixoss.us-east-1.zoneA..homepage15...homepage.karyon',
    );
    expect(instanceName(topology, group.firstInstance + 4)).toBe(
      'netflixoss.us-east-1.zoneB..homepage04...homepage.karyon',
    );
    expect(graphName(topology, group.firstInstance + 15)).toBe('netflixoss.us-east-1.zoneA.homepage15');
  });

  it('spread instances round robin over zoneA, zoneB, zoneC', () => {
    expect(namesOf(topology, 'cassSubscriber')).toEqual([
      'netflixoss.us-east-1.zoneA.cassSubscriber00',
      'netflixoss.us-east-1.zoneB.cassSubscriber01',
      'netflixoss.us-east-1.zoneC.cassSubscriber02',
      'netflixoss.us-east-1.zoneA.cassSubscriber03',
      'netflixoss.us-east-1.zoneB.cassSubscriber04',
      'netflixoss.us-east-1.zoneC.cassSubscriber05',
    ]);
  });

  it('make count 0 a cross-zone instance and regions 0 a global one', () => {
    expect(namesOf(topology, 'www-elb')).toEqual(['netflixoss.us-east-1.*.www-elb00']);
    expect(namesOf(topology, 'www')).toEqual(['netflixoss.*.*.www00']);
  });

  it('continue numbering across regions and create eureka per zone per run region', () => {
    const twoRegions = expandTopology(load('netflixoss'), { arch: 'netflixoss', regions: 2 });
    expect(namesOf(twoRegions, 'wwwproxy')).toEqual([
      'netflixoss.us-east-1.zoneA.wwwproxy00',
      'netflixoss.us-east-1.zoneB.wwwproxy01',
      'netflixoss.us-east-1.zoneC.wwwproxy02',
      'netflixoss.us-east-1.zoneA.wwwproxy03',
      'netflixoss.us-east-1.zoneB.wwwproxy04',
      'netflixoss.us-east-1.zoneC.wwwproxy05',
      'netflixoss.us-west-2.zoneA.wwwproxy06',
      'netflixoss.us-west-2.zoneB.wwwproxy07',
      'netflixoss.us-west-2.zoneC.wwwproxy08',
      'netflixoss.us-west-2.zoneA.wwwproxy09',
      'netflixoss.us-west-2.zoneB.wwwproxy10',
      'netflixoss.us-west-2.zoneC.wwwproxy11',
    ]);
    expect(namesOf(twoRegions, 'www-elb')).toEqual([
      'netflixoss.us-east-1.*.www-elb00',
      'netflixoss.us-west-2.*.www-elb00',
    ]);
    expect(twoRegions.eurekaCount).toBe(6);
    expect(namesOf(twoRegions, 'homepage').at(-1)).toBe('netflixoss.us-west-2.zoneC.homepage47');
  });
});

describe('scale (spigo -p)', () => {
  it('multiplies counts with integer rounding', () => {
    const document = load('netflixoss');
    const half = expandTopology(document, { arch: 'netflixoss', scale: 50 });
    expect(namesOf(half, 'evcacheSubscriber')).toEqual(['netflixoss.us-east-1.zoneA.evcacheSubscriber00']);
    expect(namesOf(half, 'homepage')).toHaveLength(12);
    const double = expandTopology(document, { arch: 'netflixoss', scale: 200 });
    expect(namesOf(double, 'homepage')).toHaveLength(48);
    expect(double.instanceCount).toBe(2 * (65 - 2) + 2);
  });

  it('turns a count that rounds to 0 into a single cross-zone instance', () => {
    const tiny = expandTopology(load('netflixoss'), { arch: 'netflixoss', scale: 10 });
    expect(namesOf(tiny, 'evcacheSubscriber')).toEqual(['netflixoss.us-east-1.*.evcacheSubscriber00']);
    expect(namesOf(tiny, 'homepage')).toEqual([
      'netflixoss.us-east-1.zoneA.homepage00',
      'netflixoss.us-east-1.zoneB.homepage01',
    ]);
  });

  it("refuses less than 1 % as spigo does (can't create less than 1 microservice)", () => {
    expect(() => expandTopology(load('netflixoss'), { scale: 0 })).toThrow(/less than 1 microservice/);
  });
});

describe('who connects to whom', () => {
  const topology = expandTopology(load('netflixoss'), { arch: 'netflixoss' });

  it('reproduces the worked netflixoss count, service by service', () => {
    expect(Object.fromEntries(edgesByService(topology))).toEqual({
      cassSubscriber: 30,
      subscriber: 54,
      login: 36,
      homepage: 48,
      wwwproxy: 84,
      'www-elb': 6,
      www: 1,
    });
    expect(countEdges(topology)).toBe(259);
  });

  it('keeps karyon and zuul calls inside their zone, by zone name', () => {
    forEachEdge(topology, (source, target) => {
      const packageName = topology.services[topology.instanceService[source]!]!.packageName;
      if (packageName === 'karyon' || packageName === 'zuul') {
        expect(zoneName(topology, target)).toBe(zoneName(topology, source));
      }
    });
    const proxy = topology.services[topology.serviceIndexByName.get('wwwproxy')!]!.firstInstance;
    const login = topology.serviceIndexByName.get('login')!;
    expect(
      Array.from(calleeCandidates(topology, proxy, login), (instance) => graphName(topology, instance)),
    ).toEqual(
      [0, 3, 6, 9, 12, 15].map(
        (number) => `netflixoss.us-east-1.zoneA.login${String(number).padStart(2, '0')}`,
      ),
    );
  });

  it('never connects an instance to itself', () => {
    forEachEdge(topology, (source, target) => expect(target).not.toBe(source));
  });

  it('lets a service with the eureka dependency reach every region', () => {
    const twoRegions = expandTopology(load('netflixoss'), { arch: 'netflixoss', regions: 2 });
    const cassandra = twoRegions.services[twoRegions.serviceIndexByName.get('cassSubscriber')!]!;
    // cassSubscriber lists itself and eureka: each node sees the other 11 in both regions.
    expect(calleeCandidates(twoRegions, cassandra.firstInstance, cassandra.index)).toHaveLength(12);
    // staash (region-bound) sees its region's cassandra plus the other region's, which registered everywhere.
    const staash = twoRegions.services[twoRegions.serviceIndexByName.get('subscriber')!]!;
    expect(calleeCandidates(twoRegions, staash.firstInstance, cassandra.index)).toHaveLength(12);
    const evcache = twoRegions.serviceIndexByName.get('evcacheSubscriber')!;
    expect(calleeCandidates(twoRegions, staash.firstInstance, evcache)).toHaveLength(3);
  });

  it('leaves instances in a region without eureka unregistered, as spigo does', () => {
    const document = validateDocument({
      services: [
        { name: 'db', package: 'store', count: 3, regions: 2, dependencies: [] },
        { name: 'web', package: 'monolith', count: 3, regions: 1, dependencies: ['db'] },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['web'] },
      ],
    });
    expect(document.problems.map((problem) => problem.code)).toEqual(['unregistered-instances']);
    const topology = expandTopology(document.document!, { arch: 'demo' });
    const db = topology.services[0]!;
    const registered = Array.from({ length: db.instanceCount }, (_unused, index) =>
      isGraphNode(topology, db.firstInstance + index),
    );
    expect(registered).toEqual([true, true, true, false, false, false]);
    const web = topology.services[1]!;
    expect(calleeCandidates(topology, web.firstInstance, 0)).toHaveLength(3);
    expect(summarizeTopology(topology).rows.find((row) => row.region === 'us-west-2')).toMatchObject({
      unregistered: 3,
      total: 3,
    });
  });
});

describe('custom regions', () => {
  it('replace spigo’s six regions and their zones', () => {
    const document = validateDocument({
      regions: [
        { name: 'eu-north-1', zones: ['a', 'b'] },
        { name: 'eu-south-1', zones: ['a', 'b'] },
      ],
      services: [
        { name: 'api', package: 'karyon', count: 4, regions: 1, dependencies: [] },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['api'] },
      ],
    }).document!;
    const topology = expandTopology(document, { arch: 'custom', regions: 2 });
    expect(namesOf(topology, 'api')).toEqual([
      'custom.eu-north-1.a.api00',
      'custom.eu-north-1.b.api01',
      'custom.eu-north-1.a.api02',
      'custom.eu-north-1.b.api03',
      'custom.eu-south-1.a.api04',
      'custom.eu-south-1.b.api05',
      'custom.eu-south-1.a.api06',
      'custom.eu-south-1.b.api07',
    ]);
    expect(summarizeTopology(topology).zoneNames).toEqual(['a', 'b']);
  });
});

describe('fake IPs and timestamps', () => {
  it("follow spigo's counters: region * in us-east-1/zoneA, zone * in its region's first zone", () => {
    const ips = new FakeIpAllocator(SPIGO_REGIONS);
    expect(ips.next(0, 0)).toBe('54.198.0.1');
    expect(ips.next(-1, -1)).toBe('54.198.0.2');
    expect(ips.next(1, -1)).toBe('54.245.0.1');
    expect(ips.next(0, 2)).toBe('50.19.0.1');
    for (let index = 0; index < 254; index++) ips.next(0, 1);
    expect(ips.next(0, 1)).toBe('54.221.0.255');
    expect(ips.next(0, 1)).toBe('54.221.1.0');
  });

  it("print like Go's RFC3339Nano", () => {
    expect(formatRfc3339Nano(0n)).toBe('1970-01-01T00:00:00Z');
    expect(formatRfc3339Nano(1_500_000_000n)).toBe('1970-01-01T00:00:01.5Z');
    expect(formatRfc3339Nano(123n)).toBe('1970-01-01T00:00:00.000000123Z');
  });
});
