/**
 * Edits to JSON text that look as if the user had typed them: the document's own indentation
 * and line ends, values inline where their container is written on one line (spigo's
 * one-service-per-line files), and every other byte of the file left alone — formatting, key
 * order, unknown fields. jsonc-parser finds the spot; the text is written here, because its
 * `modify` reformats whole lines around an insertion and leaves stray commas after removals.
 */
import { findNodeAtLocation, type JSONPath, type Node as JsonNode } from 'jsonc-parser';
import { readJsonTree } from '@shared/document/json-text.ts';

/** How a text is indented and ends its lines. */
export interface JsonFormatting {
  readonly insertSpaces: boolean;
  readonly tabSize: number;
  readonly eol: string;
}

export function detectFormatting(text: string): JsonFormatting {
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

/**
 * Sets the value at `path` (undefined removes it), inserting properties, array items and missing
 * containers as needed; returns the new text. For an array item `-1` appends. Only the changed
 * spot is written, in the style around it: inline in a one-line container or value, else on
 * lines of their own with the file's indentation.
 */
export function setJsonValue(text: string, path: JSONPath, value: unknown): string {
  const tree = readJsonTree(text);
  if (!tree) throw new Error('the JSON does not parse');
  return setInTree(text, tree, path, value);
}

/**
 * Several values set with one parse of the text (setting positions on 300 services parsed it 300
 * times). Each edit only writes inside the container that holds its path, so writing the
 * containers from the last one in the text to the first leaves the offsets of the ones still to
 * write as the parse found them. Paths whose containers are missing, nested in one another or
 * shared are set one at a time instead, the plain way.
 */
export function setJsonValues(
  text: string,
  entries: readonly { readonly path: JSONPath; readonly value: unknown }[],
): string {
  const tree = readJsonTree(text);
  if (!tree) throw new Error('the JSON does not parse');
  const located = entries.map((entry) => ({
    ...entry,
    container: entry.path.length === 0 ? undefined : findNodeAtLocation(tree, entry.path.slice(0, -1)),
  }));
  const disjoint =
    located.every((entry) => entry.container !== undefined && entry.value !== undefined) &&
    [...located]
      .sort((left, right) => (left.container?.offset ?? 0) - (right.container?.offset ?? 0))
      .every((entry, index, sorted) => {
        const previous = sorted[index - 1]?.container;
        const container = entry.container as JsonNode;
        return previous === undefined || previous.offset + previous.length <= container.offset;
      });
  if (!disjoint)
    return entries.reduce((current, entry) => setJsonValue(current, entry.path, entry.value), text);
  return [...located]
    .sort((left, right) => (right.container?.offset ?? 0) - (left.container?.offset ?? 0))
    .reduce((current, entry) => setInTree(current, tree, entry.path, entry.value), text);
}

/** `setJsonValue` with the parse of `text` (or of a text that differs from it only after the spot). */
function setInTree(text: string, tree: JsonNode, path: JSONPath, value: unknown): string {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = parentPath.length === 0 ? tree : findNodeAtLocation(tree, parentPath);
  if (value === undefined) return removeAt(text, parent, last);
  if (last === undefined) return replaceNode(text, tree, value);
  if (parent === undefined) {
    // A missing container: set the nearest existing one's member to a value that holds it.
    const key = parentPath[parentPath.length - 1] as string | number;
    const wrapped = typeof last === 'number' ? [value] : { [last]: value };
    return setJsonValue(text, [...parentPath.slice(0, -1), key], wrapped);
  }
  if (parent.type === 'array') {
    const item = typeof last === 'number' && last >= 0 ? parent.children?.[last] : undefined;
    return item ? replaceNode(text, item, value) : appendItem(text, parent, value);
  }
  if (parent.type !== 'object') throw new Error(`${pathLabel(parentPath)} is not an object`);
  const property = parent.children?.find((candidate) => candidate.children?.[0]?.value === last);
  const existing = property?.children?.[1];
  return existing ? replaceNode(text, existing, value) : insertProperty(text, parent, String(last), value);
}

function pathLabel(path: JSONPath): string {
  return path.length === 0 ? 'the document' : path.join('.');
}

/** One indentation step of the text ("  ", "    ", a tab). */
function indentUnit(text: string): string {
  const formatting = detectFormatting(text);
  return formatting.insertSpaces ? ' '.repeat(formatting.tabSize) : '\t';
}

/**
 * `value` written to start at a line indented by `indentation`: objects and arrays on lines of
 * their own (as JSON.stringify with the file's unit), empty ones and scalars as they are.
 */
function blockJson(value: unknown, indentation: string, unit: string, eol: string): string {
  const pretty = JSON.stringify(value, null, unit) ?? 'null';
  return pretty.split('\n').join(`${eol}${indentation}`);
}

/** Replaces a value where it is: inline if it was written on one line, else as a block. */
function replaceNode(text: string, node: JsonNode, value: unknown): string {
  const eol = detectFormatting(text).eol;
  const written = isSingleLine(text, node)
    ? inlineJson(value)
    : blockJson(value, indentationAt(text, node.offset), indentUnit(text), eol);
  return `${text.slice(0, node.offset)}${written}${text.slice(node.offset + node.length)}`;
}

/** Adds a property at the end of an object, written like the properties before it. */
function insertProperty(text: string, object: JsonNode, key: string, value: unknown): string {
  const eol = detectFormatting(text).eol;
  const unit = indentUnit(text);
  const lastProperty = object.children?.[object.children.length - 1];
  const name = JSON.stringify(key);
  if (isSingleLine(text, object)) {
    const member = `${name}: ${inlineJson(value)}`;
    if (!lastProperty) {
      return `${text.slice(0, object.offset)}{ ${member} }${text.slice(object.offset + object.length)}`;
    }
    const end = lastProperty.offset + lastProperty.length;
    return `${text.slice(0, end)}, ${member}${text.slice(end)}`;
  }
  if (!lastProperty) {
    const indentation = indentationAt(text, object.offset);
    const inner = `${indentation}${unit}`;
    const body = `{${eol}${inner}${name}: ${blockJson(value, inner, unit, eol)}${eol}${indentation}}`;
    return `${text.slice(0, object.offset)}${body}${text.slice(object.offset + object.length)}`;
  }
  const indentation = indentationAt(text, lastProperty.offset);
  const end = lastProperty.offset + lastProperty.length;
  return `${text.slice(0, end)},${eol}${indentation}${name}: ${blockJson(value, indentation, unit, eol)}${text.slice(end)}`;
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
  const eol = detectFormatting(text).eol;
  const unit = indentUnit(text);
  if (isSingleLine(text, array)) {
    if (lastItem === undefined) {
      return `${text.slice(0, array.offset)}[${inlineJson(value)}]${text.slice(array.offset + array.length)}`;
    }
    const end = lastItem.offset + lastItem.length;
    return `${text.slice(0, end)}, ${inlineJson(value)}${text.slice(end)}`;
  }
  if (lastItem === undefined) {
    const indentation = indentationAt(text, array.offset);
    const inner = `${indentation}${unit}`;
    const body = `[${eol}${inner}${blockJson(value, inner, unit, eol)}${eol}${indentation}]`;
    return `${text.slice(0, array.offset)}${body}${text.slice(array.offset + array.length)}`;
  }
  const indentation = indentationAt(text, lastItem.offset);
  const end = lastItem.offset + lastItem.length;
  const written = isSingleLine(text, lastItem) ? inlineJson(value) : blockJson(value, indentation, unit, eol);
  return `${text.slice(0, end)},${eol}${indentation}${written}${text.slice(end)}`;
}

/**
 * Renames a key of the object at `objectPath` in place (its position among the keys and its
 * value's text stay as they are). No-op when the key is absent.
 */
export function renameJsonKey(text: string, objectPath: JSONPath, from: string, to: string): string {
  const tree = readJsonTree(text);
  const object = tree && (objectPath.length === 0 ? tree : findNodeAtLocation(tree, objectPath));
  const key = object?.children?.find((property) => property.children?.[0]?.value === from)?.children?.[0];
  if (!key) return text;
  return `${text.slice(0, key.offset)}${JSON.stringify(to)}${text.slice(key.offset + key.length)}`;
}
