/**
 * Edits to JSON text that look as if the user had typed them: the document's own indentation
 * and line ends, values inline where their container is written on one line (spigo's
 * one-service-per-line files), and every other byte of the file left alone — formatting, key
 * order, unknown fields. Built on jsonc-parser's `modify`, which edits only the changed spot.
 */
import {
  findNodeAtLocation,
  modify,
  parseTree,
  type Edit,
  type FormattingOptions,
  type JSONPath,
  type Node as JsonNode,
} from 'jsonc-parser';

/** How a text is indented and ends its lines. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let tabSize = 0;
  let tabs = false;
  for (const match of text.matchAll(/\n([ \t]+)["{[\]}]/g)) {
    const indentation = match[1] as string;
    if (indentation.startsWith('\t')) {
      tabs = true;
      break;
    }
    if (tabSize === 0 || indentation.length < tabSize) tabSize = indentation.length;
    if (tabSize <= 2) break;
  }
  return { insertSpaces: !tabs, tabSize: tabs ? 1 : tabSize || 2, eol };
}

/** JSON on one line with a space after colons and commas: `{ "x": 1, "y": 2 }`, `["a", "b"]`. */
export function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${inlineJson(item)}`).join(', ')} }`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isSingleLine(text: string, node: JsonNode): boolean {
  return !text.slice(node.offset, node.offset + node.length).includes('\n');
}

/** The whitespace a line starts with, for the line holding `offset`. */
function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, edit.offset) + edit.content + result.slice(edit.offset + edit.length);
  }
  return result;
}

/**
 * Sets the value at `path` (undefined removes it), inserting properties and array items as
 * needed; returns the new text. `path` must lead to an existing container except for its last
 * segment. For an array item `-1` appends.
 */
export function setJsonValue(text: string, path: JSONPath, value: unknown): string {
  const tree = parseTree(text);
  if (!tree) throw new Error('the JSON does not parse');
  const formattingOptions = detectFormatting(text);
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = parentPath.length === 0 ? tree : findNodeAtLocation(tree, parentPath);
  if (value === undefined) return removeAt(text, parent, last);
  const appending = typeof last === 'number' && (last < 0 || (parent?.children?.length ?? 0) <= last);
  if (parent?.type === 'array' && appending) return appendItem(text, parent, value);
  // Missing containers are created by the edit: what matters is the one that exists.
  let container = parent;
  for (let depth = parentPath.length - 1; container === undefined && depth >= 0; depth--) {
    container = depth === 0 ? tree : findNodeAtLocation(tree, parentPath.slice(0, depth));
  }
  const inline = container !== undefined && isSingleLine(text, container);
  if (!inline) {
    return applyEdits(text, modify(text, path, value, { formattingOptions }));
  }
  // An inline container: jsonc-parser's unformatted edit, with our one-line spacing.
  const compact = JSON.stringify(value);
  const edits = modify(text, path, value, {}).map((edit) => {
    let content = edit.content;
    const at = content.lastIndexOf(compact);
    if (at !== -1) content = content.slice(0, at) + inlineJson(value) + content.slice(at + compact.length);
    if (content.startsWith(',') && !/^,\s/.test(content)) content = `, ${content.slice(1)}`;
    return { ...edit, content };
  });
  return applyEdits(text, edits);
}

/**
 * Removes a property or an array item with the separator and space that go with it, so what
 * remains reads as if it had never been there (jsonc-parser leaves stray commas and quotes).
 */
function removeAt(text: string, container: JsonNode | undefined, key: string | number | undefined): string {
  const children = container?.children ?? [];
  const index =
    container?.type === 'array'
      ? typeof key === 'number'
        ? key
        : -1
      : children.findIndex((property) => property.children?.[0]?.value === key);
  const node = children[index];
  if (container === undefined || node === undefined) return text;
  const next = children[index + 1];
  const previous = children[index - 1];
  if (next) return text.slice(0, node.offset) + text.slice(next.offset);
  if (previous)
    return text.slice(0, previous.offset + previous.length) + text.slice(node.offset + node.length);
  // The only member: the container becomes empty.
  return `${text.slice(0, container.offset + 1)}${text.slice(container.offset + container.length - 1)}`;
}

/** Appends to an array the way its items are written: one per line, or all on one line. */
function appendItem(text: string, array: JsonNode, value: unknown): string {
  const items = array.children ?? [];
  const lastItem = items[items.length - 1];
  const formattingOptions = detectFormatting(text);
  if (lastItem === undefined) {
    if (isSingleLine(text, array)) {
      return `${text.slice(0, array.offset)}[${inlineJson(value)}]${text.slice(array.offset + array.length)}`;
    }
    return applyEdits(text, modify(text, pathOf(array), [value], { formattingOptions }));
  }
  const end = lastItem.offset + lastItem.length;
  if (isSingleLine(text, array)) {
    return `${text.slice(0, end)}, ${inlineJson(value)}${text.slice(end)}`;
  }
  if (isSingleLine(text, lastItem)) {
    const eol = formattingOptions.eol ?? '\n';
    return `${text.slice(0, end)},${eol}${indentationAt(text, lastItem.offset)}${inlineJson(value)}${text.slice(end)}`;
  }
  return applyEdits(
    text,
    modify(text, [...pathOf(array), -1], value, { formattingOptions, isArrayInsertion: true }),
  );
}

function pathOf(node: JsonNode): JSONPath {
  const path: (string | number)[] = [];
  let current: JsonNode | undefined = node;
  while (current?.parent) {
    const parent: JsonNode = current.parent;
    if (parent.type === 'property') {
      path.unshift(parent.children?.[0]?.value as string);
      current = parent.parent;
    } else {
      path.unshift(parent.children?.indexOf(current) ?? 0);
      current = parent;
    }
  }
  return path;
}

/**
 * Renames a key of the object at `objectPath` in place (its position among the keys and its
 * value's text stay as they are). No-op when the key is absent.
 */
export function renameJsonKey(text: string, objectPath: JSONPath, from: string, to: string): string {
  const tree = parseTree(text);
  const object = tree && (objectPath.length === 0 ? tree : findNodeAtLocation(tree, objectPath));
  const key = object?.children?.find((property) => property.children?.[0]?.value === from)?.children?.[0];
  if (!key) return text;
  return `${text.slice(0, key.offset)}${JSON.stringify(to)}${text.slice(key.offset + key.length)}`;
}
