/**
 * Failures and resilience: scenarios, discovery, timeouts, retries, budgets, deadlines, circuit
 * breakers, and the seed talks' retry-storm experiment.
 */
import { describe, expect, it } from 'vitest';
import { Simulation, scenarioNames, simulate } from '@engine/sim/simulation.ts';
import { expandTopology } from '@engine/topology/expand.ts';
import type { RunResult } from '@shared/results.ts';
import { documentOf, loadExample } from '../../support/examples.ts';
import { validateDocument } from '@shared/document/validate.ts';
import { formatProblem } from '@shared/document/problems.ts';

const constantNetwork = {
  sameZone: { type: 'constant', value: 0.1 },
  crossZone: { type: 'constant', value: 0.5 },
  crossRegion: { type: 'constant', value: 30 },
} as const;

const service = (result: RunResult, name: string) =>
  result.services.find((candidate) => candidate.name === name)!;
const edge = (result: RunResult, caller: string, callee: string) =>
  result.edges.find((candidate) => candidate.caller === caller && candidate.callee === callee)!;

/** www → api (6 monolith instances, 2 per zone) → db (6 stores). */
function twoTier(
  extra: Record<string, unknown> = {},
  api: Record<string, unknown> = {},
  db: Record<string, unknown> = {},
) {
  return documentOf({
    services: [
      {
        name: 'db',
        package: 'store',
        count: 6,
        regions: 1,
        dependencies: [],
        latency: { type: 'constant', value: 2 },
        ...db,
      },
      {
        name: 'api',
        package: 'monolith',
        count: 6,
        regions: 1,
        dependencies: ['db'],
        latency: { type: 'constant', value: 1 },
        ...api,
      },
      { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['api'] },
    ],
    network: constantNetwork,
    load: { rate: 500, arrival: 'constant', durationS: 20 },
    ...extra,
  });
}

describe('scenarios', () => {
  it("offer spigo's victim as the chaos-monkey scenario and refuse unknown names", () => {
    expect(scenarioNames(loadExample('netflixoss'))).toEqual(['chaos-monkey']);
    expect(() => new Simulation(loadExample('netflixoss'), { scenario: 'nope' })).toThrow(
      'unknown scenario "nope" (known: chaos-monkey)',
    );
  });

  it('run without failures unless one is chosen', () => {
    const result = simulate(loadExample('netflixoss'), { durationS: 5, rate: 200 });
    expect(result.scenario).toBeNull();
    expect(result.failures).toEqual([]);
    expect(result.events).toEqual([]);
  });
});

describe('killing instances', () => {
  const document = twoTier(
    {
      scenarios: [{ name: 'kill', failures: [{ type: 'kill-instances', service: 'db', count: 2, atS: 5 }] }],
      discovery: { detectionS: 2 },
    },
    { retries: { count: 0 } },
    { timeoutMs: 300, retries: { count: 0 } },
  );
  const result = simulate(document, { scenario: 'kill' });

  it('makes callers time out on the dead instances until discovery notices, then route around them', () => {
    const db = service(result, 'db');
    // 2 of 6 instances dead for the 2 s detection window at 500 req/s: about a third of 1000 calls.
    expect(db.errorsByCause['failed-instance']).toBeGreaterThan(250);
    expect(db.errorsByCause['failed-instance']).toBeLessThan(420);
    expect(db.errorsByCause.timeout).toBeUndefined();
    const detected = result.events.filter((event) => event.kind === 'instance-detected-down');
    expect(detected.map((event) => event.atS)).toEqual([7, 7]);
    const timeline = result.timeline.entries['www']!;
    expect(timeline.errors.slice(0, 5).every((value) => value === 0)).toBe(true);
    // Calls sent to a dead instance until 7 s time out up to 300 ms later.
    expect(timeline.errors[5]! + timeline.errors[6]! + timeline.errors[7]!).toBe(result.summary.errors);
    expect(timeline.errors.slice(8).every((value) => value === 0)).toBe(true);
  });

  it('reports the impact window and the time to recover', () => {
    expect(result.failures).toEqual([
      {
        scenario: 'kill',
        type: 'kill-instances',
        target: '2 instances of db',
        atS: 5,
        durationS: null,
        impactStartS: 5,
        impactEndS: 8,
        timeToRecoverS: 3,
        errorsDuringImpact: result.summary.errors,
      },
    ]);
  });

  it('brings a replacement up after the autoscaling group’s delay', () => {
    const replaced = simulate(
      twoTier(
        {
          scenarios: [
            { name: 'kill', failures: [{ type: 'kill-instances', service: 'db', count: 1, atS: 5 }] },
          ],
        },
        {},
        { autoscaling: { replaceAfterS: 4 } },
      ),
      { scenario: 'kill' },
    );
    const kinds = replaced.events.map((event) => `${event.atS} ${event.kind}`);
    expect(kinds).toEqual([
      '5 failure-start',
      '5 instance-down',
      '6 instance-detected-down',
      '9 instance-up',
      '10 instance-detected-up',
    ]);
  });
});

describe('a reactive autoscaler', () => {
  const documentWith = (autoscaling: Record<string, unknown> | undefined) =>
    documentOf({
      services: [
        {
          name: 'api',
          package: 'karyon',
          count: 3,
          regions: 1,
          dependencies: [],
          latency: { type: 'exponential', mean: 10 },
          capacity: { concurrency: 2, queue: null },
          timeoutMs: 60_000,
          retries: { count: 0 },
          ...(autoscaling ? { autoscaling } : {}),
        },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['api'] },
      ],
      // 300/s, then 700/s from 30 s: more than the 600/s three instances can serve.
      load: {
        rate: 300,
        arrival: 'poisson',
        durationS: 120,
        changes: [{ type: 'step', atS: 30, rate: 700 }],
      },
    });
  const fixed = simulate(documentWith(undefined));
  const scaled = simulate(
    documentWith({ targetUtilisation: 0.6, maxInstances: 12, cooldownS: 10, startupS: 5 }),
  );

  it('starts standby instances when utilisation exceeds the target, after their startup time', () => {
    const outs = scaled.events.filter((event) => event.kind === 'scale-out');
    expect(outs.length).toBeGreaterThanOrEqual(2);
    expect(outs[0]!.atS).toBeGreaterThanOrEqual(30);
    expect(outs[0]!.detail).toMatch(/starting 2 instances \(3 → 5\)/);
    const up = scaled.events.filter((event) => event.kind === 'instance-up');
    expect(up[0]!.atS).toBe(outs[0]!.atS + 5);
    expect(up[0]!.instance).toMatch(/^arch\.us-east-1\.zone[ABC]\.\.api0[3-9]/);
  });

  it('keeps utilisation near its target and the tail short, where fixed capacity drowns', () => {
    const api = service(scaled, 'api');
    expect(api.instances).toBe(3);
    expect(api.utilisation).toBeGreaterThan(0.5);
    expect(api.utilisation).toBeLessThan(0.7);
    expect(service(fixed, 'api').utilisation).toBeGreaterThan(0.85);
    const lastMinute = (result: RunResult) => Math.max(...result.timeline.entries['www']!.p99.slice(60, 110));
    expect(lastMinute(fixed)).toBeGreaterThan(5000);
    expect(lastMinute(scaled)).toBeLessThan(200);
  });

  it('keeps standby instances out of the spigo topology', () => {
    const document = documentWith({ targetUtilisation: 0.6, maxInstances: 12 });
    expect(expandTopology(document).instanceCount).toBe(4);
    // The run holds the 9 standby slots (12 per region at most) besides the 4 instances.
    expect(scaled.summary.instances).toBe(4 + 9);
    expect(fixed.summary.instances).toBe(4);
  });
});

describe('zone and region outages', () => {
  it('stop a zone; same-zone karyon callers in other zones are untouched', () => {
    const document = documentOf({
      services: [
        {
          name: 'back',
          package: 'karyon',
          count: 6,
          regions: 1,
          dependencies: [],
          timeoutMs: 200,
          retries: { count: 0 },
        },
        {
          name: 'front',
          package: 'karyon',
          count: 6,
          regions: 1,
          dependencies: ['back'],
          retries: { count: 0 },
        },
        { name: 'front-elb', package: 'elb', count: 0, regions: 1, dependencies: ['front'] },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['front-elb'] },
      ],
      scenarios: [
        {
          name: 'gorilla',
          failures: [{ type: 'zone-outage', region: 'us-east-1', zone: 'zoneA', atS: 5, durationS: 5 }],
        },
      ],
      load: { rate: 300, arrival: 'constant', durationS: 20 },
    });
    const result = simulate(document, { scenario: 'gorilla' });
    expect(result.failures[0]!.target).toBe('us-east-1/zoneA');
    // The elb keeps sending a third of the traffic to zoneA until discovery notices (1 s).
    expect(service(result, 'front').errorsByCause['failed-instance']).toBeGreaterThan(50);
    // Only calls already in flight inside zoneA when it went down.
    expect(service(result, 'back').errors).toBeLessThan(5);
    // Calls sent into zoneA before discovery noticed time out up to 2 s (front's timeout) later.
    expect(result.timeline.entries['www']!.errors.slice(9, 20).every((value) => value === 0)).toBe(true);
    expect(result.events.filter((event) => event.kind === 'instance-up')).toHaveLength(4);
  });

  it('stop a region; a cross-region ring keeps answering from the other', () => {
    const document = documentOf({
      services: [
        { name: 'ring', package: 'priamCassandra', count: 3, regions: 1, dependencies: ['ring', 'eureka'] },
        { name: 'api', package: 'monolith', count: 3, regions: 1, dependencies: ['ring'], timeoutMs: 1000 },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['api'] },
      ],
      scenarios: [{ name: 'kong', failures: [{ type: 'region-outage', region: 'us-west-2', atS: 5 }] }],
      load: { rate: 200, arrival: 'constant', durationS: 15 },
    });
    const result = simulate(document, { scenario: 'kong', regions: 2 });
    const timeline = result.timeline.entries['www']!;
    expect(timeline.errors.slice(8).every((value) => value === 0)).toBe(true);
    expect(timeline.requests[10]).toBe(200);
    expect(result.failures[0]).toMatchObject({ target: 'us-west-2', impactStartS: 5 });
  });
});

describe('latency, errors and partitions', () => {
  it('add latency to a share of a service’s instances', () => {
    const document = twoTier({
      scenarios: [
        {
          name: 'slow',
          failures: [
            { type: 'latency', service: 'db', percent: 50, added: { type: 'constant', value: 100 }, atS: 0 },
          ],
        },
      ],
    });
    const db = service(simulate(document, { scenario: 'slow' }), 'db');
    // Half the instances take 2 ms, half 102 ms.
    expect(db.latencyMs.mean).toBeGreaterThan(47);
    expect(db.latencyMs.mean).toBeLessThan(57);
    expect(db.latencyMs.p90).toBeCloseTo(102, 0);
  });

  it('add latency to one edge only', () => {
    const document = twoTier({
      scenarios: [
        {
          name: 'slow-edge',
          failures: [
            { type: 'latency', service: 'db', caller: 'api', added: { type: 'constant', value: 50 }, atS: 0 },
          ],
        },
      ],
    });
    const result = simulate(document, { scenario: 'slow-edge' });
    expect(edge(result, 'api', 'db').networkMs.p50).toBeGreaterThan(50);
    expect(service(result, 'db').latencyMs.p50).toBe(2);
  });

  it('inject errors at a rate', () => {
    const document = twoTier(
      { scenarios: [{ name: 'errors', failures: [{ type: 'errors', service: 'db', rate: 0.2, atS: 0 }] }] },
      { retries: { count: 0 } },
      { retries: { count: 0 } },
    );
    const db = service(simulate(document, { scenario: 'errors' }), 'db');
    expect(db.errorsByCause.injected! / db.requests).toBeCloseTo(0.2, 1);
  });

  it('partition two zones: calls across them time out', () => {
    const document = twoTier(
      {
        scenarios: [
          {
            name: 'split',
            failures: [{ type: 'partition', between: ['us-east-1/zoneA', 'us-east-1/zoneB'], atS: 0 }],
          },
        ],
      },
      { retries: { count: 0 } },
      { timeoutMs: 100, retries: { count: 0 } },
    );
    const result = simulate(document, { scenario: 'split' });
    const db = service(result, 'db');
    // api in zoneA calling db in zoneB and the reverse: 2/9 of the api→db calls.
    expect(db.errorsByCause.timeout! / db.requests).toBeGreaterThan(0.15);
    expect(db.errorsByCause.timeout! / db.requests).toBeLessThan(0.35);
  });
});

describe('resilience patterns', () => {
  it('retry with exponential backoff, on another instance when asked', () => {
    const document = twoTier(
      { scenarios: [{ name: 'errors', failures: [{ type: 'errors', service: 'db', rate: 1, atS: 0 }] }] },
      { retries: { count: 0 } },
      { retries: { count: 2, backoff: { type: 'exponential', baseMs: 20, maxMs: 1000 }, failover: true } },
    );
    const result = simulate(document, { scenario: 'errors' });
    const db = service(result, 'db');
    expect(db.retries).toBe(2 * result.summary.requests);
    expect(db.amplification).toBeCloseTo(3, 5);
    // Three attempts 20 + 40 ms apart: about 60 ms of backoff plus three round trips.
    expect(result.entries[0]!.responseMs.p50).toBeGreaterThan(66);
    expect(result.entries[0]!.responseMs.p50).toBeLessThan(75);
  });

  it('limit retries with a budget', () => {
    const document = twoTier(
      { scenarios: [{ name: 'errors', failures: [{ type: 'errors', service: 'db', rate: 1, atS: 0 }] }] },
      { retries: { count: 0 } },
      { retries: { count: 3, budgetPercent: 10 } },
    );
    const db = service(simulate(document, { scenario: 'errors' }), 'db');
    const firstAttempts = db.requests - db.retries;
    // 10 % of first attempts per caller service, plus the bucket's initial 10 tokens.
    expect(db.retries).toBeLessThanOrEqual(Math.ceil(firstAttempts * 0.1) + 10);
    expect(db.retries).toBeGreaterThan(firstAttempts * 0.05);
  });

  it('count work done after the caller gave up as wasted; propagated deadlines drop expired work', () => {
    // db serves 1 call at a time in 15 ms (66/s) but receives 100/s: its queue grows past the
    // 40 ms its callers wait.
    const slow = {
      count: 1,
      latency: { type: 'constant', value: 15 },
      timeoutMs: 40,
      retries: { count: 0 },
      capacity: { concurrency: 1, queue: null },
    };
    const fifo = service(
      simulate(twoTier({}, { retries: { count: 0 } }, slow), { durationS: 4, rate: 100 }),
      'db',
    );
    expect(fifo.wastedMs).toBeGreaterThan(1000);
    const budgeted = service(
      simulate(twoTier({}, { retries: { count: 0 }, deadlinePropagation: true }, slow), {
        durationS: 4,
        rate: 100,
      }),
      'db',
    );
    // Without deadlines the backlog grows all run and is served long after anyone waits for it;
    // with them, expired calls are answered at once without work, so the queue stays short and
    // the service answers within its callers' patience as soon as the overload ends.
    expect(fifo.maxQueueLength).toBeGreaterThan(100);
    expect(budgeted.maxQueueLength).toBeLessThan(10);
    expect(fifo.latencyMs.p99).toBeGreaterThan(1000);
    expect(budgeted.latencyMs.p99).toBeLessThan(60);
  });

  it('open a circuit breaker on errors, short-circuit, probe, and serve fallbacks', () => {
    const breaker = { windowMs: 1000, minimumRequests: 20, errorThresholdPercent: 50, sleepWindowMs: 500 };
    const scenario = {
      scenarios: [
        { name: 'errors', failures: [{ type: 'errors', service: 'db', rate: 0.9, atS: 5, durationS: 5 }] },
      ],
    };
    const tripped = simulate(
      twoTier(scenario, { retries: { count: 0 } }, { retries: { count: 0 }, circuitBreaker: breaker }),
      { scenario: 'errors' },
    );
    const db = service(tripped, 'db');
    expect(db.breakerTrips).toBeGreaterThan(6);
    expect(db.errorsByCause['breaker-open']).toBeGreaterThan(500);
    // Short-circuited calls never reach db: it receives far fewer than the api sends.
    expect(db.requests).toBeLessThan(service(tripped, 'api').requests * 0.8);
    expect(tripped.events.some((event) => event.kind === 'breaker-open')).toBe(true);
    // After the failure the probes succeed and the breakers close: no errors at the end.
    expect(tripped.timeline.entries['www']!.errors.slice(13).every((value) => value === 0)).toBe(true);

    const fallback = simulate(
      twoTier(
        scenario,
        { retries: { count: 0 } },
        { retries: { count: 0 }, circuitBreaker: { ...breaker, fallback: true } },
      ),
      { scenario: 'errors' },
    );
    expect(service(fallback, 'db').fallbacks).toBeGreaterThan(500);
    expect(fallback.summary.errors).toBeLessThan(tripped.summary.errors);
  });
});

describe('settings per dependency edge', () => {
  it('override the callee’s timeout, retries and breaker for one caller only', () => {
    const document = documentOf({
      services: [
        {
          name: 'db',
          package: 'store',
          count: 3,
          regions: 1,
          dependencies: [],
          latency: { type: 'constant', value: 30 },
          timeoutMs: 1000,
          retries: { count: 0 },
        },
        {
          name: 'impatient',
          package: 'monolith',
          count: 3,
          regions: 1,
          dependencies: ['db'],
          calls: { edges: { db: { timeoutMs: 10, retries: { count: 1 } } } },
        },
        { name: 'patient', package: 'monolith', count: 3, regions: 1, dependencies: ['db'] },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['impatient', 'patient'] },
      ],
      network: constantNetwork,
      load: { rate: 200, arrival: 'constant', durationS: 5 },
    });
    const result = simulate(document);
    const impatient = edge(result, 'impatient', 'db');
    const patient = edge(result, 'patient', 'db');
    expect(impatient.errors).toBe(impatient.calls); // every call waits 10 ms for a 30 ms answer
    expect(impatient.responseMs.max).toBeCloseTo(10, 0);
    expect(service(result, 'db').retries).toBe(impatient.calls / 2); // one retry per request
    expect(patient.errors).toBe(0);
  });

  it('are checked against the dependencies and linted', () => {
    const problems = validateDocument({
      services: [
        { name: 'db', package: 'store', count: 3, regions: 1, dependencies: [] },
        {
          name: 'api',
          package: 'monolith',
          count: 3,
          regions: 1,
          dependencies: ['db'],
          timeoutMs: 100,
          calls: { edges: { db: { timeoutMs: 80, retries: { count: 1 } }, cache: { timeoutMs: 5 } } },
        },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['api'] },
      ],
    }).problems.map(formatProblem);
    expect(problems).toEqual([
      '$.services[1].calls.edges.cache: "cache" is not a dependency of this service',
    ]);
    const lint = validateDocument({
      services: [
        { name: 'db', package: 'store', count: 3, regions: 1, dependencies: [] },
        {
          name: 'api',
          package: 'monolith',
          count: 3,
          regions: 1,
          dependencies: ['db'],
          timeoutMs: 100,
          calls: { edges: { db: { timeoutMs: 80, retries: { count: 1 } } } },
        },
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['api'] },
      ],
    }).problems.map(formatProblem);
    expect(lint).toHaveLength(1);
    expect(lint[0]).toMatch(/callers of "api" give up after 100 ms, but it may wait 18\d ms \(db 160 ms/);
  });
});

describe('the seed talks’ retry storm', () => {
  const storm = simulate(loadExample('retry-storm'), { scenario: 'backend-slowdown' });
  const budget = simulate(loadExample('retry-budget'), { scenario: 'backend-slowdown' });

  it('(a) 2 s timeouts and two retries everywhere: the middle tier receives several times what enters', () => {
    expect(service(storm, 'middle').amplification).toBeGreaterThan(2.5);
    expect(service(storm, 'backend').amplification).toBeGreaterThan(3.5);
    // The edge's callers wait at the timeout ceiling.
    expect(edge(storm, 'edge-elb', 'edge').responseMs.p99).toBeGreaterThanOrEqual(2000);
    expect(edge(storm, 'edge-elb', 'edge').responseMs.p99).toBeLessThan(2020);
    expect(storm.entries[0]!.responseMs.p99).toBeGreaterThanOrEqual(6000);
    expect(service(storm, 'middle').wastedMs).toBeGreaterThan(1_000_000);
  });

  it('(b) budgeted timeouts and one failover retry: no amplification, the edge stays within budget', () => {
    expect(service(budget, 'middle').amplification).toBeLessThan(1.01);
    expect(service(budget, 'edge').amplification).toBeLessThan(1.01);
    expect(edge(budget, 'edge-elb', 'edge').responseMs.p99).toBeLessThan(1000);
    expect(budget.entries[0]!.responseMs.p99).toBeLessThan(300);
    expect(service(budget, 'backend').retries).toBeGreaterThan(0);
  });
});
