import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArchDocument } from '@shared/document/schema.ts';
import { validateDocument } from '@shared/document/validate.ts';
import { importDocumentText } from '@shared/import/index.ts';
import { guessPackageFromName } from '@shared/import/package-guess.ts';
import { valueChain } from '@shared/value-chain/model.ts';
import { fromOwm, toOwm } from '@shared/value-chain/owm.ts';
import { OWM_KEYWORDS } from '@shared/value-chain/owm-syntax.ts';
import { listSpigo, readSpigoJson, repositoryRoot } from '../../support/spigo.ts';

const examplesFolder = path.join(repositoryRoot, 'resources/examples');
const examples = readdirSync(examplesFolder).filter((name) => name.endsWith('.json'));
const readExample = (name: string) =>
  JSON.parse(readFileSync(path.join(examplesFolder, name), 'utf8')) as ArchDocument;
const handWritten = readFileSync(path.join(repositoryRoot, 'test/fixtures/owm/streaming.owm'), 'utf8');

/** A document as archsim reads it (migrated: spigo files get their archsimVersion). */
const valid = (value: unknown) => {
  const result = validateDocument(value);
  if (!result.document) throw new Error(JSON.stringify(result.problems));
  return result.document;
};

/**
 * How OnlineWardleyMaps itself reads a line (its Converter): comments go first (`//` to the end
 * of the line, except `url` lines); a line that starts with a keyword is that statement; any
 * other line with `->` is a link.
 */
function owmStatements(text: string): { keyword: string; line: string }[] {
  return text
    .split('\n')
    .map((line) => line.split('//')[0]!.trim())
    .filter((line) => line !== '')
    .map((line) => ({
      keyword:
        OWM_KEYWORDS.find((keyword) => line.startsWith(`${keyword} `)) ??
        (line.includes('->') ? 'link' : '?'),
      line,
    }));
}

/** netflixoss with every value chain field set. */
function annotated(): ArchDocument {
  const document = valid(readExample('netflixoss.json'));
  const [cassandra, evcache, subscriber] = document.services;
  Object.assign(cassandra!, {
    evolution: 'product',
    sourcing: 'build',
    evolve: { evolution: 'commodity', package: 'store', count: 0, latency: { type: 'constant', value: 3 } },
  });
  Object.assign(evcache!, { sourcing: 'buy', evolution: 0.62, evolve: { evolution: 0.9 } });
  Object.assign(subscriber!, { visibility: 0.25, sourcing: 'outsource' });
  document.valueChain = {
    anchor: { name: 'Member' },
    notes: [{ text: 'Rent the undifferentiated', visibility: 0.2, evolution: 0.75 }],
  };
  return document;
}

describe('toOwm', () => {
  it('writes the value chain in OnlineWardleyMaps syntax that OWM reads statement by statement', () => {
    const text = toOwm(annotated());
    const chain = valueChain(annotated());
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('title netflixoss');
    expect(lines).toContain('anchor Member [0.96, 0.85]');
    const www = chain.nodes.find((node) => node.name === 'www')!;
    expect(lines).toContainEqual(
      expect.stringMatching(/^component www \[0\.82, 0\.85\] \/\/ archsim \{"package":"denominator"/),
    );
    expect(www.visibility).toBeCloseTo(0.82, 2);
    expect(lines).toContain('Member->www');
    expect(lines).toContain('www->www-elb');
    expect(lines).toContain('subscriber->cassSubscriber');
    expect(lines).toContain('evolve cassSubscriber 0.85');
    expect(lines).toContain('evolve evcacheSubscriber 0.90');
    expect(lines).toContain('build cassSubscriber');
    expect(lines).toContain('buy evcacheSubscriber');
    expect(lines).toContain('outsource subscriber');
    expect(lines).toContain('note Rent the undifferentiated [0.20, 0.75]');
    const statements = owmStatements(text);
    expect(statements.filter((statement) => statement.keyword === '?')).toEqual([]);
    expect(statements.filter((statement) => statement.keyword === 'component')).toHaveLength(8);
    expect(statements.filter((statement) => statement.keyword === 'link')).toHaveLength(
      chain.links.length + 1,
    );
  });

  it('keeps what OWM cannot hold in comments: the package, counts and the evolve profile', () => {
    const line = toOwm(annotated())
      .split('\n')
      .find((candidate) => candidate.startsWith('component cassSubscriber '))!;
    const comment = JSON.parse(line.slice(line.indexOf('// archsim ') + 11)) as Record<string, unknown>;
    expect(comment).toEqual({
      package: 'priamCassandra',
      count: 6,
      regions: 1,
      evolution: 'product',
      visibility: null,
      dependencies: ['cassSubscriber', 'eureka'],
      evolve: { package: 'store', count: 0, latency: { type: 'constant', value: 3 }, evolution: 'commodity' },
    });
  });

  it('quotes names OWM would misread, and moves the label of a component on an occupied spot', () => {
    const document = valid({
      arch: 'names',
      services: [
        { name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: ['build-server', 'a->b'] },
        { name: 'build-server', package: 'karyon', count: 1, regions: 1, dependencies: ['api 2.0'] },
        {
          name: 'a->b',
          package: 'karyon',
          count: 1,
          regions: 1,
          dependencies: [],
          visibility: 0.5,
          evolution: 0.3,
        },
        {
          name: 'api 2.0',
          package: 'karyon',
          count: 1,
          regions: 1,
          dependencies: [],
          visibility: 0.5,
          evolution: 0.3,
          evolve: { evolution: 0.8 },
        },
      ],
    });
    const text = toOwm(document);
    expect(text).toContain('"build-server"->api 2.0'); // a link line starting "build" is not a link to OWM
    expect(text).toContain('www->"a->b"');
    expect(text).toContain('evolve "api 2.0" 0.80'); // OWM would take "2.0" for the maturity
    expect(text).toContain('component api 2.0 [0.50, 0.30] label [5, 4]');
    expect(owmStatements(text).filter((statement) => statement.keyword === '?')).toEqual([]);
    expect(fromOwm(text)).toEqual({ document, problems: [] });
  });

  it('escapes comment marks in the archsim comments so OWM does not open a block comment', () => {
    const document = valid({
      arch: 'marks',
      description: 'files in /tmp/*.json */',
      services: [{ name: 'www', package: 'denominator', count: 0, regions: 0, dependencies: [] }],
    });
    const text = toOwm(document);
    expect(text).not.toMatch(/\/\*/);
    expect(fromOwm(text).document).toEqual(document);
  });
});

describe('fromOwm(toOwm(document)) gives the document back', () => {
  it.each(examples)('resources/examples/%s', (name) => {
    const document = valid(readExample(name));
    expect(fromOwm(toOwm(document))).toEqual({ document, problems: [] });
  });

  it.each(listSpigo('json_arch'))('spigo json_arch/%s', (name) => {
    const document = valid(readSpigoJson('json_arch', name));
    expect(fromOwm(toOwm(document))).toEqual({ document, problems: [] });
  });

  it('with every value chain field: evolution, pinned visibility, sourcing, evolve, anchor, notes', () => {
    const document = annotated();
    expect(fromOwm(toOwm(document))).toEqual({ document, problems: [] });
    const titled = {
      ...document,
      valueChain: {
        ...document.valueChain,
        title: 'Streaming',
        anchor: { name: 'Member', visibility: 0.9, evolution: 0.4 },
      },
    };
    expect(fromOwm(toOwm(titled))).toEqual({ document: titled, problems: [] });
  });

  it('takes the edits made in OWM: a moved component is pinned there, a removed link is gone', () => {
    const text = toOwm(valid(readExample('netflixoss.json')))
      .replace(/^component login \[[^\]]*\]/m, 'component login [0.60, 0.33]')
      .replace(/^wwwproxy->homepage\n/m, '')
      .concat('login->evcacheSubscriber\nbuy www-elb\n');
    const { document, problems } = fromOwm(text);
    expect(problems).toEqual([]);
    const byName = new Map(document.services.map((service) => [service.name, service]));
    expect(byName.get('login')).toMatchObject({
      visibility: 0.6,
      evolution: 0.33,
      dependencies: ['subscriber', 'evcacheSubscriber'],
    });
    expect(byName.get('wwwproxy')?.dependencies).toEqual(['login']);
    expect(byName.get('www-elb')?.sourcing).toBe('buy');
    // Untouched services stay computed: no visibility, no evolution written.
    expect(byName.get('subscriber')).not.toHaveProperty('visibility');
    expect(byName.get('subscriber')).not.toHaveProperty('evolution');
    expect(byName.get('cassSubscriber')?.dependencies).toEqual(['cassSubscriber', 'eureka']);
  });
});

describe('fromOwm on a hand-written map', () => {
  const { document, problems } = fromOwm(handWritten);
  const byName = new Map(document.services.map((service) => [service.name, service]));

  it('makes a service of each component, the package from its name', () => {
    expect(document.services.map((service) => `${service.name}: ${service.package}`)).toEqual([
      'Website: karyon',
      'Recommendations [beta]: karyon',
      'Playback API: karyon',
      'API Gateway: zuul',
      'Load Balancer: elb',
      'DNS: denominator',
      'Session Cache: cache',
      'Catalogue DB: store',
      'Cassandra: priamCassandra',
      'Video Storage: volume',
      'Ads: karyon',
    ]);
    expect(byName.get('DNS')).toMatchObject({ count: 0, regions: 0 });
    expect(byName.get('Website')).toMatchObject({ count: 3, regions: 1 });
  });

  it('makes links dependencies, maturity the evolution, visibility pinned, evolve arrows and marks', () => {
    expect(byName.get('API Gateway')).toMatchObject({
      dependencies: ['Website', 'Playback API', 'Recommendations [beta]'],
      evolution: 0.62,
      visibility: 0.78,
    });
    expect(byName.get('Playback API')?.dependencies).toEqual(['Session Cache', 'Video Storage', 'Cassandra']);
    expect(byName.get('Cassandra')?.evolve).toEqual({ evolution: 0.8 });
    expect(byName.get('Catalogue DB')).toMatchObject({ sourcing: 'build', evolve: { evolution: 0.75 } });
    expect(byName.get('Load Balancer')?.sourcing).toBe('buy');
    expect(byName.get('Video Storage')?.sourcing).toBe('outsource');
  });

  it('reads the title, anchor and notes, and sends the load to what the anchor uses', () => {
    expect(document.arch).toBe('video-streaming');
    expect(document.valueChain).toEqual({
      title: 'Video Streaming',
      anchor: { name: 'Viewer', visibility: 0.95, evolution: 0.68 },
      notes: [
        { text: 'Rent what is commodity', visibility: 0.2, evolution: 0.75 },
        { text: 'Custom [for now]', visibility: 0.66, evolution: 0.2 },
      ],
    });
    expect(document.load).toEqual({ entry: ['DNS'] });
  });

  it('reports what it could not use with its line number, and still makes a valid document', () => {
    expect(problems).toEqual([
      { line: 6, message: 'inertia of "Recommendations [beta]" is not kept' },
      { line: 15, message: 'market "Ads" is imported as a service' },
      { line: 21, message: 'the context of the link API Gateway->Playback API is not kept' },
      {
        line: 31,
        message: '"Catalogue DB" evolves under its own name (the new name Managed Catalogue is not kept)',
      },
      { line: 36, message: "pipelines: not part of archsim's value chain, ignored" },
      { line: 39, message: "map styles (archsim draws its own): not part of archsim's value chain, ignored" },
      { line: 40, message: 'the link Website->Nowhere names no component "Nowhere": ignored' },
      { line: 41, message: 'not OnlineWardleyMaps syntax archsim reads: "this line is not OWM"' },
    ]);
    expect(validateDocument(document).problems).toEqual([]);
  });

  it('round-trips the imported document', () => {
    const imported = valid(document);
    expect(fromOwm(toOwm(imported))).toEqual({ document: imported, problems: [] });
  });
});

describe('fromOwm on text it cannot use', () => {
  it('reports each bad line and never throws', () => {
    const { document, problems } = fromOwm(
      [
        'title Broken',
        'component A [0.5]',
        'component B [1.4, -0.2]',
        'component "C [0.3, 0.3]',
        'component A [0.2, 0.2]',
        'A->B',
        'B->Anchor',
        'evolve',
        'evolve Ghost 0.9',
        'build Ghost',
        'anchor Anchor [0.9, 0.5]',
        'anchor Second [0.9, 0.4]',
        'component D [0.4, 0.4] // archsim {not json',
        'component E [0.4, 0.4] wobbly',
        '😀 what',
      ].join('\n'),
    );
    expect(problems).toEqual([
      { line: 2, message: 'coordinates must be [visibility, maturity], two numbers (got [0.5])' },
      { line: 3, message: 'visibility 1.4 is outside 0–1: placed at 1' },
      { line: 3, message: 'maturity -0.2 is outside 0–1: placed at 0' },
      { line: 4, message: 'a quoted name is not closed' },
      { line: 5, message: '"A" is already defined: this one is ignored' },
      { line: 7, message: 'the link B->Anchor points at the anchor: ignored' },
      { line: 8, message: 'evolve must be "evolve NAME MATURITY"' },
      { line: 9, message: 'evolve names no component "Ghost": ignored' },
      { line: 10, message: 'build names no component "Ghost": ignored' },
      { line: 12, message: 'a second anchor "Second": only "Anchor" is kept' },
      { line: 13, message: 'the archsim comment is not a JSON object: ignored' },
      { line: 14, message: '"wobbly" is not understood after the coordinates' },
      { line: 15, message: 'not OnlineWardleyMaps syntax archsim reads: "😀 what"' },
    ]);
    expect(document.services.map((service) => service.name)).toEqual(['A', 'B', 'C [0.3, 0.3]', 'D', 'E']);
    expect(document.services[1]).toMatchObject({ visibility: 1, evolution: 0 });
    expect(document.services[0]).not.toHaveProperty('visibility');
  });

  it('reads nothing out of text that is not a map', () => {
    expect(fromOwm('').document.services).toEqual([]);
    expect(fromOwm('\u0000\u0001').problems).toHaveLength(1);
  });
});

describe('import of .owm files', () => {
  it('imports a map by extension and by content, with warnings for what it did not keep', () => {
    const imported = importDocumentText('streaming.owm', handWritten);
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.format).toBe('owm');
    expect(JSON.parse(imported.text)).toEqual(fromOwm(handWritten).document);
    expect(imported.warnings?.[0]).toEqual({
      line: 6,
      message: 'inertia of "Recommendations [beta]" is not kept',
    });
    const byContent = importDocumentText('map.txt', handWritten);
    expect(byContent.ok && byContent.format).toBe('owm');
    const clean = importDocumentText('netflixoss.owm', toOwm(valid(readExample('netflixoss.json'))));
    expect(clean.ok && clean.warnings).toBeUndefined();
  });

  it('refuses a map without components', () => {
    expect(importDocumentText('empty.owm', 'title Nothing here\nstyle wardley\n')).toEqual({
      ok: false,
      message:
        'not an OnlineWardleyMaps map with components (no "component NAME [visibility, maturity]" line)',
      line: 2,
      column: 1,
    });
  });
});

describe('guessPackageFromName', () => {
  it.each([
    ['DNS', 'denominator'],
    ['Route53', 'denominator'],
    ['Load Balancer', 'elb'],
    ['www-elb', 'elb'],
    ['API Gateway', 'zuul'],
    ['cassSubscriber', 'priamCassandra'],
    ['Riak', 'riak'],
    ['Session Cache', 'cache'],
    ['redis', 'cache'],
    ['evcacheSubscriber', 'cache'],
    ['S3 bucket', 'volume'],
    ['User DB', 'store'],
    ['postgres', 'store'],
    ['Data Access Layer', 'staash'],
    ['nginx', 'elb'],
    ['Legacy Monolith', 'monolith'],
    ['Checkout', 'karyon'],
  ])('%s → %s', (name, packageName) => {
    expect(guessPackageFromName(name)).toBe(packageName);
  });
});
