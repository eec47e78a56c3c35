/**
 * Document text as JSON: a strict parse whose failures name their line and column, and the line
 * and column of any JSON path, for problems found later. Hostile text is answered with a problem,
 * never an exception: a UTF-8 byte order mark is read past, and nesting deeper than
 * MAX_JSON_DEPTH is refused before any recursive parser sees it.
 */
import { findNodeAtLocation, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { MAX_JSON_DEPTH } from '../limits.ts';
import { PROBLEM_CODES, type Problem } from './problems.ts';

/** U+FEFF, which editors on some systems put at the start of UTF-8 files. */
const BYTE_ORDER_MARK = '\uFEFF';

/** The text without a leading byte order mark (JSON forbids one; archsim reads past it). */
export function withoutByteOrderMark(text: string): string {
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

/** The last text `isTooDeep` looked at, and its answer (views ask about the same text in turn). */
let lastDepthText: string | null = null;
let lastDepthAnswer = false;

/** Whether the text nests brackets deeper than MAX_JSON_DEPTH (no recursive reader may see it). */
export function isTooDeep(text: string): boolean {
  if (text !== lastDepthText) {
    lastDepthAnswer = depthExceeded(text, MAX_JSON_DEPTH) !== null;
    lastDepthText = text;
  }
  return lastDepthAnswer;
}

/**
 * The text's value, or undefined when it is not JSON or nests deeper than MAX_JSON_DEPTH — for
 * views that read the text as it is being typed and only need to know whether it is usable
 * (`parseJsonText` says why not).
 */
export function parseJsonValue(text: string): unknown {
  if (isTooDeep(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** jsonc-parser's tree of the text, undefined for text nested deeper than MAX_JSON_DEPTH (it recurses). */
export function readJsonTree(text: string): JsonNode | undefined {
  return isTooDeep(text) ? undefined : parseTree(text);
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; problem: Problem };

/** Strict JSON parse; on failure, a problem naming the line and column of the first error. */
export function parseJsonText(text: string): JsonTextResult {
  const source = withoutByteOrderMark(text);
  const lines = new LineIndex(source);
  const tooDeep = depthExceeded(source, MAX_JSON_DEPTH);
  if (tooDeep !== null) {
    const { line, column } = lines.at(tooDeep);
    return {
      ok: false,
      problem: syntaxProblem(
        line,
        column,
        `JSON nested more than ${MAX_JSON_DEPTH} levels deep at line ${line}, column ${column}`,
      ),
    };
  }
  try {
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (cause) {
    const errors: ParseError[] = [];
    parseTree(source, errors, { allowTrailingComma: false, disallowComments: true });
    const first = errors[0];
    const { line, column } = lines.at(first ? first.offset : source.length);
    const reason = first ? describeParseError(first.error) : (cause as Error).message;
    return {
      ok: false,
      problem: syntaxProblem(line, column, `malformed JSON at line ${line}, column ${column}: ${reason}`),
    };
  }
}

function syntaxProblem(line: number, column: number, message: string): Problem {
  return { severity: 'error', code: PROBLEM_CODES.jsonSyntax, path: [], message, line, column };
}

/**
 * The offset of the first bracket that opens level `limit + 1`, or null when the text never
 * nests that deep. One pass, no recursion. It reads the text as jsonc-parser does, which the
 * editor's views use on text that is not JSON: brackets in strings and comments do not count, a
 * string ends at a line break as an unterminated one does there, and only a closer that matches
 * closes a level (the parser's recovery goes on nesting past one that does not) — so that no text
 * passes this check and then nests deeper in the parser.
 */
export function depthExceeded(text: string, limit: number): number | null {
  const open: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 34 /* " */) {
      for (index++; index < text.length; index++) {
        const inside = text.charCodeAt(index);
        if (inside === 92 /* \ */) index++;
        else if (inside === 34 || isLineBreak(inside)) break;
      }
    } else if (code === 47 /* / */ && text.charCodeAt(index + 1) === 47) {
      while (index + 1 < text.length && !isLineBreak(text.charCodeAt(index + 1))) index++;
    } else if (code === 47 && text.charCodeAt(index + 1) === 42 /* * */) {
      const end = text.indexOf('*/', index + 2);
      index = end < 0 ? text.length : end + 1;
    } else if (code === 91 /* [ */ || code === 123 /* { */) {
      open.push(code);
      if (open.length > limit) return index;
    } else if (code === 93 /* ] */ || code === 125 /* } */) {
      if (open[open.length - 1] === (code === 93 ? 91 : 123)) open.pop();
    }
  }
  return null;
}

const isLineBreak = (code: number): boolean => code === 10 || code === 13;

const parseErrorNames: Record<number, string> = {
  1: 'invalid symbol',
  2: 'invalid number format',
  3: 'property name expected',
  4: 'value expected',
  5: 'colon expected',
  6: 'comma expected',
  7: 'closing brace expected',
  8: 'closing bracket expected',
  9: 'end of file expected',
  10: 'comments are not allowed in JSON',
  11: 'unexpected end of comment',
  12: 'unexpected end of string',
  13: 'unexpected end of number',
  14: 'invalid unicode escape',
  15: 'invalid escape character',
  16: 'invalid character',
};

function describeParseError(code: number): string {
  return parseErrorNames[code] ?? `syntax error ${code}`;
}

/**
 * Line and column of offsets in one text. NOTE: built once per text, so that locating thousands
 * of problems (a warning per service of a 5,000-service document) does not rescan the text for
 * each.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let index = 0; index < text.length; index++) {
      if (text.charCodeAt(index) === 10) this.starts.push(index + 1);
    }
  }

  /** 1-based line and column of `offset` (clamped to the text). */
  at(offset: number): { line: number; column: number } {
    const end = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= end) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: end - (this.starts[low] as number) + 1 };
  }
}

/**
 * Adds line and column to problems: the node at each one's path, or its nearest existing parent.
 * `text` must be the text the problems were found in (byte order mark already removed).
 */
export function locateProblems(problems: readonly Problem[], text: string): Problem[] {
  const tree = parseTree(text);
  if (!tree) return [...problems];
  const lines = new LineIndex(text);
  return problems.map((problem) => locate(problem, tree, lines));
}

function locate(problem: Problem, tree: JsonNode, lines: LineIndex): Problem {
  if (problem.line !== undefined) return problem;
  for (let length = problem.path.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, problem.path.slice(0, length) as (string | number)[]);
    if (node) {
      // Point at the property name when the node is an object member's value.
      const anchor =
        node.parent?.type === 'property' && node.parent.children?.[1] === node ? node.parent : node;
      return { ...problem, ...lines.at(anchor.offset) };
    }
  }
  return problem;
}
