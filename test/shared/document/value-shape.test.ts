import { describe, expect, it } from 'vitest';
import { checkValueShape } from '@shared/document/value-shape.ts';
import { validateDocument } from '@shared/document/validate.ts';

describe('checkValueShape', () => {
  it('passes a value within the limits, and anything that is not a container', () => {
    expect(checkValueShape({ services: [{ name: 'a', dependencies: ['b'] }] })).toBeNull();
    for (const value of [null, 3, 'text', true, undefined]) expect(checkValueShape(value)).toBeNull();
    let nested: unknown = [];
    for (let level = 1; level < 1000; level++) nested = [nested];
    expect(checkValueShape(nested)).toBeNull(); // exactly 1,000 levels
  });

  it('names the path of the first container nested too deep, without recursing', () => {
    let deep: unknown = {};
    for (let level = 0; level < 200_000; level++) deep = [deep];
    const problem = checkValueShape({ services: [], x: { y: deep } });
    expect(problem?.kind).toBe('too-deep');
    expect(problem?.kind === 'too-deep' && problem.path.slice(0, 4)).toEqual(['x', 'y', 0, 0]);
    expect(problem?.kind === 'too-deep' && problem.path.length).toBe(1000);
    expect(checkValueShape({ a: { b: { c: {} } } }, 3)).toEqual({ kind: 'too-deep', path: ['a', 'b', 'c'] });
  });

  it('finds a cycle as too deep, and a value of too many containers as too large', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(checkValueShape(cycle)?.kind).toBe('too-deep');
    // Shared references are walked once per path: a wide diamond counts every path.
    let diamond: unknown = {};
    for (let level = 0; level < 30; level++) diamond = [diamond, diamond];
    expect(checkValueShape(diamond)).toEqual({ kind: 'too-large' });
    expect(
      checkValueShape(
        Array.from({ length: 10 }, () => ({})),
        1000,
        5,
      ),
    ).toEqual({ kind: 'too-large' });
  });

  it('makes validateDocument refuse such a value with one problem, before the schema reads it', () => {
    let deep: unknown = 0;
    for (let level = 0; level < 50_000; level++) deep = { next: deep };
    const result = validateDocument({ services: [], extra: deep });
    expect(result.document).toBeNull();
    expect(result.problems).toEqual([
      {
        severity: 'error',
        code: 'invalid-value',
        path: ['extra', 'next', 'next', 'next', 'next', 'next', 'next', 'next'],
        message: 'nested more than 1000 levels deep below here',
      },
    ]);
  });
});
