/**
 * Fidelity: the engine against queueing theory. A single service with exponential service time
 * (mean 0.1 ms) and c workers, Poisson arrivals, no network delay: an M/M/c queue. Run lengths are
 * chosen from the asymptotic variance of the sample mean (Daley 1968 for M/M/1) so that the
 * tolerances are at least three standard errors wide; `scripts/check-queueing-stability.ts`-style
 * reruns with other seeds are in the README's fidelity section.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '@engine/sim/simulation.ts';
import { validateDocument } from '@shared/document/validate.ts';
import type { ArchDocument } from '@shared/document/schema.ts';
import { mmcMeanResponse, mmcResponsePercentile } from '../../support/queueing.ts';

const SERVICE_MEAN_MS = 0.1;
const zero = { type: 'constant', value: 0 } as const;

export function queueDocument(servers: number, utilisation: number): ArchDocument {
  const rate = (utilisation * servers * 1000) / SERVICE_MEAN_MS;
  const result = validateDocument({
    services: [
      {
        name: 'server',
        package: 'karyon',
        count: 1,
        regions: 1,
        dependencies: [],
        latency: { type: 'exponential', mean: SERVICE_MEAN_MS },
        capacity: { concurrency: servers, queue: null },
      },
      { name: 'clients', package: 'denominator', count: 0, regions: 0, dependencies: ['server'] },
    ],
    network: { sameZone: zero, crossZone: zero, crossRegion: zero },
    load: { rate, arrival: 'poisson' },
    traceSampleRate: 0,
  });
  if (!result.document) throw new Error('queue document is invalid');
  return result.document;
}

function runQueue(servers: number, utilisation: number, customers: number) {
  const document = queueDocument(servers, utilisation);
  const rate = document.load!.rate!;
  const result = new Simulation(document, { seed: 7, durationS: customers / rate, traceSampleRate: 0 }).run();
  const service = result.services.find((candidate) => candidate.name === 'server')!;
  const serviceRate = 1 / SERVICE_MEAN_MS; // per ms
  const arrivalRate = rate / 1000; // per ms
  return {
    service,
    expectedMean: mmcMeanResponse(servers, arrivalRate, serviceRate),
    expectedP99: mmcResponsePercentile(servers, arrivalRate, serviceRate, 99),
  };
}

const cases: [servers: number, utilisation: number, customers: number][] = [
  [1, 0.5, 1_000_000],
  [1, 0.8, 3_000_000],
  [1, 0.95, 80_000_000],
  [4, 0.5, 500_000],
  [4, 0.8, 1_500_000],
  [4, 0.95, 60_000_000],
];

describe('M/M/1 and M/M/c', () => {
  it.each(cases)(
    'c=%i at %f utilisation: mean within 2 %, p99 within 5 %, utilisation as offered',
    (servers, utilisation, customers) => {
      const { service, expectedMean, expectedP99 } = runQueue(servers, utilisation, customers);
      expect(service.latencyMs.count).toBeGreaterThan(customers * 0.99);
      expect(Math.abs(service.latencyMs.mean / expectedMean - 1)).toBeLessThan(0.02);
      expect(Math.abs(service.latencyMs.p99 / expectedP99 - 1)).toBeLessThan(0.05);
      expect(service.utilisation).toBeCloseTo(utilisation, 2);
      expect(service.errors).toBe(0);
    },
    300_000,
  );
});
