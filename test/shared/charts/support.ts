/** Reading rendered charts in tests: XML checks, elements by class, histograms with known values. */
import * as hdr from 'hdr-histogram-js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

/** An element as fast-xml-parser gives it: attributes as "@name", children by tag name. */
export interface Element {
  readonly tag: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly Element[];
  readonly text: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  processEntities: true,
  htmlEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: Ordered): Element | null {
  const tag = Object.keys(node).find((key) => key !== ':@');
  if (tag === undefined || tag === '#text' || tag === '?xml') return null;
  const content = (node[tag] as Ordered[]) ?? [];
  const children = content.map(toElement).filter((child): child is Element => child !== null);
  const text = content
    .filter((child) => '#text' in child)
    .map((child) => String(child['#text']))
    .join('');
  return { tag, attributes: node[':@'] ?? {}, children, text };
}

/** The `<svg>` root of a chart. */
export function parseSvg(svg: string): Element {
  const nodes = parser.parse(svg) as Ordered[];
  const root = nodes.map(toElement).find((element) => element?.tag === 'svg');
  if (!root) throw new Error('no <svg> element');
  return root;
}

/** Every element under `root` (itself included) that matches. */
export function findAll(root: Element, match: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const visit = (element: Element) => {
    if (match(element)) found.push(element);
    element.children.forEach(visit);
  };
  visit(root);
  return found;
}

/** Elements whose class list holds `name` (and, when given, of that tag). */
export const byClass = (root: Element, name: string, tag?: string): Element[] =>
  findAll(
    root,
    (element) =>
      (tag === undefined || element.tag === tag) &&
      (element.attributes['class'] ?? '').split(/\s+/).includes(name),
  );

/** All text inside an element, its children's included. */
export function textContent(element: Element): string {
  return element.text + element.children.map(textContent).join('');
}

/** The rules of a standalone, self-contained SVG (DESIGN.md §5), and an accessible name. */
export function expectStandaloneChart(svg: string): Element {
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg).not.toMatch(/foreignObject/i);
  expect(svg).not.toMatch(/<image\b/i);
  expect(svg).not.toMatch(/\bhref\s*=/i);
  expect(svg).not.toMatch(/url\(/i);
  expect(svg).not.toMatch(/@import|@font-face|<style|<script/i);
  expect(svg).not.toMatch(/\bid="/);
  expect(svg).toMatch(
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" version="1.1" /,
  );
  expect(svg).toContain(`font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"`);
  const root = parseSvg(svg);
  expect(root.attributes['role']).toBe('img');
  expect(root.children[0]?.tag).toBe('title');
  expect(root.children[0]?.text).not.toBe('');
  expect(root.children[1]?.tag).toBe('desc');
  return root;
}

/** A histogram of `micros` as the engine stores it: HdrHistogram compressed base64, µs. */
export function encodeMicros(micros: readonly number[]): string {
  const histogram = hdr.build({
    bitBucketSize: 64,
    useWebAssembly: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
  for (const value of micros) histogram.recordValue(value);
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** A deterministic pseudo-random sequence in [0, 1) (Park–Miller). */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

/** The numbers of a comma-separated data attribute ('' → null). */
export const dataNumbers = (text: string | undefined): (number | null)[] =>
  (text ?? '').split(',').map((part) => (part === '' ? null : Number(part)));
