import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArchDocument } from '@shared/document/schema.ts';
import { validateDocument } from '@shared/document/validate.ts';
import { applyEvolution, evolvedService } from '@shared/value-chain/evolve.ts';
import { valueChain } from '@shared/value-chain/model.ts';
import { repositoryRoot } from '../../support/spigo.ts';

const netflixoss = () =>
  JSON.parse(
    readFileSync(path.join(repositoryRoot, 'resources/examples/netflixoss.json'), 'utf8'),
  ) as ArchDocument;

/** netflixoss where the self-run Cassandra is to become a managed commodity store. */
function withEvolveArrow(): ArchDocument {
  const document = netflixoss();
  document.services[0] = {
    ...document.services[0]!,
    sourcing: 'build',
    evolve: {
      evolution: 'commodity',
      package: 'store',
      count: 0,
      latency: { type: 'lognormal', median: 4, sigma: 0.3 },
      retries: { count: 2 },
    },
  };
  return document;
}

describe('applyEvolution', () => {
  it("applies every evolve arrow: its fields replace the service's, its evolution becomes the service's", () => {
    const original = withEvolveArrow();
    const before = structuredClone(original);
    const { document, evolved } = applyEvolution(original);
    expect(evolved).toEqual(['cassSubscriber']);
    expect(document.services[0]).toEqual({
      name: 'cassSubscriber',
      package: 'store',
      count: 0,
      regions: 1,
      dependencies: ['cassSubscriber', 'eureka'],
      sourcing: 'build',
      evolution: 'commodity',
      latency: { type: 'lognormal', median: 4, sigma: 0.3 },
      retries: { count: 2 },
    });
    expect(document.services.slice(1)).toEqual(original.services.slice(1));
    expect(original).toEqual(before); // the original is not touched
  });

  it('names the variant so runs and Compare tell it from the original', () => {
    const { document } = applyEvolution(withEvolveArrow());
    expect(document.arch).toBe('netflixoss-evolved');
    expect(document.valueChain?.title).toBe('netflixoss (evolved)');
    expect(valueChain(document).title).toBe('netflixoss (evolved)');
    const titled = withEvolveArrow();
    titled.valueChain = { title: 'Streaming', anchor: { name: 'Member' } };
    expect(applyEvolution(titled).document.valueChain).toEqual({
      title: 'Streaming (evolved)',
      anchor: { name: 'Member' },
    });
  });

  it('makes a valid document whose value chain shows the services where the arrows pointed', () => {
    const { document } = applyEvolution(withEvolveArrow());
    const result = validateDocument(document);
    expect(result.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const chain = valueChain(document);
    expect(chain.nodes[0]).toMatchObject({
      name: 'cassSubscriber',
      package: 'store',
      evolution: 0.85,
      evolve: null,
    });
  });

  it('gives a document without evolve arrows back as it is', () => {
    const document = netflixoss();
    const result = applyEvolution(document);
    expect(result.evolved).toEqual([]);
    expect(result.document).toBe(document);
  });

  it('keeps a service without an arrow as it is, and takes only the fields an arrow sets', () => {
    const service = { name: 'db', package: 'priamCassandra', count: 6, evolution: 0.5 };
    expect(evolvedService(service)).toBe(service);
    expect(evolvedService({ ...service, evolve: { evolution: 0.9 } })).toEqual({
      ...service,
      evolution: 0.9,
    });
  });
});
