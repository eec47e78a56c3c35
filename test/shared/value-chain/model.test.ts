import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_PROFILES, isPackageName } from '@shared/document/packages.ts';
import type { ArchDocument, Service } from '@shared/document/schema.ts';
import {
  ANCHOR_VISIBILITY,
  DEEPEST_VISIBILITY,
  anchorTargets,
  chainLevels,
  evolutionOf,
  levelVisibility,
  valueChain,
  type ValueChain,
} from '@shared/value-chain/model.ts';
import {
  STAGE_BOUNDARIES,
  STAGE_LABELS,
  evolutionValue,
  stageMidpoint,
  stageOf,
} from '@shared/value-chain/stages.ts';
import { listSpigo, readSpigoJson, repositoryRoot } from '../../support/spigo.ts';

const examplesFolder = path.join(repositoryRoot, 'resources/examples');
const examples = readdirSync(examplesFolder).filter((name) => name.endsWith('.json'));
const readExample = (name: string) =>
  JSON.parse(readFileSync(path.join(examplesFolder, name), 'utf8')) as ArchDocument;

const service = (
  name: string,
  packageName: string,
  dependencies: string[] = [],
  extra: Partial<Service> = {},
) => ({ name, package: packageName, count: 1, regions: 1, dependencies, ...extra }) as Service;
const documentOf = (services: Service[], extra: Partial<ArchDocument> = {}) =>
  ({ arch: 'test', services, ...extra }) as ArchDocument;
const node = (chain: ValueChain, name: string) => {
  const found = chain.nodes.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no node ${name}`);
  return found;
};

/** Whether `to` reaches `from` through the chain's links (so from → to closes a cycle). */
function closesCycle(chain: ValueChain, from: string, to: string): boolean {
  const seen = new Set<string>();
  const queue = [to];
  while (queue.length > 0) {
    const next = queue.pop() as string;
    if (next === from) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...chain.links.filter((link) => link.from === next).map((link) => link.to));
  }
  return false;
}

/** The rules every value chain keeps: entries on top, each dependency below its callers. */
function expectChainRules(document: ArchDocument) {
  const chain = valueChain(document);
  const entries =
    document.load?.entry ?? document.services.filter((s) => s.package === 'denominator').map((s) => s.name);
  const top = Math.max(...chain.nodes.map((candidate) => candidate.visibility));
  for (const entry of entries) {
    expect(node(chain, entry).level).toBe(1);
    expect(top - node(chain, entry).visibility).toBeLessThanOrEqual(0.08 + 1e-9); // the top level, spread aside
  }
  for (const link of chain.links) {
    if (closesCycle(chain, link.from, link.to) || entries.includes(link.to)) continue;
    expect(node(chain, link.to).level, `${link.from} → ${link.to}`).toBeGreaterThan(
      node(chain, link.from).level,
    );
    expect(node(chain, link.to).visibility).toBeLessThan(node(chain, link.from).visibility);
  }
  for (const candidate of chain.nodes) {
    expect(candidate.visibility).toBeGreaterThanOrEqual(DEEPEST_VISIBILITY - 0.04 - 1e-9);
    expect(candidate.visibility).toBeLessThan(ANCHOR_VISIBILITY);
  }
  return chain;
}

describe('stages', () => {
  it('cuts the evolution axis at OnlineWardleyMaps lines, a boundary belonging to the later stage', () => {
    expect(STAGE_BOUNDARIES).toEqual([0.17, 0.4, 0.7]);
    expect([0, 0.169, 0.17, 0.399, 0.4, 0.699, 0.7, 1].map(stageOf)).toEqual([
      'genesis',
      'genesis',
      'custom',
      'custom',
      'product',
      'product',
      'commodity',
      'commodity',
    ]);
    expect(STAGE_LABELS).toEqual({
      genesis: 'Genesis',
      custom: 'Custom-built',
      product: 'Product (+rental)',
      commodity: 'Commodity (+utility)',
    });
  });

  it('places a stage name at its midpoint, and each midpoint inside its stage', () => {
    expect(stageMidpoint('genesis')).toBe(0.085);
    expect(stageMidpoint('custom')).toBe(0.285);
    expect(stageMidpoint('product')).toBe(0.55);
    expect(stageMidpoint('commodity')).toBe(0.85);
    for (const stage of ['genesis', 'custom', 'product', 'commodity'] as const) {
      expect(stageOf(stageMidpoint(stage))).toBe(stage);
    }
    expect(evolutionValue('product')).toBe(0.55);
    expect(evolutionValue(0.3)).toBe(0.3);
    expect(evolutionValue(7)).toBe(1);
    expect(evolutionValue('later')).toBeUndefined();
  });
});

describe('evolutionOf', () => {
  it('takes a number as it is, a stage as its midpoint, else the package default', () => {
    expect(evolutionOf(service('a', 'karyon', [], { evolution: 0.12 }))).toBe(0.12);
    expect(evolutionOf(service('a', 'karyon', [], { evolution: 'commodity' }))).toBe(0.85);
    expect(evolutionOf(service('a', 'karyon'))).toBe(0.285);
    expect(evolutionOf(service('a', 'unknownPackage'))).toBe(0.285);
  });

  it('defaults as the issue says: DNS and load balancers commodity, stores product, business logic custom-built', () => {
    const stageOfPackage = (name: string) => stageOf(evolutionOf(service('a', name)));
    expect(stageOfPackage('denominator')).toBe('commodity');
    expect(stageOfPackage('elb')).toBe('commodity');
    for (const name of ['store', 'cache', 'priamCassandra', 'riak'])
      expect(stageOfPackage(name)).toBe('product');
    expect(stageOfPackage('karyon')).toBe('custom');
    expect(stageOfPackage('monolith')).toBe('custom');
    expect(stageOfPackage('volume')).toBe('commodity');
    for (const name of Object.keys(PACKAGE_PROFILES)) {
      if (isPackageName(name)) expect(stageOfPackage(name)).toBe(PACKAGE_PROFILES[name].defaults.evolution);
    }
  });
});

describe('valueChain: visibility follows the dependency chain', () => {
  it.each(examples)(
    'resources/examples/%s: entry points at the top, the deepest level all stores',
    (name) => {
      const chain = expectChainRules(readExample(name));
      const deepest = Math.max(...chain.nodes.map((candidate) => candidate.level));
      const bottom = chain.nodes.filter((candidate) => candidate.level === deepest);
      for (const candidate of bottom) {
        expect(['store', 'ring']).toContain(PACKAGE_PROFILES[candidate.package as 'store'].behaviour);
      }
      const lowest = Math.min(...chain.nodes.map((candidate) => candidate.visibility));
      expect(bottom.map((candidate) => candidate.visibility)).toContain(lowest);
    },
  );

  it.each(listSpigo('json_arch'))('spigo json_arch/%s keeps the chain rules', (name) => {
    expectChainRules(readSpigoJson('json_arch', name) as ArchDocument);
  });

  it('places netflixoss level by level, from the DNS entry down to the stores', () => {
    const chain = valueChain(readExample('netflixoss.json'));
    expect(Object.fromEntries(chain.nodes.map((candidate) => [candidate.name, candidate.level]))).toEqual({
      www: 1,
      'www-elb': 2,
      wwwproxy: 3,
      login: 4,
      homepage: 4,
      subscriber: 5,
      cassSubscriber: 6,
      evcacheSubscriber: 6,
    });
    expect(node(chain, 'www').visibility).toBe(levelVisibility(1, 6));
    expect(levelVisibility(0, 6)).toBe(ANCHOR_VISIBILITY);
    expect(levelVisibility(6, 6)).toBe(DEEPEST_VISIBILITY);
    // Two services of one level and one evolution are spread apart, first in the document on top.
    expect(node(chain, 'login').visibility).toBeGreaterThan(node(chain, 'homepage').visibility);
    expect(node(chain, 'login').visibility - node(chain, 'homepage').visibility).toBeCloseTo(0.08, 5);
    expect((node(chain, 'login').visibility + node(chain, 'homepage').visibility) / 2).toBeCloseTo(
      levelVisibility(4, 6),
      5,
    );
    expect(chain.links).toContainEqual({ from: 'wwwproxy', to: 'login' });
    // The peer ring's self-dependency and eureka are not links.
    expect(chain.links.some((link) => link.from === link.to || link.to === 'eureka')).toBe(false);
    expect(chain.title).toBe('netflixoss');
    expect(chain.anchor).toBeNull();
  });

  it('takes load.entry as the entry points when the document names them', () => {
    const document = documentOf(
      [service('dns', 'denominator', ['web']), service('web', 'karyon', ['db']), service('db', 'store')],
      { load: { entry: ['web'] } },
    );
    const chain = valueChain(document);
    expect(node(chain, 'web').level).toBe(1);
    expect(node(chain, 'db').level).toBe(2);
    expect(node(chain, 'dns').level).toBe(1); // nobody calls it: the top of its own chain
    expect(chain.links).toContainEqual({ from: 'dns', to: 'web' });
  });

  it('uses the longest path: a store called from two depths sits below the deeper caller', () => {
    const chain = valueChain(
      documentOf([
        service('dns', 'denominator', ['api']),
        service('api', 'karyon', ['logic', 'db']),
        service('logic', 'karyon', ['db']),
        service('db', 'store'),
      ]),
    );
    expect(node(chain, 'db').level).toBe(4);
  });

  it('breaks cycles where the walk from the entries first closes them', () => {
    const chain = valueChain(
      documentOf([
        service('dns', 'denominator', ['a']),
        service('a', 'karyon', ['b']),
        service('b', 'karyon', ['a', 'db']),
        service('db', 'store'),
      ]),
    );
    expect([node(chain, 'a').level, node(chain, 'b').level, node(chain, 'db').level]).toEqual([2, 3, 4]);
    expect(chain.links).toContainEqual({ from: 'b', to: 'a' });
  });

  it('places unreachable services below their own callers, and lone ones at the bottom', () => {
    const chain = valueChain(
      documentOf([
        service('dns', 'denominator', ['web']),
        service('web', 'karyon', ['cache']),
        service('cache', 'cache', ['db']),
        service('db', 'store'),
        service('batch', 'monolith', ['archive']),
        service('archive', 'volume'),
        service('orphan', 'volume'),
      ]),
    );
    expect(node(chain, 'batch').level).toBe(1);
    expect(node(chain, 'archive').level).toBe(2);
    expect(node(chain, 'orphan').level).toBe(4);
    expect(node(chain, 'orphan').visibility).toBe(DEEPEST_VISIBILITY);
  });

  it('lets a pinned visibility win and leaves the others computed', () => {
    const plain = valueChain(readExample('netflixoss.json'));
    const document = readExample('netflixoss.json');
    document.services[2] = { ...document.services[2]!, visibility: 0.5 };
    const pinned = valueChain(document);
    expect(node(pinned, 'subscriber')).toMatchObject({ visibility: 0.5, visibilityPinned: true, level: 5 });
    expect(node(plain, 'subscriber').visibilityPinned).toBe(false);
    for (const other of pinned.nodes.filter((candidate) => candidate.name !== 'subscriber')) {
      expect(other.visibility).toBe(node(plain, other.name).visibility);
    }
  });

  it('reports evolution, its source, sourcing and evolve arrows per node', () => {
    const chain = valueChain(
      documentOf([
        service('dns', 'denominator', ['db']),
        service('db', 'priamCassandra', [], {
          evolution: 'product',
          sourcing: 'build',
          evolve: { evolution: 'commodity', package: 'store' },
        }),
      ]),
    );
    expect(node(chain, 'db')).toMatchObject({
      package: 'priamCassandra',
      evolution: 0.55,
      evolutionDefault: false,
      sourcing: 'build',
      evolve: { evolution: 0.85 },
    });
    expect(node(chain, 'dns')).toMatchObject({
      evolution: 0.85,
      evolutionDefault: true,
      sourcing: null,
      evolve: null,
    });
  });

  it('shows eureka only when asked, below the services that register with it', () => {
    const document = readExample('netflixoss.json');
    expect(valueChain(document).nodes.some((candidate) => candidate.name === 'eureka')).toBe(false);
    const chain = valueChain(document, { eureka: true });
    expect(node(chain, 'eureka')).toMatchObject({ package: 'eureka', level: 7 });
    expect(chain.links).toContainEqual({ from: 'cassSubscriber', to: 'eureka' });
  });

  it('reads the anchor, notes and title, the anchor above the top of the chain by default', () => {
    const document = {
      ...readExample('netflixoss.json'),
      valueChain: {
        title: 'Streaming',
        anchor: { name: 'Member' },
        notes: [{ text: 'rent it', visibility: 0.2, evolution: 0.8 }],
      },
    };
    const chain = valueChain(document);
    expect(chain.title).toBe('Streaming');
    expect(chain.anchor).toEqual({ name: 'Member', visibility: ANCHOR_VISIBILITY, evolution: 0.85 });
    expect(anchorTargets(chain)).toEqual(['www']);
    expect(chain.notes).toEqual([{ text: 'rent it', visibility: 0.2, evolution: 0.8 }]);
    const placed = valueChain({
      ...document,
      valueChain: { anchor: { name: 'Member', visibility: 0.9, evolution: 0.3 } },
    });
    expect(placed.anchor).toEqual({ name: 'Member', visibility: 0.9, evolution: 0.3 });
    expect(anchorTargets(valueChain(readExample('netflixoss.json')))).toEqual([]);
  });

  it('draws documents with errors: unknown dependencies left out, the first of two names kept', () => {
    const chain = valueChain(
      documentOf([
        service('dns', 'denominator', ['web', 'missing']),
        service('web', 'nonsense'),
        service('web', 'store'),
      ]),
    );
    expect(chain.nodes.map((candidate) => `${candidate.name}:${candidate.package}`)).toEqual([
      'dns:denominator',
      'web:nonsense',
    ]);
    expect(chain.links).toEqual([{ from: 'dns', to: 'web' }]);
  });

  it('reads any shape a document with errors has (the studio and archsim diagram draw those too)', () => {
    const broken = {
      services: [
        5,
        null,
        { name: 'a', package: 7, dependencies: 'b', sourcing: 'rent', evolve: 'soon', evolution: 'later' },
        { name: 'b', package: 'store', dependencies: [3, 'a'], visibility: 'high' },
      ],
      valueChain: { title: 4, anchor: { name: 9 }, notes: [null, { text: 5, visibility: 'x' }] },
    } as unknown as ArchDocument;
    const chain = valueChain(broken);
    expect(
      chain.nodes.map((candidate) => [
        candidate.name,
        candidate.package,
        candidate.sourcing,
        candidate.evolve,
      ]),
    ).toEqual([
      ['a', '', null, null],
      ['b', 'store', null, null],
    ]);
    expect(node(chain, 'b').visibilityPinned).toBe(false);
    expect(chain.anchor).toBeNull();
    expect(chain.title).toBe('Value chain');
    expect(chain.notes).toEqual([{ text: '', evolution: 0.5, visibility: 0.5 }]);
    expect(valueChain({} as ArchDocument).nodes).toEqual([]);
  });

  it('walks a chain of 5,000 services without exhausting the stack', () => {
    const count = 5000;
    const callees = Array.from({ length: count }, (_, index) => (index + 1 < count ? [index + 1] : []));
    callees[count - 1] = [0]; // and back to the start: one long cycle
    const levels = chainLevels(callees, [0]);
    expect(levels[0]).toBe(1);
    expect(levels[count - 1]).toBe(count);
  });
});
