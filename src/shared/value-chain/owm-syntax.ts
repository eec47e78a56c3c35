/**
 * The pieces of OnlineWardleyMaps' text syntax (https://docs.onlinewardleymaps.com, the parser of
 * github.com/damonsk/onlinewardleymaps) that archsim writes and reads: names (plain, or quoted
 * with backslash escapes when they hold characters that would break a line), coordinates
 * `[visibility, maturity]`, decorators such as `(build)`, and comments (`//` to the end of the
 * line, `/* … *\/` across lines), which OWM drops before parsing — so archsim keeps what OWM cannot
 * hold in `// archsim …` comments.
 */

/**
 * Words that OWM reads as the start of a statement: a link line starting with one of them is
 * not a link to OWM, so such a name is written quoted at the start of a link.
 */
export const OWM_KEYWORDS = [
  'evolution',
  'anchor',
  'evolve',
  'component',
  'style',
  'build',
  'buy',
  'outsource',
  'title',
  'annotation',
  'annotations',
  'pipeline',
  'note',
  'pioneers',
  'settlers',
  'townplanners',
  'submap',
  'url',
  'accelerator',
  'deaccelerator',
  'size',
  'market',
  'ecosystem',
] as const;

/** A number as OWM coordinates write it: two decimals (OWM's evolve parser needs the point). */
export function owmNumber(value: number): string {
  return (Math.round(Math.min(1, Math.max(0, value)) * 100) / 100).toFixed(2);
}

/** Whether a name must be quoted to survive on an OWM line (OWM's own rule, and comment marks). */
function needsQuotes(name: string): boolean {
  return (
    /[\n\r"\\[\]]/.test(name) ||
    name.includes('->') ||
    name.includes('//') ||
    name.includes('/*') ||
    name.trim() !== name
  );
}

function quote(name: string): string {
  const escaped = name
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\[/g, '\\[')
    .replace(/\]/g, '\\]');
  return `"${escaped}"`;
}

/**
 * A name as an OWM line writes it. `at` says where: the start of a link line must not look like
 * a keyword; an evolve line must not hold a number OWM would take for the maturity; a link must
 * not hold a flow mark or OWM's context separator.
 */
export function owmName(name: string, at: 'element' | 'link' | 'evolve' = 'element'): string {
  const first = name.split(/\s/)[0]?.toLowerCase() ?? '';
  const keyword = (OWM_KEYWORDS as readonly string[]).some((word) => first.startsWith(word));
  if (
    needsQuotes(name) ||
    (at === 'link' && (keyword || /\+[<>']|;/.test(name))) ||
    (at === 'evolve' && /(^|\s)\d*\.\d/.test(name))
  ) {
    return quote(name);
  }
  return name;
}

/** Reads a quoted name at the start of `text`: the name and what follows, or null if unclosed. */
export function readQuoted(text: string): { name: string; rest: string } | null {
  let name = '';
  for (let index = 1; index < text.length; index++) {
    const character = text[index] as string;
    if (character === '"') return { name, rest: text.slice(index + 1) };
    if (character === '\\' && index + 1 < text.length) {
      const next = text[++index] as string;
      name += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next;
    } else {
      name += character;
    }
  }
  return null;
}

/** Where `token` first occurs in `line` outside a quoted name, or -1. */
function indexOutsideQuotes(line: string, token: string): number {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (character === '\\' && quoted) index++;
    else if (character === '"') quoted = !quoted;
    else if (!quoted && line.startsWith(token, index)) return index;
  }
  return -1;
}

/** A line split into its code and its `//` comment (outside quotes). */
export function splitComment(line: string): { code: string; comment: string | null } {
  const at = indexOutsideQuotes(line, '//');
  return at < 0
    ? { code: line, comment: null }
    : { code: line.slice(0, at), comment: line.slice(at + 2).trim() };
}

/** Removes `/* … *\/` comments across lines, keeping the line count (so problems keep their lines). */
export function stripBlockComments(lines: readonly string[]): string[] {
  let open = false;
  return lines.map((line) => {
    let result = '';
    let rest = line;
    for (;;) {
      if (open) {
        const end = rest.indexOf('*/');
        if (end < 0) return result;
        rest = rest.slice(end + 2);
        open = false;
      }
      const comment = indexOutsideQuotes(rest, '//');
      const start = indexOutsideQuotes(rest, '/*');
      if (start < 0 || (comment >= 0 && comment < start)) return result + rest;
      result += rest.slice(0, start);
      rest = rest.slice(start + 2);
      open = true;
    }
  });
}

export interface OwmElement {
  readonly name: string;
  /** `[visibility, maturity]` when the line has valid coordinates. */
  readonly visibility?: number;
  readonly maturity?: number;
  /** `(build)`, `(buy)`, `(outsource)`, `(market)`, `inertia`… as words. */
  readonly decorators: readonly string[];
  /** An inline `evolve 0.8` after the coordinates (OWM's older component syntax). */
  readonly evolve?: number;
  /** What the line says that could not be read (a phrase), or null. */
  readonly problem: string | null;
}

const DECORATOR = /^\(\s*(build|buy|outsource|market|ecosystem|inertia)\s*\)/;
const LABEL = /^label\s*\[[^\]]*\]/;

/** Reads `NAME [v, m] label [x, y] (build) inertia` (everything after the keyword). */
export function readElement(text: string): OwmElement {
  let rest = text.trim();
  let name: string;
  if (rest.startsWith('"')) {
    const quoted = readQuoted(rest);
    if (quoted === null)
      return { name: rest.slice(1), decorators: [], problem: 'a quoted name is not closed' };
    name = quoted.name;
    rest = quoted.rest.trim();
  } else {
    const bracket = rest.indexOf('[');
    const decorator = rest.search(
      /\s(\(\s*(build|buy|outsource|market|ecosystem|inertia)\s*\)|inertia\b|label\s*\[)/,
    );
    const end = bracket >= 0 ? bracket : decorator >= 0 ? decorator : rest.length;
    name = rest.slice(0, end).trim();
    rest = rest.slice(end).trim();
  }
  let visibility: number | undefined;
  let maturity: number | undefined;
  let problem: string | null = null;
  const coordinates = /^\[([^\]]*)\]/.exec(rest);
  if (coordinates) {
    const parts = (coordinates[1] as string).split(',').map((part) => part.trim());
    const numbers = parts.map(Number);
    if (parts.length === 2 && parts.every((part) => part !== '') && numbers.every(Number.isFinite)) {
      [visibility, maturity] = numbers as [number, number];
    } else {
      problem = `coordinates must be [visibility, maturity], two numbers (got [${coordinates[1]}])`;
    }
    rest = rest.slice(coordinates[0].length).trim();
  }
  const decorators: string[] = [];
  let evolve: number | undefined;
  while (rest !== '') {
    const decorated = DECORATOR.exec(rest);
    const label = LABEL.exec(rest);
    const inlineEvolve = /^evolve\s+(\d*\.?\d+)/.exec(rest);
    const inertia = /^inertia\b/.exec(rest);
    const match = decorated ?? label ?? inlineEvolve ?? inertia;
    if (!match) {
      problem ??= `"${rest}" is not understood after the coordinates`;
      break;
    }
    if (decorated) decorators.push(decorated[1] as string);
    if (inertia) decorators.push('inertia');
    if (inlineEvolve) evolve = Number(inlineEvolve[1]);
    rest = rest.slice(match[0].length).trim();
  }
  return {
    name,
    ...(visibility === undefined ? {} : { visibility, maturity }),
    decorators,
    ...(evolve === undefined ? {} : { evolve }),
    problem,
  };
}

/** A name at the start of `text` (quoted or up to `end`), and what follows it. */
export function readName(text: string, end: RegExp): { name: string; rest: string } | null {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('"')) return readQuoted(trimmed);
  const match = end.exec(trimmed);
  const at = match ? match.index : trimmed.length;
  return { name: trimmed.slice(0, at).trim(), rest: trimmed.slice(at) };
}

/** The link operators OWM knows: `->`, and the flows `+>`, `+<`, `+<>`, `+'value'>`. */
const LINK_OPERATOR = /^(->|\+<>|\+<|\+>|\+'[^']*'(?:<>|<|>))/;

/** Reads `START->END; context` (any of OWM's link operators); null when it is not a link. */
export function readLink(text: string): { from: string; to: string; context: string | null } | null {
  const start = readName(text, /->|\+[<>']/);
  if (start === null || start.name === '') return null;
  const operator = LINK_OPERATOR.exec(start.rest.trimStart());
  if (!operator) return null;
  const afterOperator = start.rest.trimStart().slice(operator[0].length);
  const end = readName(afterOperator, /;/);
  if (end === null || end.name === '') return null;
  const rest = end.rest.trim();
  if (rest !== '' && !rest.startsWith(';')) return null;
  return { from: start.name, to: end.name, context: rest === '' ? null : rest.slice(1).trim() };
}
