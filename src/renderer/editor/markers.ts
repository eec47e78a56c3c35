/**
 * Where problems and completions sit in the document's text: the span of the JSON node a
 * problem's path names (or of its nearest existing parent), and the names that complete at a
 * cursor (package names, service names in dependency lists and other references).
 */
import { findNodeAtLocation, getLocation, type Node as JsonNode } from 'jsonc-parser';
import { readJsonTree } from '@shared/document/json-text.ts';
import { PACKAGE_NAMES } from '@shared/document/packages.ts';
import { PROBLEM_CODES, type JsonPath, type Problem } from '@shared/document/problems.ts';

/** Codes the JSON Schema already reports in the editor (Monaco's JSON worker marks them). */
const SCHEMA_CODES: ReadonlySet<string> = new Set([
  PROBLEM_CODES.invalidValue,
  PROBLEM_CODES.missingField,
  PROBLEM_CODES.unknownField,
  PROBLEM_CODES.jsonSyntax,
]);

/** Whether the editor shows this problem as an archsim marker (the schema's own are Monaco's). */
export function isSemanticProblem(problem: Problem): boolean {
  return !SCHEMA_CODES.has(problem.code);
}

export interface TextSpan {
  readonly offset: number;
  readonly length: number;
}

/**
 * The span of the value at `path` — a property's key and value, an item — or of its nearest
 * existing parent; objects and arrays are cut to their first line, so a marker does not paint a
 * whole service.
 */
export function spanOfPath(
  text: string,
  path: JsonPath,
  tree: JsonNode | undefined = readJsonTree(text),
): TextSpan | null {
  if (!tree) return null;
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, path.slice(0, length) as (string | number)[]);
    if (!node) continue;
    const anchor =
      node.parent?.type === 'property' && node.parent.children?.[1] === node ? node.parent : node;
    const end = anchor.offset + anchor.length;
    const lineEnd = text.indexOf('\n', anchor.offset);
    const cut =
      node.type === 'object' || node.type === 'array' ? Math.min(end, lineEnd === -1 ? end : lineEnd) : end;
    return { offset: anchor.offset, length: Math.max(1, cut - anchor.offset) };
  }
  return null;
}

/** What completes at `offset`: package names, or names of services (plus eureka in dependency lists). */
export type CompletionKind = 'package' | 'dependency' | 'service' | null;

export function completionKindAt(text: string, offset: number): CompletionKind {
  const location = getLocation(text, offset);
  if (location.isAtPropertyKey) return null;
  const path = location.path;
  const [first, second, third] = path;
  if (first === 'services' && typeof second === 'number') {
    if (third === 'package' && path.length === 3) return 'package';
    if (third === 'dependencies' && path.length === 4) return 'dependency';
    return null;
  }
  if (first === 'victim' && path.length === 1) return 'service';
  if (first === 'load' && second === 'entry' && path.length === 3) return 'service';
  if (first === 'slos' && third === 'service' && path.length === 3) return 'service';
  if (first === 'scenarios' && second !== undefined && third === 'failures' && path.length === 5) {
    const field = path[4];
    if (field === 'service' || field === 'caller') return 'service';
  }
  return null;
}

/** The names offered for a completion kind. */
export function completionNames(kind: CompletionKind, serviceNames: readonly string[]): readonly string[] {
  switch (kind) {
    case 'package':
      return PACKAGE_NAMES;
    case 'dependency':
      return [...serviceNames, 'eureka'];
    case 'service':
      return serviceNames;
    case null:
      return [];
  }
}

/** The string literal around `offset` (quotes included), which a completion replaces. */
export function stringLiteralAt(text: string, offset: number): TextSpan | null {
  const location = getLocation(text, offset);
  const node = location.previousNode;
  if (node?.type === 'string' && offset > node.offset && offset <= node.offset + node.length) {
    return { offset: node.offset, length: node.length };
  }
  return null;
}
