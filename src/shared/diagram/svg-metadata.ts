/**
 * XML escaping for exported diagrams, and the element that carries the document inside an SVG's
 * `<metadata>` so that `archsim import` and File → Import can open the picture again.
 *
 * The document is embedded as escaped text:
 * `<archsim:document xmlns:archsim="https://archsim.dev/ns/1" encoding="json">…</archsim:document>`.
 * Only `&`, `<`, `>` and carriage returns are escaped (`&#13;`: an XML parser turns a literal CR
 * into LF), so the exact text, whitespace included, comes back. Text that XML 1.0 cannot hold at
 * all (control characters, lone surrogates — never in valid JSON, but an editor's buffer may
 * have them) is embedded as `encoding="base64"` of its UTF-8 bytes instead.
 */

/** The namespace of archsim's elements in exported SVG. */
export const ARCHSIM_XML_NAMESPACE = 'https://archsim.dev/ns/1';

/** Characters XML 1.0 forbids anywhere, even as character references. */
const XML_ILLEGAL =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters being matched
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether XML 1.0 can hold the text (possibly as character references). */
export function isXmlSafe(text: string): boolean {
  XML_ILLEGAL.lastIndex = 0;
  return !XML_ILLEGAL.test(text);
}

/** Text content: `&`, `<`, `>` escaped; characters XML cannot hold become U+FFFD. */
export function escapeXmlText(text: string): string {
  return text
    .replace(XML_ILLEGAL, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; whitespace kept as references (attribute normalisation). */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/** Decodes `encoding="base64"` content (whitespace ignored); null when it is not base64. */
export function base64ToUtf8(base64: string): string | null {
  try {
    const binary = atob(base64.replace(/\s+/g, ''));
    const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** The `<archsim:document>` element holding `documentText` exactly. */
export function documentElement(documentText: string): string {
  const open = (encoding: string) =>
    `<archsim:document xmlns:archsim="${ARCHSIM_XML_NAMESPACE}" encoding="${encoding}">`;
  if (!isXmlSafe(documentText)) {
    return `${open('base64')}${utf8ToBase64(documentText)}</archsim:document>`;
  }
  const escaped = documentText
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
  return `${open('json')}${escaped}</archsim:document>`;
}
