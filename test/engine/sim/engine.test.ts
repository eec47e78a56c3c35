import { describe, expect, it } from 'vitest';
import { Simulation, SimulationOverloadError, simulate } from '@engine/sim/simulation.ts';
import { CALL_FLAGS, CallLimitError, CallTable } from '@engine/sim/calls.ts';
import { LatencyHistogram } from '@engine/histogram.ts';
import { expandTopology } from '@engine/topology/expand.ts';
import { writeSpigoGraph } from '@engine/topology/graph.ts';
import { documentOf, loadExample } from '../../support/examples.ts';

const zero = { type: 'constant', value: 0 } as const;
const constantNetwork = { sameZone: zero, crossZone: zero, crossRegion: zero };

describe('determinism', () => {
  it('gives byte-identical results for the same document, options and seed', () => {
    const document = loadExample('netflixoss');
    const first = JSON.stringify(
      simulate(document, { durationS: 5, rate: 500, seed: 11, traceSampleRate: 0.01 }),
    );
    const second = JSON.stringify(
      simulate(document, { durationS: 5, rate: 500, seed: 11, traceSampleRate: 0.01 }),
    );
    expect(second).toBe(first);
  });

  it('gives different samples for a different seed', () => {
    const document = loadExample('netflixoss');
    const first = simulate(document, { durationS: 5, rate: 500, seed: 11 });
    const second = simulate(document, { durationS: 5, rate: 500, seed: 12 });
    expect(second.summary.requests).not.toBe(first.summary.requests);
    expect(second.histograms.entries['www']).not.toBe(first.histograms.entries['www']);
  });

  it('runs the same in slices as in one go', () => {
    const document = loadExample('storage');
    const whole = new Simulation(document, { durationS: 3 }).run(undefined, 1_000_000_000);
    const sliced = new Simulation(document, { durationS: 3 }).run(undefined, 7);
    expect(JSON.stringify(sliced)).toBe(JSON.stringify(whole));
  });
});

describe('netflixoss', () => {
  const result = simulate(loadExample('netflixoss'), { durationS: 20, rate: 2000, seed: 3 });

  it('serves every request without errors when nothing fails', () => {
    expect(result.summary.requests).toBeGreaterThan(38_000);
    expect(result.summary.completed).toBe(result.summary.requests);
    expect(result.summary.errors).toBe(0);
    expect(result.entries.map((entry) => entry.name)).toEqual(['www']);
  });

  it("obeys Little's law in every service (L = λW)", () => {
    for (const service of result.services) {
      if (service.requests === 0) continue;
      const littleL = (service.arrivalRate * service.meanTimeInSystemMs) / 1000;
      expect(Math.abs(service.meanInSystem - littleL) / littleL, service.name).toBeLessThan(0.01);
    }
  });

  it('frees a call slot when the call is over, not when its timeout would have expired', () => {
    // 2,000 requests/s × 5.5 calls × multi-second timeouts would hold ~10^5 slots if an
    // answered call's pending timer kept its slot; the calls actually in flight are a few hundred.
    const simulation = new Simulation(loadExample('netflixoss'), { durationS: 10, rate: 2000, seed: 3 });
    const run = simulation.run();
    expect(run.summary.errors).toBe(0);
    expect(simulation.callSlots).toBeLessThanOrEqual(1024);
  });

  it('keeps karyon and zuul calls inside their zone while all instances are healthy', () => {
    const sameZoneOnly = new Set(['login', 'homepage', 'wwwproxy']);
    const edges = result.edges.filter((edge) => sameZoneOnly.has(edge.caller));
    expect(edges.map((edge) => `${edge.caller}->${edge.callee}`).sort()).toEqual([
      'homepage->subscriber',
      'login->subscriber',
      'wwwproxy->homepage',
      'wwwproxy->login',
    ]);
    for (const edge of edges) {
      expect(edge.calls).toBeGreaterThan(0);
      expect(edge.locality, `${edge.caller}->${edge.callee}`).toEqual({
        sameZone: edge.calls,
        crossZone: 0,
        crossRegion: 0,
      });
    }
    // staash is cross-zone: it reaches cassandra in every zone.
    const staash = result.edges.find(
      (edge) => edge.caller === 'subscriber' && edge.callee === 'cassSubscriber',
    )!;
    expect(staash.locality.crossZone).toBeGreaterThan(staash.locality.sameZone);
  });

  it("routes zuul's requests over login and homepage in proportion to their instances (spigo)", () => {
    const login = result.edges.find((edge) => edge.caller === 'wwwproxy' && edge.callee === 'login')!.calls;
    const homepage = result.edges.find(
      (edge) => edge.caller === 'wwwproxy' && edge.callee === 'homepage',
    )!.calls;
    expect(login / (login + homepage)).toBeCloseTo(18 / 42, 1);
  });

  it('sends a cassandra read to the key owner in the coordinator’s zone ring', () => {
    // Two nodes per zone ring: half the reads land on a node that is not the owner and forward.
    const reads = result.edges.find(
      (edge) => edge.caller === 'subscriber' && edge.callee === 'cassSubscriber',
    )!.calls;
    const forwards = result.edges.find(
      (edge) => edge.caller === 'cassSubscriber' && edge.callee === 'cassSubscriber',
    )!;
    expect(forwards.calls / reads).toBeCloseTo(0.5, 1);
    expect(forwards.locality.sameZone).toBe(forwards.calls);
  });

  it('measures the four timestamps of every call: response = service + network', () => {
    for (const edge of result.edges) {
      const { responseMs, serviceMs, networkMs } = edge;
      expect(responseMs.mean).toBeCloseTo(serviceMs.mean + networkMs.mean, 2);
      expect(responseMs.count).toBe(edge.calls);
    }
  });

  it('keeps a per-second timeline whose counts add up', () => {
    const seconds = Math.ceil(result.summary.simulatedSeconds);
    const entry = result.timeline.entries['www']!;
    expect(entry.requests).toHaveLength(seconds);
    expect(entry.requests.reduce((sum, value) => sum + value, 0)).toBe(result.summary.requests);
    const proxy = result.timeline.services['wwwproxy']!;
    expect(proxy.requests.reduce((sum, value) => sum + value, 0)).toBe(
      result.services.find((service) => service.name === 'wwwproxy')!.requests,
    );
    expect(proxy.p50[5]).toBeGreaterThan(0);
    expect(proxy.p99[5]).toBeGreaterThanOrEqual(proxy.p90[5]!);
    expect(proxy.p90[5]).toBeGreaterThanOrEqual(proxy.p50[5]!);
  });
});

describe('writes', () => {
  it('replicate cassandra writes to the key owner in every other zone', () => {
    const document = loadExample('netflixoss');
    const result = simulate(
      { ...document, load: { writeFraction: 1 } },
      { durationS: 10, rate: 1000, seed: 5 },
    );
    const writes = result.edges.find(
      (edge) => edge.caller === 'subscriber' && edge.callee === 'cassSubscriber',
    )!.calls;
    const peers = result.edges.find(
      (edge) => edge.caller === 'cassSubscriber' && edge.callee === 'cassSubscriber',
    )!;
    // Each write: 0.5 forwards to the owner, then 2 one-way replicas to the other zones' owners.
    expect(peers.calls / writes).toBeCloseTo(2.5, 1);
    expect(peers.locality.crossZone / writes).toBeCloseTo(2, 1);
    // staash writes every tier: the evcache store gets every write, reads never reach it.
    const evcache = result.services.find((service) => service.name === 'evcacheSubscriber')!;
    expect(evcache.requests).toBe(writes);
  });
});

describe('the seed talk’s storage example', () => {
  const result = simulate(loadExample('storage'), { durationS: 120, seed: 42 });
  const web = LatencyHistogram.decode(result.histograms.services['web']!);
  const share = (lowMs: number, highMs: number) =>
    web.countBetween(lowMs * 1000, highMs * 1000) / web.totalCount;

  it('falls through from memcached (40 % hits) to MySQL', () => {
    const memcache = result.services.find((service) => service.name === 'memcache')!;
    const mysql = result.services.find((service) => service.name === 'mysql')!;
    expect(memcache.requests).toBe(result.summary.requests);
    expect(mysql.requests / memcache.requests).toBeCloseTo(0.6, 1);
  });

  it('comes out trimodal: cache hits, MySQL buffer hits, disk reads', () => {
    expect(share(0, 2.7)).toBeCloseTo(0.4, 1); // memcached hits
    expect(share(2.7, 7)).toBeCloseTo(0.6 * 0.7, 1); // MySQL buffer cache
    expect(share(7, 1000)).toBeCloseTo(0.6 * 0.3, 1); // disk
    // Valleys between the modes: the densest bin of each mode is far above the gap between them.
    const bin = (center: number) => share(center / 1.15, center * 1.15);
    expect(bin(6.5)).toBeLessThan(bin(4) / 3);
    expect(bin(6.5)).toBeLessThan(bin(13) / 3);
    expect(bin(2.6)).toBeLessThan(bin(1.8));
    expect(bin(2.6)).toBeLessThan(bin(4));
  });
});

describe('queueing limits and routing failures', () => {
  it('rejects calls when a bounded queue is full, and the error reaches the entry', () => {
    const document = documentOf({
      services: [
        {
          name: 'slow',
          package: 'karyon',
          count: 1,
          regions: 1,
          dependencies: [],
          latency: { type: 'constant', value: 10 },
          capacity: { concurrency: 1, queue: 2 },
          retries: { count: 0 },
        },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['slow'] },
      ],
      network: constantNetwork,
      load: { rate: 200, arrival: 'constant' },
    });
    const result = simulate(document, { durationS: 2 });
    const slow = result.services[0]!;
    // Capacity 100/s at 200/s offered: about half are rejected once the queue is full.
    expect(slow.errorsByCause.rejected! / slow.requests).toBeCloseTo(0.5, 1);
    expect(slow.maxQueueLength).toBe(2);
    expect(result.entries[0]!.errors).toBe(slow.errors);
    expect(slow.utilisation).toBeGreaterThan(0.95);
  });

  it('fails calls a karyon cannot route (spigo never connects it to a cross-zone elb)', () => {
    const document = documentOf({
      services: [
        { name: 'inner-elb', package: 'elb', count: 0, regions: 1, dependencies: ['back'] },
        { name: 'back', package: 'karyon', count: 3, regions: 1, dependencies: [] },
        { name: 'front', package: 'karyon', count: 3, regions: 1, dependencies: ['inner-elb'] },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['front'] },
      ],
    });
    const result = simulate(document, { durationS: 2, rate: 100 });
    const front = result.services.find((service) => service.name === 'front')!;
    expect(front.errors).toBe(front.requests);
    expect(result.summary.errors).toBe(result.summary.requests);
  });

  it('answers from a leaf karyon (spigo’s leaf karyon never answered)', () => {
    const document = documentOf({
      services: [
        { name: 'leaf', package: 'karyon', count: 3, regions: 1, dependencies: [] },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['leaf'] },
      ],
    });
    const result = simulate(document, { durationS: 2, rate: 100 });
    expect(result.summary.completed).toBe(result.summary.requests);
    expect(result.summary.errors).toBe(0);
  });

  it('calls dependencies in parallel, each with its probability', () => {
    const document = documentOf({
      services: [
        {
          name: 'a',
          package: 'store',
          count: 3,
          regions: 1,
          dependencies: [],
          latency: { type: 'constant', value: 5 },
        },
        {
          name: 'b',
          package: 'store',
          count: 3,
          regions: 1,
          dependencies: [],
          latency: { type: 'constant', value: 8 },
        },
        {
          name: 'api',
          package: 'monolith',
          count: 3,
          regions: 1,
          dependencies: ['a', 'b'],
          latency: { type: 'constant', value: 1 },
          calls: { mode: 'parallel', probabilities: { b: 0.25 } },
        },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['api'] },
      ],
      network: constantNetwork,
    });
    const result = simulate(document, { durationS: 20, rate: 200 });
    const api = result.services.find((service) => service.name === 'api')!;
    const b = result.services.find((service) => service.name === 'b')!;
    expect(b.requests / api.requests).toBeCloseTo(0.25, 1);
    // In parallel the slower dependency sets the time: 1 + 8 ms with b, 1 + 5 ms without.
    expect(api.latencyMs.p50).toBeCloseTo(6, 1);
    expect(api.latencyMs.max).toBeCloseTo(9, 1);
  });
});

describe('load', () => {
  it('follows a step, a ramp and a spike with constant arrivals', () => {
    const document = documentOf({
      services: [
        { name: 'leaf', package: 'store', count: 3, regions: 1, dependencies: [] },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['leaf'] },
      ],
      load: {
        rate: 100,
        arrival: 'constant',
        durationS: 30,
        changes: [
          { type: 'step', atS: 10, rate: 300 },
          { type: 'spike', atS: 15, durationS: 2, rate: 1000 },
          { type: 'ramp', atS: 20, durationS: 10, toRate: 0 },
        ],
      },
    });
    const requests = simulate(document).timeline.entries['www']!.requests;
    expect(requests[5]).toBeCloseTo(100, -1);
    expect(requests[12]).toBeCloseTo(300, -1);
    expect(requests[16]).toBeCloseTo(1000, -1);
    expect(requests[18]).toBeCloseTo(300, -1);
    expect(requests[25]).toBeCloseTo(135, -1); // 300 → 0 over 20–30 s: 150 at 25 s, averaged over the second
    expect(requests[29]).toBeLessThan(40);
  });

  it('is open loop: a saturated service does not slow the arrivals', () => {
    const document = documentOf({
      services: [
        {
          name: 'slow',
          package: 'karyon',
          count: 1,
          regions: 1,
          dependencies: [],
          latency: { type: 'constant', value: 20 },
          capacity: { concurrency: 1, queue: null },
          timeoutMs: 3_600_000,
          retries: { count: 0 },
        },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['slow'] },
      ],
      load: { rate: 100, arrival: 'poisson' },
    });
    const result = simulate(document, { durationS: 10, drainS: 1000 });
    expect(result.summary.requests).toBeGreaterThan(900);
    expect(result.summary.requests).toBeLessThan(1100);
    // Offered twice the capacity: the queue grows all run and the tail shows it.
    expect(result.entries[0]!.responseMs.max).toBeGreaterThan(4000);
  });
});

describe('traces', () => {
  const result = simulate(loadExample('netflixoss'), {
    durationS: 5,
    rate: 200,
    seed: 9,
    traceSampleRate: 0.05,
  });

  it('are Zipkin v2 spans with the four timestamps in order', () => {
    expect(result.traces.length).toBeGreaterThan(100);
    const byId = new Map<string, (typeof result.traces)[number][]>();
    for (const span of result.traces) {
      expect(span.traceId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.id).toMatch(/^[0-9a-f]{16}$/);
      expect(['CLIENT', 'SERVER']).toContain(span.kind);
      expect(span.localEndpoint.ipv4).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(span.duration).toBeGreaterThan(0);
      byId.set(`${span.traceId}/${span.id}`, [...(byId.get(`${span.traceId}/${span.id}`) ?? []), span]);
    }
    for (const pair of byId.values()) {
      const client = pair.find((span) => span.kind === 'CLIENT');
      const server = pair.find((span) => span.kind === 'SERVER');
      if (!client || !server) continue;
      // cs ≤ sr, sr + service ≤ cs + response
      expect(server.timestamp).toBeGreaterThanOrEqual(client.timestamp);
      expect(server.timestamp + server.duration).toBeLessThanOrEqual(client.timestamp + client.duration + 1);
      expect(server.localEndpoint.serviceName).toBe(client.remoteEndpoint?.serviceName);
    }
  });

  it('give each instance the fake IP the spigo graph export gives it, standby instances aside', () => {
    // An autoscaled homepage has standby instances, which are not graph nodes.
    const base = loadExample('netflixoss');
    const document = {
      ...base,
      services: base.services.map((service) =>
        service.name === 'homepage' ? { ...service, autoscaling: { targetUtilisation: 0.6 } } : service,
      ),
    };
    const traced = simulate(document, { durationS: 5, rate: 200, seed: 9, traceSampleRate: 0.05 });
    let text = '';
    writeSpigoGraph(expandTopology(document), (chunk) => (text += chunk), { args: '[test]' });
    const graph = JSON.parse(text) as { graph: { node?: string; metadata?: string }[] };
    const ipByNode = new Map(
      graph.graph.filter((entry) => entry.node).map((entry) => [entry.node, entry.metadata!.slice(3)]),
    );
    const servers = traced.traces.filter((span) => span.kind === 'SERVER');
    expect(servers.some((span) => span.localEndpoint.serviceName === 'wwwproxy')).toBe(true);
    for (const span of servers) {
      // archsim.instance is the 9-field name; the graph uses arch.region.zone.instance.
      const [arch, region, zone, , instance] = span.tags!['archsim.instance']!.split('.');
      expect(span.localEndpoint.ipv4).toBe(ipByNode.get(`${arch}.${region}.${zone}.${instance}`));
    }
  });

  it('link each call to its parent within one trace', () => {
    const ids = new Set(result.traces.map((span) => `${span.traceId}/${span.id}`));
    const children = result.traces.filter((span) => span.parentId);
    expect(children.length).toBeGreaterThan(0);
    for (const span of children) expect(ids.has(`${span.traceId}/${span.parentId}`)).toBe(true);
    const roots = result.traces.filter((span) => !span.parentId && span.kind === 'CLIENT');
    expect(new Set(roots.map((span) => span.localEndpoint.serviceName))).toEqual(new Set(['www']));
  });
});

describe('overload', () => {
  it('stops a run whose calls in flight pass the limit, saying where and why, instead of taking all the memory', () => {
    // lamp at a million requests/s: its queues (unbounded) grow without end.
    const simulation = new Simulation(loadExample('lamp'), {
      rate: 1_000_000,
      durationS: 60,
      maxCallsInFlight: 2048,
    });
    expect(() => simulation.run()).toThrow(SimulationOverloadError);
    expect(() =>
      new Simulation(loadExample('lamp'), { rate: 1_000_000, durationS: 60, maxCallsInFlight: 2048 }).run(),
    ).toThrow(
      /^the run is overloaded: more than 2,048 calls in flight at 0(\.\d)? s \(simulated\), with requests arriving at 1,000,000\/s — more than the engine holds: the architecture falls behind its load \(its queues grow\) or its calls take too long; lower the rate, add instances or workers, bound the queues \(capacity\.queue\) or shorten the timeouts$/,
    );
    // The same document at its own rate stays far below the limit.
    expect(() =>
      new Simulation(loadExample('lamp'), { durationS: 5, maxCallsInFlight: 2048 }).run(),
    ).not.toThrow();
  });

  it('lets the call table grow to its limit and no further', () => {
    const table = new CallTable(2, 8);
    const slots = Array.from({ length: 8 }, () => table.allocate());
    expect(new Set(slots).size).toBe(8);
    expect(table.capacity).toBe(8);
    expect(() => table.allocate()).toThrow(CallLimitError);
    expect(() => table.allocate()).toThrow('more than 8 calls in flight');
    // A freed slot is handed out again.
    table.mark(slots[3]!, CALL_FLAGS.callerDone | CALL_FLAGS.serverDone);
    expect(table.allocate()).toBe(slots[3]);
  });
});
