import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importDocumentText, IMPORT_EXTENSIONS } from '@shared/import/index.ts';
import { parseXml, findElement, ownText } from '@shared/import/xml.ts';
import { renderDiagramSvg } from '@shared/diagram/svg.ts';
import { diagramModel } from '@shared/diagram/model.ts';
import { importProblem } from '@shared/documents.ts';
import { spigoFile } from '../../support/spigo.ts';

const netflixoss = readFileSync(spigoFile('json_arch', 'netflixoss_arch.json'), 'utf8');

/** An SVG as archsim exports it, for `text`. */
const exported = (text: string) =>
  renderDiagramSvg(diagramModel(JSON.parse(text)), new Map(), { documentText: text });

describe('importDocumentText: architecture JSON', () => {
  it('takes a spigo file or an archsim document as it is, formatting included', () => {
    expect(importDocumentText('netflixoss_arch.json', netflixoss)).toEqual({
      ok: true,
      text: netflixoss,
      format: 'spigo',
    });
    const archsim = '{"archsimVersion":1,"services":[]}';
    expect(importDocumentText('/some/where/A.JSON', archsim)).toEqual({
      ok: true,
      text: archsim,
      format: 'archsim',
    });
    expect(importDocumentText('x.json', `\uFEFF${archsim}`)).toEqual({
      ok: true,
      text: archsim,
      format: 'archsim',
    });
  });

  it('refuses what is not an architecture, saying why, and locates JSON syntax errors', () => {
    const graph = readFileSync(spigoFile('json', 'lamp.json'), 'utf8');
    expect(importDocumentText('lamp.json', graph)).toEqual({
      ok: false,
      message: 'a spigo instance graph (spigo-0.4), not an architecture; import its json_arch file instead',
    });
    expect(importDocumentText('x.json', '[1]')).toEqual({
      ok: false,
      message: 'not an architecture: it is not a JSON object',
    });
    expect(importDocumentText('x.json', '{"name": "x"}')).toEqual({
      ok: false,
      message: 'not a spigo architecture: it has no "services" list',
    });
    expect(
      importDocumentText('x.json', '{\n  "services": [\n    {"name": "a" "package": "store"}\n  ]\n}\n'),
    ).toEqual({
      ok: false,
      message: 'malformed JSON: comma expected',
      line: 3,
      column: 18,
    });
  });

  it("keeps importProblem's sentences for the renderer's upload path", () => {
    expect(importProblem(netflixoss)).toBeNull();
    expect(importProblem('[1]')).toBe('The file is not an architecture: it is not a JSON object.');
    expect(importProblem('{}')).toBe('The file is not a spigo architecture: it has no "services" list.');
    expect(importProblem('nope')).toBe('The file is not JSON.');
  });

  it('offers the extensions it reads', () => {
    expect([...IMPORT_EXTENSIONS]).toEqual(['json', 'yml', 'yaml', 'svg', 'owm']);
  });
});

describe('importDocumentText: exported SVG', () => {
  it('gives back the embedded document exactly, by extension or by content', () => {
    const svg = exported(netflixoss);
    expect(importDocumentText('diagram.svg', svg)).toEqual({ ok: true, text: netflixoss, format: 'svg' });
    expect(importDocumentText('diagram.SVG', `\uFEFF${svg}`)).toEqual({
      ok: true,
      text: netflixoss,
      format: 'svg',
    });
    expect(importDocumentText('download', svg)).toEqual({ ok: true, text: netflixoss, format: 'svg' });
  });

  it('finds the document wherever the namespace prefix is declared, in text or CDATA', () => {
    const text = '{"services": [{"name": "a<b", "package": "store"}]}';
    const svg = [
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="https://archsim.dev/ns/1">',
      '<!-- re-saved by an editor -->',
      '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
      '<x:document><![CDATA[{"services": [{"name": "a<b",]]> "package": "store"}]}</x:document></metadata>',
      '<rect width="1" height="1"/></svg>',
    ].join('\n');
    expect(importDocumentText('edited.svg', svg)).toEqual({ ok: true, text, format: 'svg' });
  });

  it('refuses an SVG without an archsim document, and one whose document is not an architecture', () => {
    expect(
      importDocumentText('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'),
    ).toEqual({
      ok: false,
      message: 'this SVG was not exported by archsim (no embedded document)',
    });
    // The right local name in another namespace is not archsim's.
    const foreign =
      '<svg xmlns="http://www.w3.org/2000/svg"><metadata><document>{"services":[]}</document></metadata></svg>';
    expect(importDocumentText('x.svg', foreign)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not exported by archsim/),
    });
    expect(
      importDocumentText(
        'x.svg',
        exported('{"services": []}').replace('{"services": []}', '{"services": {}}'),
      ),
    ).toMatchObject({
      ok: false,
      message: 'the embedded document is not a spigo architecture: it has no "services" list',
      line: 5,
    });
    expect(
      importDocumentText('x.svg', exported('{"services": []}').replace('{"services": []}', '{"services"')),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^the embedded document is not JSON: malformed JSON/),
    });
    expect(importDocumentText('x.svg', '<html><body/></html>')).toEqual({
      ok: false,
      message: 'not an SVG file (its root element is <html>)',
      line: 1,
      column: 1,
    });
  });

  it('locates malformed XML', () => {
    expect(importDocumentText('x.svg', '<svg xmlns="http://www.w3.org/2000/svg">\n  <g>\n</svg>\n')).toEqual({
      ok: false,
      message: 'malformed XML: end tag </svg> does not match <g>',
      line: 3,
      column: 1,
    });
    expect(importDocumentText('x.svg', '<svg>\n  <text x=1>a</text>\n</svg>')).toEqual({
      ok: false,
      message: 'malformed XML: the value of attribute x must be quoted',
      line: 2,
      column: 11,
    });
    expect(importDocumentText('x.svg', '<svg><text>a & b</text></svg>')).toMatchObject({
      ok: false,
      message: 'malformed XML: "&" must start an entity such as &amp;',
      column: 14,
    });
    expect(importDocumentText('x.svg', '<svg>\n<g>')).toMatchObject({
      ok: false,
      message: 'malformed XML: <g> is not closed',
      line: 2,
    });
    expect(importDocumentText('x.svg', '')).toMatchObject({
      ok: false,
      message: 'malformed XML: no root element: this is not XML',
    });
  });
});

describe('parseXml', () => {
  it('decodes entities and character references, normalising literal line ends only', () => {
    const parsed = parseXml(
      '<?xml version="1.0"?>\n<!DOCTYPE svg [ <!ENTITY x "y"> ]>\r\n<a b="1&#10;2\n3" c=\'&quot;\'>x&amp;&#x3C;&#13;\r\ny</a>\n<!-- after -->',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.root.attributes).toEqual(
      new Map([
        ['b', '1\n2 3'],
        ['c', '"'],
      ]),
    );
    expect(ownText(parsed.root)).toBe('x&<\r\ny');
  });

  it('refuses what is not well-formed', () => {
    const failures: [string, string][] = [
      ['<a></b>', 'end tag </b> does not match <a>'],
      ['<a/><b/>', 'content after the root element'],
      ['text<a/>', 'text before the root element'],
      ['<a b="1" b="2"/>', 'attribute b appears twice'],
      ['<a>&bogus;</a>', 'unknown entity &bogus;'],
      ['<a>&#1;</a>', 'character reference &#1; is not allowed in XML'],
      ['<a b="<"/>', '"<" is not allowed in an attribute value'],
      ['<a><!-- x </a>', 'a comment is not closed (missing "-->")'],
      ['<a b="1"c="2"/>', 'whitespace expected between attributes of <a>'],
      ['<a', 'start tag <a> is not closed'],
      ['</a>', 'end tag </a> without a start tag'],
    ];
    for (const [xml, message] of failures) expect(parseXml(xml), xml).toMatchObject({ ok: false, message });
  });

  it('resolves namespace prefixes in scope', () => {
    const parsed = parseXml('<r xmlns:p="urn:a"><p:d>1</p:d><q xmlns:p="urn:b"><p:d>2</p:d></q></r>');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(ownText(findElement(parsed.root, 'urn:b', 'd')!)).toBe('2');
    expect(ownText(findElement(parsed.root, 'urn:a', 'd')!)).toBe('1');
    expect(findElement(parsed.root, 'urn:c', 'd')).toBeNull();
  });
});
