import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ArchDocument } from '@shared/document/schema.ts';
import {
  VALUE_CHAIN_GEOMETRY,
  renderValueChainSvg,
  valueChainPoint,
} from '@shared/diagram/value-chain-svg.ts';
import { importDocumentText } from '@shared/import/index.ts';
import { valueChain } from '@shared/value-chain/model.ts';
import { STAGE_BOUNDARIES } from '@shared/value-chain/stages.ts';
import { repositoryRoot } from '../../support/spigo.ts';

const examplesFolder = path.join(repositoryRoot, 'resources/examples');
const examples = readdirSync(examplesFolder).filter((name) => name.endsWith('.json'));
const exampleText = (name: string) => readFileSync(path.join(examplesFolder, name), 'utf8');

interface Parsed {
  [key: string]: unknown;
}
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['g', 'text', 'line', 'circle', 'rect', 'title'].includes(name),
});
const rootOf = (svg: string) => (parser.parse(svg) as { svg: Parsed }).svg;
const groupsOf = (svg: string, className: string): Parsed[] => {
  const group = (rootOf(svg)['g'] as Parsed[]).find((candidate) => candidate['@class'] === className);
  return (group?.['g'] as Parsed[] | undefined) ?? [];
};
const textsOf = (element: Parsed): string[] =>
  ((element['text'] as unknown[] | undefined) ?? []).map((text) =>
    typeof text === 'object' && text !== null ? String((text as Parsed)['#text'] ?? '') : String(text),
  );

/** The rules of a standalone, self-contained SVG (DESIGN.md §5), as for the topology diagram. */
function expectStandalone(svg: string) {
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg).not.toMatch(/foreignObject/i);
  expect(svg).not.toMatch(/<image\b/i);
  expect(svg).not.toMatch(/\bhref\s*=/i);
  expect(svg).not.toMatch(/url\(\s*['"]?(?!#)/i);
  expect(svg).not.toMatch(/@import|@font-face|<style|<script/i);
  expect(svg).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" version="1.1" /,
  );
}

/** netflixoss with an anchor, a note, an evolve arrow and all three sourcing marks. */
function annotated(): ArchDocument {
  const document = JSON.parse(exampleText('netflixoss.json')) as ArchDocument;
  Object.assign(document.services[0]!, {
    sourcing: 'build',
    evolve: { evolution: 'commodity', package: 'store' },
  });
  Object.assign(document.services[1]!, { sourcing: 'buy' });
  Object.assign(document.services[6]!, { sourcing: 'outsource' });
  document.valueChain = {
    anchor: { name: 'Member <paying>' },
    notes: [{ text: 'Rent what is a commodity & move on', visibility: 0.2, evolution: 0.75 }],
  };
  return document;
}

describe('valueChainPoint', () => {
  it('maps evolution left to right and visibility top to bottom in the plot', () => {
    const size = { width: 800, height: 500 };
    expect(valueChainPoint(0, 1, size)).toEqual({ x: 0, y: 0 });
    expect(valueChainPoint(1, 0, size)).toEqual({ x: 800, y: 500 });
    expect(valueChainPoint(0.25, 0.75, size)).toEqual({ x: 200, y: 125 });
    expect(valueChainPoint(2, -1, size)).toEqual({ x: 800, y: 500 });
  });
});

describe('renderValueChainSvg', () => {
  it.each(examples)(
    'draws %s as standalone SVG with the stage grid, every service, and the document',
    (name) => {
      const text = exampleText(name);
      const chain = valueChain(JSON.parse(text) as ArchDocument);
      for (const theme of ['light', 'dark'] as const) {
        const svg = renderValueChainSvg(chain, { theme, documentText: text });
        expectStandalone(svg);
        for (const label of ['Genesis', 'Custom-built', 'Product (+rental)', 'Commodity (+utility)']) {
          expect(svg).toContain(`>${label}</text>`);
        }
        for (const label of ['Value chain', 'Visible', 'Invisible'])
          expect(svg).toContain(`>${label}</text>`);
        const nodes = groupsOf(svg, 'nodes');
        expect(nodes.map((group) => group['@data-service'])).toEqual(chain.nodes.map((node) => node.name));
        const imported = importDocumentText('map.svg', svg);
        expect(imported).toEqual({ ok: true, text, format: 'svg' });
      }
    },
  );

  it('places each service at its point of the default plot, and the stage lines at the boundaries', () => {
    const chain = valueChain(JSON.parse(exampleText('netflixoss.json')) as ArchDocument);
    const svg = renderValueChainSvg(chain, { theme: 'light' });
    const { plotWidth, plotHeight, margin } = VALUE_CHAIN_GEOMETRY;
    for (const group of groupsOf(svg, 'nodes')) {
      const node = chain.nodes.find((candidate) => candidate.name === group['@data-service'])!;
      const point = valueChainPoint(node.evolution, node.visibility, {
        width: plotWidth,
        height: plotHeight,
      });
      const [x, y] = /translate\(([\d.]+),([\d.]+)\)/
        .exec(group['@transform'] as string)!
        .slice(1)
        .map(Number);
      expect(x).toBeCloseTo(point.x + margin.left, 1);
      expect(y).toBeCloseTo(point.y + margin.top, 1);
      expect(Number(group['@data-evolution'])).toBeCloseTo(node.evolution, 2);
    }
    const grid = (rootOf(svg)['g'] as Parsed[]).find((candidate) => candidate['@class'] === 'grid')!;
    const stageLines = (grid['line'] as Parsed[]).filter((line) => line['@class'] === 'stage-line');
    expect(stageLines.map((line) => Number(line['@x1']))).toEqual(
      STAGE_BOUNDARIES.map((boundary) => Math.round((margin.left + boundary * plotWidth) * 100) / 100),
    );
    expect(stageLines.every((line) => line['@stroke-dasharray'] === '4,4')).toBe(true);
    expect(rootOf(svg)['@width']).toBe(String(plotWidth + margin.left + margin.right));
  });

  it('draws the anchor, notes, links, evolve arrows with a ghost, and sourcing marks with a legend', () => {
    const document = annotated();
    const chain = valueChain(document);
    const svg = renderValueChainSvg(chain, { theme: 'light', documentText: JSON.stringify(document) });
    expectStandalone(svg);
    expect(svg).toContain('>Member &lt;paying&gt;</text>');
    expect(svg).toContain('>Rent what is a commodity &amp; move on</text>');
    expect(svg).toContain('data-from="Member &lt;paying&gt;" data-to="www"');
    expect(svg).toContain('data-from="www" data-to="www-elb"');
    const arrows = groupsOf(svg, 'evolve');
    expect(arrows.map((arrow) => [arrow['@data-service'], arrow['@data-target']])).toEqual([
      ['cassSubscriber', '0.85'],
    ]);
    expect((arrows[0]!['circle'] as Parsed[])[0]!['@class']).toBe('ghost');
    expect(svg).toContain('stroke-dasharray="5,4" marker-end="url(#archsim-evolve-arrow)"');
    const marked = groupsOf(svg, 'nodes').filter((group) => group['@data-sourcing']);
    expect(marked.map((group) => `${group['@data-service']}:${group['@data-sourcing']}`)).toEqual([
      'cassSubscriber:build',
      'evcacheSubscriber:buy',
      'www-elb:outsource',
    ]);
    const legend = (rootOf(svg)['g'] as Parsed[]).find((candidate) => candidate['@class'] === 'legend')!;
    const items = (legend['g'] as Parsed[]).map((item) => (item['g'] as Parsed[])[0]!);
    expect(items.map((item) => item['@data-item'])).toEqual([
      'build',
      'buy',
      'outsource',
      'evolve',
      'dns',
      'load-balancer',
      'api-proxy',
      'business-logic',
      'data-access',
      'ring',
      'store',
    ]);
    expect(items.flatMap(textsOf).slice(0, 4)).toEqual(['Build', 'Buy', 'Outsource', 'Evolve arrow']);
  });

  it('is the same picture each time, sized as asked, coloured by theme', () => {
    const chain = valueChain(annotated());
    const light = renderValueChainSvg(chain, { theme: 'light' });
    expect(renderValueChainSvg(chain, { theme: 'light' })).toBe(light);
    const dark = renderValueChainSvg(chain, { theme: 'dark', width: 1400, height: 900 });
    expect(light).toContain('class="background" x="0" y="0" width="1080"');
    expect(light).toContain('fill="#ffffff"');
    expect(dark).toContain('fill="#0d1117"');
    expect(rootOf(dark)['@width']).toBe('1400');
    expect(rootOf(dark)['@height']).toBe('900');
    expect(light).not.toContain('<metadata>');
  });
});
