import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { diagramModel, type DiagramModel, type Point } from '@shared/diagram/model.ts';
import { layoutDiagram, placeNodes } from '@shared/diagram/layout.ts';
import { renderDiagramSvg, fitText, type DiagramSvgOptions } from '@shared/diagram/svg.ts';
import { importDocumentText } from '@shared/import/index.ts';
import { listSpigo, readSpigoJson, spigoFile } from '../../support/spigo.ts';

const elk = new ELK();

async function draw(text: string, options: DiagramSvgOptions & { showEureka?: boolean } = {}) {
  const model = diagramModel(JSON.parse(text), { showEureka: options.showEureka ?? false });
  const positions = placeNodes(model, await layoutDiagram(model, elk));
  return { model, positions, svg: renderDiagramSvg(model, positions, { documentText: text, ...options }) };
}

interface Parsed {
  [key: string]: unknown;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['g', 'text', 'path', 'title'].includes(name),
  processEntities: true,
  htmlEntities: false,
});

/** Every `g.node` element of a rendered diagram. */
function nodeGroups(svg: string): Parsed[] {
  const root = (parser.parse(svg) as { svg: Parsed }).svg;
  const groups = (root['g'] as Parsed[]).find((group) => group['@class'] === 'nodes')!;
  return (groups['g'] as Parsed[] | undefined) ?? [];
}

const textOf = (value: unknown): string =>
  typeof value === 'object' && value !== null ? String((value as Parsed)['#text'] ?? '') : String(value);

/** The rules of a standalone, self-contained SVG (DESIGN.md §5). */
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
  expect(svg).toContain(`font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"`);
}

describe('renderDiagramSvg', () => {
  it.each(listSpigo('json_arch'))('draws %s as standalone SVG naming every service', async (file) => {
    const text = readFileSync(spigoFile('json_arch', file), 'utf8');
    for (const theme of ['light', 'dark'] as const) {
      const { model, svg } = await draw(text, { theme });
      expectStandalone(svg);
      const groups = nodeGroups(svg);
      const names = model.nodes.map((node) => node.name);
      expect(groups.map((group) => group['@data-service'])).toEqual(names);
      for (const [index, group] of groups.entries()) {
        const name = names[index] as string;
        expect(textOf((group['title'] as unknown[])[0])).toMatch(new RegExp(`^${name} \\(`));
        const label = (group['text'] as Parsed[]).find((text) => text['@class'] === 'name');
        expect(textOf(label)).toBe(fitText(name, 14, 184 - 46 - 12));
      }
      // Every dependency is an arrow.
      expect(svg.match(/<path class="edge( loop)?"/g)?.length).toBe(model.edges.length);
      expect(svg.match(/marker-end="url\(#archsim-arrow\)"/g)?.length).toBe(model.edges.length);
    }
  });

  it('gives the exact document back through importDocumentText, whatever its formatting', async () => {
    const netflixoss = readFileSync(spigoFile('json_arch', 'netflixoss_arch.json'), 'utf8');
    const tricky = JSON.stringify({
      arch: 'a <b> & "c" ]]> \'d\'',
      services: [{ name: 'x', package: 'monolith', note: 'tab\there\r\nand CR\r' }],
    }).replace('{', '{\r\n\t');
    for (const text of [netflixoss, tricky, `${netflixoss}\n\n  `]) {
      const { svg } = await draw(text);
      expectStandalone(svg);
      expect(importDocumentText('diagram.svg', svg)).toEqual({ ok: true, text, format: 'svg' });
    }
  });

  it('embeds text XML cannot hold (U+FFFE, valid in JSON) as base64, and still gives it back', async () => {
    const text = '{"services": [{"name": "a\uFFFEb", "package": "store"}]}\n';
    const { svg } = await draw(text);
    expectStandalone(svg);
    expect(svg).toContain('encoding="base64"');
    expect(svg).not.toContain('\uFFFE');
    expect(svg).toContain('>a\uFFFDb</text>');
    expect(importDocumentText('x.svg', svg)).toEqual({ ok: true, text, format: 'svg' });
  });

  it('escapes <, &, > and quotes in names, titles and descriptions', async () => {
    const name = `a<b>&"c"'d`;
    const text = JSON.stringify({
      arch: 'T & <T>',
      description: '"quoted" & <tagged>',
      services: [
        { name, package: 'karyon', count: 1, regions: 1, dependencies: ['db'] },
        { name: 'db', package: 'store<x>', count: 1, regions: 1 },
      ],
    });
    const { svg } = await draw(text);
    expectStandalone(svg);
    expect(svg).toContain('<title>T &amp; &lt;T&gt;</title>');
    expect(svg).toContain(`data-service="a&lt;b&gt;&amp;&quot;c&quot;'d"`);
    expect(svg).toContain('>a&lt;b&gt;&amp;"c"\'d</text>');
    expect(svg).toContain('>"quoted" &amp; &lt;tagged&gt; · 2 services</text>');
    expect(nodeGroups(svg).map((group) => group['@data-service'])).toEqual([name, 'db']);
    expect(nodeGroups(svg)[1]!['@data-package']).toBe('store<x>');
  });

  it('cuts long names short with an ellipsis, keeping the full name in the title and metadata', async () => {
    const long = 'a-service-with-a-really-quite-remarkably-long-name';
    const text = JSON.stringify({ services: [{ name: long, package: 'karyon', count: 2, regions: 1 }] });
    const { svg } = await draw(text);
    const group = nodeGroups(svg)[0]!;
    const label = textOf((group['text'] as Parsed[]).find((entry) => entry['@class'] === 'name'));
    expect(label).toMatch(/^a-service-with.*…$/);
    expect(label.length).toBeLessThan(long.length);
    expect(textOf((group['title'] as unknown[])[0])).toBe(`${long} (karyon, 2 × 1)`);
    expect(group['@data-service']).toBe(long);
    expect(svg).toContain(`"name":"${long}"`);
  });

  it('fits the viewBox to the content, with a background, a title and a legend of the kinds shown', async () => {
    const text = readFileSync(spigoFile('json_arch', 'netflixoss_arch.json'), 'utf8');
    const { svg, positions } = await draw(text, { title: 'My title' });
    const [, width, height] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number) as [number, number, number];
    const xs = [...positions.values()].map((point) => point.x);
    expect(width).toBeGreaterThanOrEqual(Math.max(...xs) - Math.min(...xs) + 184 + 48);
    expect(width).toBeLessThan(Math.max(...xs) - Math.min(...xs) + 184 + 120);
    expect(height).toBeGreaterThan(64);
    expect(svg).toContain(
      `<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    );
    expect(svg).toMatch(/<text class="title"[^>]*>My title<\/text>/);
    const legend = [...svg.matchAll(/<g class="legend-item" data-kind="([^"]+)"/g)].map((match) => match[1]);
    expect(legend).toEqual([
      'dns',
      'load-balancer',
      'api-proxy',
      'business-logic',
      'data-access',
      'ring',
      'store',
    ]);
    expect(svg).toMatch(/<text x="44" y="13" font-size="12" fill="#57606a">Cassandra \/ Riak<\/text>/);
  });

  it('draws a self-dependency as a loop above its node, and eureka only when asked', async () => {
    const text = readFileSync(spigoFile('json_arch', 'netflixoss_arch.json'), 'utf8');
    const plain = await draw(text);
    expect(
      plain.svg.match(/<path class="edge loop" data-source="cassSubscriber" data-target="cassSubscriber"/g),
    ).toHaveLength(1);
    const loop = /<path class="edge loop"[^>]* d="M([\d.]+),([\d.]+) C[\d.]+,([\d.]+)/.exec(plain.svg)!;
    expect(Number(loop[3])).toBeLessThan(Number(loop[2]));
    expect(plain.svg).not.toContain('data-service="eureka"');
    const withEureka = await draw(text, { showEureka: true });
    expect(withEureka.svg).toContain('data-service="eureka"');
    expect(withEureka.svg).toContain('data-kind="discovery"');
  });

  it('draws problem badges where asked', async () => {
    const text = readFileSync(spigoFile('json_arch', 'lamp_arch.json'), 'utf8');
    const model = diagramModel(JSON.parse(text));
    const first = model.nodes[0]!.id;
    const second = model.nodes[1]!.id;
    const { svg } = await draw(text, {
      badges: new Map([
        [first, { errors: 2, warnings: 1 }],
        [second, { errors: 0, warnings: 3 }],
      ]),
    });
    expect(svg).toContain(
      '<g class="badge errors" transform="translate(180,4)"><title>2 errors, 1 warning</title>',
    );
    expect(svg).toContain('<g class="badge warnings" transform="translate(180,4)"><title>3 warnings</title>');
    expect(svg.match(/class="badge /g)).toHaveLength(2);
  });

  it('is deterministic and takes nodes missing from the positions from the document or below', async () => {
    const text = readFileSync(spigoFile('json_arch', 'netflix_arch.json'), 'utf8');
    const first = await draw(text);
    const second = await draw(text);
    expect(second.svg).toBe(first.svg);

    const model: DiagramModel = diagramModel({
      services: [
        { name: 'a', package: 'karyon', position: { x: 10, y: 20 } },
        { name: 'b', package: 'karyon' },
      ],
    });
    const positions = new Map<string, Point>();
    const svg = renderDiagramSvg(model, positions, {});
    expectStandalone(svg);
    expect(nodeGroups(svg).map((group) => group['@data-service'])).toEqual(['a', 'b']);
    expect(svg).not.toContain('<metadata>');
  });

  it('draws an empty document as a titled, empty picture', () => {
    const svg = renderDiagramSvg(diagramModel({ arch: 'nothing', services: [] }), new Map(), {
      documentText: '{}',
    });
    expectStandalone(svg);
    expect(svg).toContain('>nothing</text>');
    expect(svg).toContain('0 services');
    expect(nodeGroups(svg)).toEqual([]);
  });
});

describe('fitText', () => {
  it('keeps text that fits and cuts the rest at a character boundary', () => {
    expect(fitText('short', 14, 130)).toBe('short');
    expect(fitText('x'.repeat(100), 14, 130)).toMatch(/^x+…$/);
    expect(fitText('🙂'.repeat(40), 14, 100)).toMatch(/^(🙂)+…$/u);
  });
});

it('reads every spigo example as a diagram (sanity of the corpus)', () => {
  for (const file of listSpigo('json_arch')) {
    const model = diagramModel(readSpigoJson('json_arch', file));
    expect(model.nodes.length, file).toBeGreaterThan(0);
  }
});
