/** Document text: a byte order mark is read, deep nesting is a located error, lines are found fast. */
import { describe, expect, it } from 'vitest';
import { LineIndex, depthExceeded, parseJsonText, readJsonTree } from '@shared/document/json-text.ts';
import { validateDocumentText } from '@shared/document/validate.ts';

describe('document text', () => {
  it('reads past a UTF-8 byte order mark, with lines and columns of the text after it', () => {
    const result = validateDocumentText('\uFEFF{"services": [{"name": "a", "package": "nope"}]}');
    expect(result.value).toBeDefined();
    expect(result.problems[0]).toMatchObject({ code: 'unknown-package', line: 1, column: 29 });
  });

  it('refuses nesting deeper than 1,000 levels at the bracket that goes too deep, without recursing', () => {
    const text = `{"a":\n${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(parseJsonText(text)).toEqual({
      ok: false,
      problem: {
        severity: 'error',
        code: 'json-syntax',
        path: [],
        message: 'JSON nested more than 1000 levels deep at line 2, column 1000',
        line: 2,
        column: 1000,
      },
    });
    expect(validateDocumentText(text).problems).toHaveLength(1);
  });

  it('reads brackets as jsonc-parser does, so no malformed text nests deeper in it than the check saw', () => {
    // Each of these passed an earlier check and overflowed the stack of jsonc-parser's parseTree.
    for (const text of [
      `{"services":[],"x":${'[},'.repeat(20_000)}]}`, // a closer that does not match closes nothing
      `/* " */ ${'['.repeat(100_000)}`, // a quote in a comment opens no string
      `// "\n${'['.repeat(100_000)}`,
      `{"a": "\n${'['.repeat(100_000)}`, // an unterminated string ends at the line break
    ]) {
      expect(depthExceeded(text, 1000), text.slice(0, 24)).not.toBeNull();
      expect(readJsonTree(text)).toBeUndefined();
      expect(parseJsonText(text)).toMatchObject({
        ok: false,
        problem: { message: /nested more than 1000 levels/ },
      });
    }
    // Well-formed text, brackets in strings and comments, and a closer that matches: as before.
    expect(depthExceeded('{"a":[[1,2],{"b":"[[[["}]} // [[[', 3)).toBeNull();
    expect(depthExceeded('[[[]]]', 2)).toBe(2);
  });

  it('counts only brackets outside strings', () => {
    expect(depthExceeded(`{"a": "${'['.repeat(5000)}"}`, 10)).toBeNull();
    expect(depthExceeded(`{"a": "\\"${'['.repeat(20)}"}`, 10)).toBeNull();
    expect(depthExceeded('[[[[', 3)).toBe(3);
  });

  it('finds lines and columns by offset', () => {
    const lines = new LineIndex('ab\ncd\n\nefg');
    expect([0, 1, 2, 3, 5, 6, 7, 9, 99].map((offset) => lines.at(offset))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 1, column: 3 },
      { line: 2, column: 1 },
      { line: 2, column: 3 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 3 },
      { line: 4, column: 4 },
    ]);
  });

  it('locates thousands of problems in a large document quickly', () => {
    const services = Array.from({ length: 5000 }, (_, index) => ({
      name: `s${index}`,
      package: 'store',
      count: 1,
      regions: 1,
      dependencies: [],
    }));
    const text = JSON.stringify({ services }, null, 2);
    const started = performance.now();
    const result = validateDocumentText(text);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.problems.length).toBeGreaterThan(5000);
    expect(result.problems.every((problem) => problem.line !== undefined)).toBe(true);
  });
});
