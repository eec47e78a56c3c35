/**
 * A small, strict XML reader for importing SVG files: enough of XML 1.0 to check that a file is
 * well-formed (one root, matched tags, quoted attributes, known entities) and to read its
 * elements, attributes and text, with the offset of the first error. It does not read DTDs
 * (a DOCTYPE is skipped, so entities it declares are unknown) — exported SVG never has one.
 *
 * Text and attribute values are decoded as an XML parser does: line ends normalised to LF,
 * entities and character references resolved (so `&#13;` is a CR).
 */

export interface XmlElement {
  /** The qualified name as written (`svg`, `archsim:document`). */
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly (XmlElement | string)[];
  /** Offset of the `<` of its start tag. */
  readonly offset: number;
}

export type XmlResult =
  | { readonly ok: true; readonly root: XmlElement }
  | { readonly ok: false; readonly message: string; readonly offset: number };

class XmlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*/y;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolves references in `raw` (found at `offset`); literal line ends become LF (or spaces). */
function decode(raw: string, offset: number, attribute: boolean): string {
  let result = '';
  let last = 0;
  const literal = (part: string) => {
    const normalised = part.replace(/\r\n?/g, '\n');
    return attribute ? normalised.replace(/[\t\n]/g, ' ') : normalised;
  };
  for (const match of raw.matchAll(/&([^;&<\s]*);?/g)) {
    const at = match.index;
    result += literal(raw.slice(last, at));
    const [whole, name = ''] = match;
    if (!whole.endsWith(';')) throw new XmlError('"&" must start an entity such as &amp;', offset + at);
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
      if (
        !(code === 9 || code === 10 || code === 13 || (code >= 32 && code <= 0x10ffff)) ||
        (code >= 0xd800 && code <= 0xdfff)
      ) {
        throw new XmlError(`character reference &${name}; is not allowed in XML`, offset + at);
      }
      result += String.fromCodePoint(code);
    } else if (ENTITIES[name] !== undefined) {
      result += ENTITIES[name];
    } else {
      throw new XmlError(`unknown entity &${name};`, offset + at);
    }
    last = at + whole.length;
  }
  return result + literal(raw.slice(last));
}

/** Parses `text` as an XML document. */
export function parseXml(text: string): XmlResult {
  let position = 0;
  const fail = (message: string, at = position): never => {
    throw new XmlError(message, at);
  };
  const skipPast = (terminator: string, what: string) => {
    const end = text.indexOf(terminator, position);
    if (end < 0) fail(`${what} is not closed (missing "${terminator}")`);
    position = end + terminator.length;
  };
  const readName = (): string => {
    NAME.lastIndex = position;
    const match = NAME.exec(text);
    if (!match) return fail('a name was expected here');
    position += match[0].length;
    return match[0];
  };
  const skipSpace = () => {
    while (position < text.length && /\s/.test(text[position] as string)) position++;
  };

  interface Open {
    name: string;
    attributes: Map<string, string>;
    children: (XmlElement | string)[];
    offset: number;
  }
  const stack: Open[] = [];
  let root: XmlElement | null = null;

  try {
    while (position < text.length) {
      const start = position;
      if (text.startsWith('<?', position)) {
        skipPast('?>', 'a processing instruction');
      } else if (text.startsWith('<!--', position)) {
        skipPast('-->', 'a comment');
      } else if (text.startsWith('<![CDATA[', position)) {
        const open = stack.at(-1);
        if (!open) fail('CDATA outside the root element');
        position += 9;
        const end = text.indexOf(']]>', position);
        if (end < 0) fail('a CDATA section is not closed', start);
        open!.children.push(text.slice(position, end).replace(/\r\n?/g, '\n'));
        position = end + 3;
      } else if (text.startsWith('<!DOCTYPE', position)) {
        if (root || stack.length > 0) fail('DOCTYPE after the root element started');
        let depth = 0;
        for (position += 9; position < text.length; position++) {
          const character = text[position];
          if (character === '[') depth++;
          else if (character === ']') depth--;
          else if (character === '>' && depth <= 0) break;
        }
        if (position >= text.length) fail('DOCTYPE is not closed', start);
        position++;
      } else if (text.startsWith('</', position)) {
        position += 2;
        const name = readName();
        skipSpace();
        if (text[position] !== '>') fail(`">" expected to end </${name}`);
        position++;
        const open = stack.pop();
        if (!open) fail(`end tag </${name}> without a start tag`, start);
        if (open!.name !== name) fail(`end tag </${name}> does not match <${open!.name}>`, start);
        const element: XmlElement = open!;
        const parent = stack.at(-1);
        if (parent) parent.children.push(element);
        else root = element;
      } else if (text[position] === '<') {
        if (root) fail('content after the root element');
        position++;
        const name = readName();
        const attributes = new Map<string, string>();
        for (;;) {
          const before = position;
          skipSpace();
          if (position >= text.length) fail(`start tag <${name}> is not closed`, start);
          if (text.startsWith('/>', position) || text[position] === '>') break;
          if (position === before) fail(`whitespace expected between attributes of <${name}>`);
          const attributeAt = position;
          const attribute = readName();
          skipSpace();
          if (text[position] !== '=') fail(`"=" expected after attribute ${attribute}`);
          position++;
          skipSpace();
          const quote = text[position];
          if (quote !== '"' && quote !== "'") fail(`the value of attribute ${attribute} must be quoted`);
          const end = text.indexOf(quote as string, position + 1);
          if (end < 0) fail(`the value of attribute ${attribute} is not closed`);
          const raw = text.slice(position + 1, end);
          const less = raw.indexOf('<');
          if (less >= 0) fail('"<" is not allowed in an attribute value', position + 1 + less);
          if (attributes.has(attribute)) fail(`attribute ${attribute} appears twice`, attributeAt);
          attributes.set(attribute, decode(raw, position + 1, true));
          position = end + 1;
        }
        const selfClosing = text[position] === '/';
        position += selfClosing ? 2 : 1;
        const open: Open = { name, attributes, children: [], offset: start };
        if (selfClosing) {
          const parent = stack.at(-1);
          if (parent) parent.children.push(open);
          else root = open;
        } else {
          stack.push(open);
        }
      } else {
        const end = text.indexOf('<', position);
        const raw = text.slice(position, end < 0 ? text.length : end);
        const open = stack.at(-1);
        if (open) open.children.push(decode(raw, position, false));
        else if (raw.trim() !== '')
          fail(root ? 'content after the root element' : 'text before the root element');
        position += raw.length;
      }
    }
    const unclosed = stack.at(-1);
    if (unclosed) fail(`<${unclosed.name}> is not closed`, unclosed.offset);
    if (!root) fail('no root element: this is not XML', 0);
    return { ok: true, root: root! };
  } catch (error) {
    if (error instanceof XmlError) return { ok: false, message: error.message, offset: error.offset };
    throw error;
  }
}

/** The local part of a qualified name (`archsim:document` → `document`). */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/**
 * The first element (depth first, document order) whose namespace is `namespace` and local
 * name is `local`, resolving `xmlns`/`xmlns:prefix` declarations in scope.
 */
export function findElement(root: XmlElement, namespace: string, local: string): XmlElement | null {
  const visit = (element: XmlElement, scope: ReadonlyMap<string, string>): XmlElement | null => {
    let inner = scope;
    for (const [attribute, value] of element.attributes) {
      if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) {
        if (inner === scope) inner = new Map(scope);
        (inner as Map<string, string>).set(attribute === 'xmlns' ? '' : attribute.slice(6), value);
      }
    }
    const colon = element.name.indexOf(':');
    const prefix = colon < 0 ? '' : element.name.slice(0, colon);
    if (localName(element.name) === local && inner.get(prefix) === namespace) return element;
    for (const child of element.children) {
      if (typeof child === 'string') continue;
      const found = visit(child, inner);
      if (found) return found;
    }
    return null;
  };
  return visit(root, new Map());
}

/** The text content of an element (its text and CDATA children, not its descendants'). */
export function ownText(element: XmlElement): string {
  return element.children.filter((child): child is string => typeof child === 'string').join('');
}
