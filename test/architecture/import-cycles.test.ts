/**
 * Imports in src/ run one way: no module reaches itself again through its imports (type-only
 * imports included, since they tie the same modules together for a reader). A circle means a
 * piece both sides need lives in the wrong place: move it to where it belongs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/spigo.ts';

const source = path.join(repositoryRoot, 'src');
const ALIASES: Record<string, string> = {
  '@shared/': 'shared/',
  '@engine/': 'engine/',
  '@main/': 'main/',
  '@store/': 'store/',
  '@renderer/': 'renderer/',
  '@cli/': 'cli/',
};

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [file] : [];
  });
}

/** The src/ modules a file imports (relative or through an alias), as paths relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map(
    (match) => match[1] as string,
  );
  const targets: string[] = [];
  for (const specifier of specifiers) {
    const alias = Object.keys(ALIASES).find((prefix) => specifier.startsWith(prefix));
    if (alias) targets.push(ALIASES[alias] + specifier.slice(alias.length));
    else if (specifier.startsWith('.'))
      targets.push(path.relative(source, path.resolve(path.dirname(file), specifier)));
  }
  return targets.map((target) => target.split(path.sep).join('/'));
}

/** Every circle, each once, as a list of modules that ends where it starts. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (module: string) => {
    state.set(module, 'open');
    stack.push(module);
    for (const next of graph.get(module) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(module, 'done');
  };
  for (const module of [...graph.keys()].sort()) if (state.get(module) === undefined) visit(module);
  return cycles;
}

describe('imports in src/', () => {
  it('form no circles', () => {
    const graph = new Map(
      sourceFiles(source).map((file) => [
        path.relative(source, file).split(path.sep).join('/'),
        importsOf(file),
      ]),
    );
    expect(graph.size).toBeGreaterThan(50);
    expect(importCycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('are found when there is one (the check itself works)', () => {
    const graph = new Map([
      ['cli/commands/run.ts', ['cli/commands/runs.ts']],
      ['cli/commands/runs.ts', ['cli/commands/run.ts']],
      ['shared/a.ts', ['shared/b.ts']],
      ['shared/b.ts', []],
    ]);
    expect(importCycles(graph)).toEqual([
      ['cli/commands/run.ts', 'cli/commands/runs.ts', 'cli/commands/run.ts'],
    ]);
  });
});
