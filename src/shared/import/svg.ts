/**
 * Importing an SVG that archsim exported: the document embedded in its `<metadata>` by
 * `renderDiagramSvg`, given back exactly as it was embedded.
 */
import { ARCHSIM_XML_NAMESPACE, base64ToUtf8 } from '../diagram/svg-metadata.ts';
import { parseJsonText } from '../document/json-text.ts';
import { architectureValueProblem } from './json.ts';
import { failureAt, type ImportResult } from './result.ts';
import { findElement, localName, ownText, parseXml } from './xml.ts';

export function importDiagramSvg(text: string): ImportResult {
  const parsed = parseXml(text);
  if (!parsed.ok) return failureAt(text, parsed.offset, `malformed XML: ${parsed.message}`);
  if (localName(parsed.root.name) !== 'svg') {
    return failureAt(text, parsed.root.offset, `not an SVG file (its root element is <${parsed.root.name}>)`);
  }
  const element = findElement(parsed.root, ARCHSIM_XML_NAMESPACE, 'document');
  if (!element) {
    return { ok: false, message: 'this SVG was not exported by archsim (no embedded document)' };
  }
  const encoding = element.attributes.get('encoding') ?? 'json';
  const content = ownText(element);
  const documentText = encoding === 'base64' ? base64ToUtf8(content) : encoding === 'json' ? content : null;
  if (documentText === null) {
    return failureAt(
      text,
      element.offset,
      encoding === 'base64'
        ? 'the embedded document is not valid base64'
        : `the embedded document has an unknown encoding "${encoding}"`,
    );
  }
  const json = parseJsonText(documentText);
  const problem = json.ok ? architectureValueProblem(json.value) : json.problem.message;
  if (problem)
    return failureAt(
      text,
      element.offset,
      `the embedded document is ${problem.replace(/^(?=malformed)/, 'not JSON: ')}`,
    );
  return { ok: true, text: documentText, format: 'svg' };
}
